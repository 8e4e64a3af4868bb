package dev.mainline.catalog;

import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.Optional;

/** Registered repositories; names are unique. */
public interface SourceRepositoryStore {
    SourceRepository insert(NewSourceRepository repository, Instant now);

    Optional<SourceRepository> findByName(RepositoryName name);

    /** Repositories in id order. */
    Page<SourceRepository> list(PageRequest page);
}
