package dev.mainline.catalog;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.AppKey;
import java.time.Instant;
import java.util.Set;

/** A mobile app that Mainline releases, on one or more platforms. */
public record App(long id, AppKey key, String displayName, Set<Platform> platforms, Instant createdAt,
        Instant updatedAt) {
    public App {
        requireNonNull(key, "key is null");
        requireNonNull(displayName, "displayName is null");
        platforms = Set.copyOf(requireNonNull(platforms, "platforms is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
