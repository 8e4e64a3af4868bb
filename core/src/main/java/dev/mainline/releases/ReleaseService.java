package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.App;
import dev.mainline.catalog.AppStore;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Transactions;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Scope;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * Mobile releases operated through their runbook: every action is checked against the role model on the release's
 * app, then against the runbook ({@link ReleaseMachine}); the store is asked to carry out what the action needs, and
 * only then is the release's new state stored. Every action and every refusal is in the release's history and in the
 * audit log.
 */
public final class ReleaseService {
    private static final String VERSION = "\\d{1,4}(\\.\\d{1,6}){0,3}([-+][0-9A-Za-z.-]{1,30})?";

    private final ReleaseStore releases;
    private final AppStore apps;
    private final BiFunction<AppKey, Platform, AppStoreAdapter> stores;
    private final BiFunction<AppKey, Platform, RegressionJobs> regressions;
    private final Authorizer authorizer;
    private final Transactions transactions;
    private final Clock clock;
    private final ConcurrentHashMap<Long, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final boolean cached;
    /** Reads served from memory: an app's release listings and single releases, dropped on every change of the app. */
    private final ConcurrentHashMap<String, Object> reads = new ConcurrentHashMap<>();
    /** Each app's count of changes: a read is kept only if no change came while it was read from the store. */
    private final ConcurrentHashMap<AppKey, Long> generations = new ConcurrentHashMap<>();
    /** Which app a release belongs to (it never changes): where its cached read lives. */
    private final ConcurrentHashMap<Long, AppKey> byIdCache = new ConcurrentHashMap<>();

    /** {@code stores}: the adapter of each app's store on each platform; reads are cached. */
    public ReleaseService(ReleaseStore releases, AppStore apps, BiFunction<AppKey, Platform, AppStoreAdapter> stores,
            Authorizer authorizer, Transactions transactions, Clock clock) {
        this(releases, apps, stores, authorizer, transactions, clock, true);
    }

    /**
     * With {@code cached}, release reads come from memory, dropped whenever the app's releases change through this
     * service (one server: several servers would each keep their own and miss the others' changes).
     */
    public ReleaseService(ReleaseStore releases, AppStore apps, BiFunction<AppKey, Platform, AppStoreAdapter> stores,
            Authorizer authorizer, Transactions transactions, Clock clock, boolean cached) {
        this(releases, apps, stores, (app, platform) -> RegressionJobs.reported(), authorizer, transactions, clock,
                cached);
    }

