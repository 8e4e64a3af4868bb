package dev.mainline.catalog;

import dev.mainline.common.AppKey;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Registered apps; keys are unique. */
public interface AppStore {
    App insert(NewApp app, Instant now);

    App update(long id, String displayName, Set<Platform> platforms, Instant now);

    Optional<App> findByKey(AppKey key);

    /** Apps in id order. */
    Page<App> list(PageRequest page);
}
