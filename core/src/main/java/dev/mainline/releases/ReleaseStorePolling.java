package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows what the app stores say about the releases waiting on them: a release in review takes the store's verdict
 * ({@code review-result}), and a rollout that is rolling out, paused or halted takes the store's percentage and phase
 * ({@code store-status}, see {@link ReleaseMachine}). Both name the revision the release was at when its store was
 * read, so what was read before the release changed meanwhile (a resubmission, a release manager's own pause) is
 * refused rather than applied to the release as it is now. Each goes through {@link ReleaseService#act} as Mainline itself
 * (a system actor named after the store, an engineer of the release's app), so it is checked, kept in the release's
 * history and audited like a person's report; and only when the store says something Mainline does not have yet, so
 * the history holds changes and not reads. Releases of the manual store are not read. One release whose store cannot
 * be read, or whose report is refused, is logged and the others are still read.
 */
public final class ReleaseStorePolling {
    private static final Logger LOG = Logger.getLogger(ReleaseStorePolling.class.getName());
    /** The states in which a release waits on its store. */
    public static final Set<ReleaseState> WAITING = EnumSet.of(ReleaseState.IN_REVIEW, ReleaseState.ROLLING_OUT,
            ReleaseState.PAUSED, ReleaseState.HALTED);
    private static final int PAGE = 200;

    private final ReleaseStore releases;
    private final ReleaseService service;
    private final BiFunction<AppKey, Platform, AppStoreAdapter> stores;

    /** What one round did: how many releases' stores were read, how many releases changed, how many failed. */
    public record Round(int read, int changed, int failed) {
    }

    /** {@code stores}: the adapter of each app's store on each platform, the same the service uses. */
    public ReleaseStorePolling(ReleaseStore releases, ReleaseService service,
            BiFunction<AppKey, Platform, AppStoreAdapter> stores) {
        this.releases = requireNonNull(releases, "releases is null");
        this.service = requireNonNull(service, "service is null");
        this.stores = requireNonNull(stores, "stores is null");
    }

    /** Reads the store of every release waiting on one, and follows what changed. */
    public Round pollOnce() {
        int read = 0;
        int changed = 0;
        int failed = 0;
        long after = 0;
        List<Release> page;
        do {
            page = releases.inStates(WAITING, after, PAGE);
            for (Release release : page) {
                AppStoreAdapter store = stores.apply(release.app(), release.platform());
                if (store.capabilities().equals(StoreCapabilities.MANUAL)) {
                    continue;
                }
                try {
                    Optional<StoreStatus> status = store.status(release);
                    if (status.isEmpty()) {
                        continue;
                    }
                    read++;
                    Optional<ReleaseCommand> command = command(release, status.get());
                    if (command.isPresent()) {
                        service.act(actor(release, store.capabilities()), release.id(), command.get());
                        changed++;
                    }
                } catch (RuntimeException e) {
                    // The store may be down or the release may have moved on meanwhile: the next round tries again.
                    failed++;
                    LOG.log(Level.WARNING, "following {0} for release {1} ({2} {3} {4}) failed: {5}", new Object[]{
                            store.capabilities().store(), release.id(), release.app(), release.platform().key(),
                            release.version(), e.getMessage()});
                }
            }
            if (!page.isEmpty()) {
                after = page.getLast().id();
            }
        } while (page.size() == PAGE);
        return new Round(read, changed, failed);
    }

    /** What Mainline should be told of {@code status}, when it says something the release does not have yet. */
    static Optional<ReleaseCommand> command(Release release, StoreStatus status) {
        if (release.state() == ReleaseState.IN_REVIEW) {
            return status.review().filter(review -> review.verdict() != StoreStatus.Verdict.IN_REVIEW)
                    .map(review -> new ReleaseCommand.ReviewResult(review.verdict() == StoreStatus.Verdict.APPROVED,
                            review.reason(), Optional.of(release.revision())));
        }
        return status.rollout().filter(rollout -> ReleaseMachine.changes(release, rollout))
                .map(rollout -> new ReleaseCommand.StoreReport(rollout, release.revision()));
    }

    /** Mainline acting on what the store said: {@code store:google-play}, an engineer of the release's app. */
    static Actor actor(Release release, StoreCapabilities store) {
        String name = store.store().replaceFirst("^the ", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return Actor.system("store:" + name, Permission.of(Role.ENGINEER, Scope.app(release.app().value())));
    }
}