    /** As above; {@code regressions} starts each app's regression job on each platform. */
    public ReleaseService(ReleaseStore releases, AppStore apps, BiFunction<AppKey, Platform, AppStoreAdapter> stores,
            BiFunction<AppKey, Platform, RegressionJobs> regressions, Authorizer authorizer,
            Transactions transactions, Clock clock, boolean cached) {
        this.cached = cached;
        this.regressions = requireNonNull(regressions, "regressions is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.apps = requireNonNull(apps, "apps is null");
        this.stores = requireNonNull(stores, "stores is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    private static String target(AppKey app, Platform platform, String version) {
        return "release:%s/%s/%s".formatted(app, platform, version);
    }

    private static String target(Release release) {
        return target(release.app(), release.platform(), release.version());
    }

    /** Cuts release {@code version} of an app on a platform, on {@code branch} ({@code release/<version>} by default). */
    public Release cut(Actor actor, AppKey key, Platform platform, String version, Optional<String> branch) {
        return cut(actor, key, platform, version, branch, onBranch -> {
        });
    }

    /**
     * Cuts a release as above; {@code cutBranch} makes its branch in the app's repository once the cut is allowed and
     * valid, before the release is stored: when it throws, no release is stored (a repeated cut reuses the branch).
     */
    public Release cut(Actor actor, AppKey key, Platform platform, String version, Optional<String> branch,
            java.util.function.Consumer<String> cutBranch) {
        authorizer.require(actor, Action.RELEASE_CUT, Scope.app(key.value()), target(key, platform, version));
        App app = apps.findByKey(key).orElseThrow(() -> MainlineException.notFound("app '%s' does not exist", key));
        if (!app.platforms().contains(platform)) {
            throw MainlineException.invalid("app '%s' is not released on %s", key, platform);
        }
        if (!version.matches(VERSION)) {
            throw MainlineException.invalid("a version looks like 5.2.0 (up to four numbers, a suffix after - or +),"
                    + " got '%s'", version.length() > 60 ? version.substring(0, 60) + "…" : version);
        }
        String onBranch = branch.orElse("release/" + version);
        if (onBranch.isBlank() || onBranch.length() > 255 || onBranch.chars().anyMatch(Character::isISOControl)) {
            throw MainlineException.invalid("a branch has 1 to 255 characters and no control characters");
        }
        // The build users go back to on a rollback: the newest one that reached everyone.
        Optional<String> previous = releases.list(key, Optional.of(platform), 50).stream()
                .filter(release -> release.state() == ReleaseState.COMPLETED).findFirst().flatMap(Release::build);
        if (releases.find(key, platform, version).isPresent()) {
            throw new MainlineException(ErrorCode.ALREADY_EXISTS, "release %s of %s on %s exists already"
                    .formatted(version, key, platform));
        }
        try {
            cutBranch.accept(onBranch);
        } catch (MainlineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MainlineException(ErrorCode.FORGE_UNAVAILABLE,
                    "branch %s could not be cut in the app's repository: %s"
                            .formatted(onBranch, e.getMessage()));
        }
        Release made = transactions.inTransaction(() -> {
            Release cut = releases.insert(Release.cut(key, platform, version, onBranch, previous, clock.instant()));
            String summary = "cut %s on %s from %s".formatted(version, platform, onBranch);
            releases.addEvent(new ReleaseEvent(cut.id(), clock.instant(), actor.login(), "cut", "applied",
                    cut.state(), 0, summary));
            authorizer.succeeded(actor, Action.RELEASE_CUT, target(cut), summary);
            return cut;
        });
        changed(key);
        return made;
    }

    /** Forgets what is cached of an app's releases: called after every change, once it is stored. */
    private void changed(AppKey app) {
        generations.merge(app, 1L, Long::sum);
        reads.keySet().removeIf(key -> key.startsWith(app.value() + "\t"));
    }

    /** {@code read} from the cache under {@code key}, or from the store, kept when nothing changed meanwhile. */
    @SuppressWarnings("unchecked")
    private <T> T cachedRead(AppKey app, String key, java.util.function.Supplier<T> read) {
        if (!cached) {
            return read.get();
        }
        String full = app.value() + "\t" + key;
        Object hit = reads.get(full);
        if (hit != null) {
            return (T) hit;
        }
        long before = generations.getOrDefault(app, 0L);
        T value = read.get();
        if (value != null && generations.getOrDefault(app, 0L) == before) {
            reads.put(full, value);
            // A change that came between the check and the put has bumped the generation: take it back out.
            if (generations.getOrDefault(app, 0L) != before) {
                reads.remove(full, value);
            }
        }
        return value;
    }

    /** Carries out {@code command} on release {@code id}, or refuses it naming the role or the gate. */
    public Release act(Actor actor, long id, ReleaseCommand command) {
        Release release = releases.find(id).orElseThrow(() -> MainlineException.notFound("release %d does not exist",
                id));
        authorizer.require(actor, command.action(), Scope.app(release.app().value()), target(release));
        ReentrantLock lock = locks.computeIfAbsent(id, key -> new ReentrantLock());
        lock.lock();
        try {
            return actLocked(actor, releases.find(id).orElseThrow(), command);
        } finally {
            changed(release.app());
            lock.unlock();
        }
    }

    private Release actLocked(Actor actor, Release release, ReleaseCommand command) {
        Runbook runbook = releases.runbook(release.app()).orElse(Runbook.DEFAULT);
        AppStoreAdapter store = stores.apply(release.app(), release.platform());
        Decision decision = ReleaseMachine.decide(release, runbook, store.capabilities(), command, actor.login(),
                clock.instant());
        return switch (decision) {
            case Decision.Refused refused -> throw refuse(actor, release, command, ErrorCode.GATE_NOT_MET,
                    "%s: %s".formatted(refused.gate(), refused.reason()));
            case Decision.AwaitingConfirmation awaiting -> store(actor, release, command, awaiting.next(), "awaiting",
                    awaiting.summary());
            case Decision.Applied applied -> {
                String summary = applied.summary();
                if (command instanceof ReleaseCommand.RunRegression) {
                    try {
                        String started = regressions.apply(release.app(), release.platform()).start(release);
                        summary = started.isEmpty() ? summary : summary + ": " + started;
                    } catch (MainlineException e) {
                        throw refuse(actor, release, command, e.errorCode(), "ci: " + e.getMessage());
                    } catch (RuntimeException e) {
                        throw refuse(actor, release, command, ErrorCode.FORGE_UNAVAILABLE, "ci: " + e.getMessage());
                    }
                }
                if (applied.store().isPresent()) {
                    try {
                        store.apply(release, applied.next(), applied.store().get());
                    } catch (MainlineException e) {
                        throw refuse(actor, release, command, e.errorCode(), "store: " + e.getMessage());
                    } catch (RuntimeException e) {
                        throw refuse(actor, release, command, ErrorCode.STORE_UNAVAILABLE, "store: " + e);
                    }
                }
                yield store(actor, release, command, applied.next(), "applied", summary);
            }
        };
    }

    private Release store(Actor actor, Release release, ReleaseCommand command, Release next, String outcome,
            String summary) {
        return transactions.inTransaction(() -> {
            if (!releases.update(next, release.revision())) {
                throw new MainlineException(ErrorCode.ALREADY_EXISTS,
                        "release %s changed meanwhile; look at it again".formatted(target(release)));
            }
            releases.addEvent(new ReleaseEvent(release.id(), clock.instant(), actor.login(), command.name(), outcome,
                    next.state(), next.rolloutPercent(), summary));
            authorizer.succeeded(actor, command.action(), target(release), command.name() + ": " + summary);
            return next.stored(release.id(), release.revision() + 1);
        });
    }

    /** Records a refusal in the release's history and the audit log, and gives the error to throw. */
    private MainlineException refuse(Actor actor, Release release, ReleaseCommand command, ErrorCode code,
            String reason) {
        transactions.inTransaction(() -> {
            releases.addEvent(new ReleaseEvent(release.id(), clock.instant(), actor.login(), command.name(),
                    "refused", release.state(), release.rolloutPercent(), reason));
            authorizer.deny(actor, command.action(), target(release), command.name() + " refused by " + reason);
            return null;
        });
        return new MainlineException(code, "%s refused by %s".formatted(command.name(), reason));
    }

    public Release find(Actor actor, long id) {
        Release release = Optional.ofNullable(byIdCache.get(id)).map(app -> cachedRead(app, "id:" + id,
                () -> releases.find(id).orElse(null))).or(() -> releases.find(id).map(found -> {
                    byIdCache.put(id, found.app());
                    return found;
                })).orElseThrow(() -> MainlineException.notFound("release %d does not exist", id));
        authorizer.require(actor, Action.RELEASE_READ, Scope.app(release.app().value()), target(release));
        return release;
    }

    public Release find(Actor actor, AppKey app, Platform platform, String version) {
        authorizer.require(actor, Action.RELEASE_READ, Scope.app(app.value()), target(app, platform, version));
        return releases.find(app, platform, version).orElseThrow(() -> MainlineException.notFound(
                "release %s %s %s does not exist", app, platform, version));
    }

    /** An app's releases, newest first. */
    public List<Release> list(Actor actor, AppKey app, Optional<Platform> platform, int limit) {
        authorizer.require(actor, Action.RELEASE_READ, Scope.app(app.value()), "app:" + app);
        if (limit < 1 || limit > 200) {
            throw MainlineException.invalid("limit must be 1 to 200, got %d", limit);
        }
        return cachedRead(app, "list:" + platform.map(Platform::key).orElse("*") + "/" + limit,
                () -> releases.list(app, platform, limit));
    }

    public List<ReleaseEvent> history(Actor actor, long id) {
        Release release = find(actor, id);
        return releases.events(release.id(), 1000);
    }

    public Runbook runbook(Actor actor, AppKey app) {
        authorizer.require(actor, Action.RELEASE_READ, Scope.app(app.value()), "app:" + app);
        return releases.runbook(app).orElse(Runbook.DEFAULT);
    }

    /** Sets an app's runbook (release managers of the app). */
    public Runbook setRunbook(Actor actor, AppKey app, Runbook runbook) {
        authorizer.require(actor, Action.APP_UPDATE, Scope.app(app.value()), "app:" + app);
        if (runbook.relaxes(releases.runbook(app).orElse(Runbook.DEFAULT))) {
            // One release manager must not switch off the controls meant to need two.
            authorizer.require(actor, Action.RELEASE_RUNBOOK_RELAX, Scope.app(app.value()), "app:" + app);
        }
        apps.findByKey(app).orElseThrow(() -> MainlineException.notFound("app '%s' does not exist", app));
        return transactions.inTransaction(() -> {
            releases.saveRunbook(app, runbook, clock.instant());
            authorizer.succeeded(actor, Action.APP_UPDATE, "app:" + app, "runbook set: rollout %s, %d approvals,"
                    .formatted(runbook.rolloutSteps(), runbook.requiredApprovals())
                    + " crash-free %.2f%%, two-person halt %s, two-person 100%% %s".formatted(
                            runbook.minCrashFreeRate(), runbook.twoPersonHalt(), runbook.twoPersonFull()));
            return runbook;
        });
    }
}
