package dev.mainline.releases;

import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Releases, their history, and each app's runbook. */
public interface ReleaseStore {
    /** Stores a release just cut, at revision 1; refused as already existing for the same app, platform and version. */
    Release insert(Release release);

    Optional<Release> find(long id);

    Optional<Release> find(AppKey app, Platform platform, String version);

    /** An app's releases, newest first, on one platform or all. */
    List<Release> list(AppKey app, Optional<Platform> platform, int limit);

    /**
     * Releases of every app in any of {@code states}, by id, those with an id above {@code afterId}, at most
     * {@code limit} (1 to 1000): read page after page to go through them all.
     */
    List<Release> inStates(Set<ReleaseState> states, long afterId, int limit);

    /**
     * Stores {@code next} in place of the release at {@code expectedRevision}, as the next revision; false, with
     * nothing changed, when the release has moved on since (someone else changed it).
     */
    boolean update(Release next, long expectedRevision);

    void addEvent(ReleaseEvent event);

    /** A release's newest {@code limit} events, oldest first. */
    List<ReleaseEvent> events(long releaseId, int limit);

    /** The app's runbook, when one was set; otherwise {@link Runbook#DEFAULT} applies. */
    Optional<Runbook> runbook(AppKey app);

    void saveRunbook(AppKey app, Runbook runbook, Instant at);

    /** {@code userId} follows {@code app}'s releases; false when they did already. */
    boolean follow(long userId, AppKey app, Instant at);

    /** {@code userId} no longer follows {@code app}; false when they did not. */
    boolean unfollow(long userId, AppKey app);

    /** The apps {@code userId} follows, by key. */
    List<AppKey> followed(long userId);
}
