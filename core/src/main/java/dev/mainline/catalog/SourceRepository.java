package dev.mainline.catalog;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.time.Instant;

/** A git repository whose main branch Mainline keeps green. */
public record SourceRepository(long id, RepositoryName name, String defaultBranch, Forge forge, Instant createdAt) {
    public SourceRepository {
        requireNonNull(name, "name is null");
        requireNonNull(defaultBranch, "defaultBranch is null");
        requireNonNull(forge, "forge is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
