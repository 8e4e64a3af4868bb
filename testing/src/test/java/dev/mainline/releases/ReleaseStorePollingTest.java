package dev.mainline.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.audit.AuditEvent;
import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.catalog.NewApp;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.PageRequest;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import dev.mainline.testing.stores.TestingAppStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The stores' word followed: verdicts and rollouts read from each store, applied as Mainline, only when new. */
class ReleaseStorePollingTest {
    private static final AppKey WALLET = new AppKey("wallet");
    private static final AppKey MAPS = new AppKey("maps");

    private final TestingClock clock = new TestingClock();
    private final Stores stores = new InMemoryStores().stores();
    private final TestingAppStore apple = new TestingAppStore(StoreCapabilities.APP_STORE);
    private final TestingAppStore play = new TestingAppStore(StoreCapabilities.GOOGLE_PLAY);
    private final BiFunction<AppKey, Platform, AppStoreAdapter> adapters = (app, platform) -> !app.equals(WALLET)
            ? AppStoreAdapter.manual()
            : platform == Platform.IOS ? apple : play;
    private final ReleaseService service = new ReleaseService(stores.releases(), stores.apps(), adapters,
            new Authorizer(stores.auditLog(), clock), stores.transactions(), clock);
    private final ReleaseStorePolling polling = new ReleaseStorePolling(stores.releases(), service, adapters);
    private final Actor rita = new Actor(1, "rita", Channel.API, List.of(Permission.parse(
            "release-manager@global")), Optional.empty());

    ReleaseStorePollingTest() {
        stores.apps().insert(new NewApp(WALLET, "Wallet", Set.of(Platform.IOS, Platform.ANDROID)), clock.instant());
        stores.apps().insert(new NewApp(MAPS, "Maps", Set.of(Platform.IOS, Platform.ANDROID)), clock.instant());
    }

    /** A stored release in {@code state} at {@code percent}, with a build and a healthy crash-free rate. */
    private Release stored(AppKey app, Platform platform, String version, ReleaseState state, double percent) {
        Release cut = stores.releases().insert(Release.cut(app, platform, version, "release/" + version,
                Optional.of("398"), clock.instant()));
        Release shaped = new Release(cut.id(), app, platform, version, Optional.of("411"), cut.branch(), state,
                percent, Set.of("alice"), Optional.of(99.5), Optional.of(clock.instant()), Optional.of(clock
                        .instant()),
                Optional.empty(), Optional.of("398"), 1, clock.instant(), clock.instant());
        assertThat(stores.releases().update(shaped, 1)).isTrue();
        return stores.releases().find(cut.id()).orElseThrow();
    }

    private Release now(Release release) {
        return stores.releases().find(release.id()).orElseThrow();
    }

    private List<ReleaseEvent> history(Release release) {
        return stores.releases().events(release.id(), 1000);
    }

    private List<AuditRecord> audit() {
        return stores.auditLog().list(AuditQuery.all(), PageRequest.firstPage()).items().stream()
                .map(AuditEvent::record).toList();
    }

    @Test
    void aReleaseInReviewBecomesReadyWhenTheStoreApprovesItAndRejectedWithTheStoresReason() {
        Release approved = stored(WALLET, Platform.IOS, "6.0.0", ReleaseState.IN_REVIEW, 0);
        Release rejected = stored(WALLET, Platform.IOS, "6.0.1", ReleaseState.IN_REVIEW, 0);
        apple.says("6.0.0", StoreStatus.of(StoreStatus.Review.inReview("App Store review: IN_REVIEW")));
        apple.says("6.0.1", StoreStatus.of(StoreStatus.Review.inReview("App Store review: WAITING_FOR_REVIEW")));
        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(2, 0, 0));
        assertThat(now(approved)).isEqualTo(approved);

        apple.says("6.0.0", StoreStatus.of(StoreStatus.Review.approved("App Store review approved it"
                + " (PENDING_DEVELOPER_RELEASE)")));
        apple.says("6.0.1", StoreStatus.of(StoreStatus.Review.rejected("App Store review rejected it (REJECTED)")));
        clock.advance(Duration.ofHours(20));
        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(2, 2, 0));

        assertThat(now(approved).state()).isEqualTo(ReleaseState.READY);
        assertThat(history(approved)).singleElement().satisfies(event -> {
            assertThat(event.actor()).isEqualTo("store:app-store");
            assertThat(event.command()).isEqualTo("review-result");
            assertThat(event.outcome()).isEqualTo("applied");
            assertThat(event.at()).isEqualTo(clock.instant());
        });
        assertThat(now(rejected).state()).isEqualTo(ReleaseState.REJECTED);
        assertThat(history(rejected)).singleElement().satisfies(event -> assertThat(event.detail())
                .isEqualTo("the store review rejected it: App Store review rejected it (REJECTED)"));
        assertThat(audit()).first().satisfies(record -> {
            assertThat(record.actor()).isEqualTo("store:app-store");
            assertThat(record.channel()).isEqualTo(Channel.SYSTEM);
            assertThat(record.actorUserId()).isEmpty();
            assertThat(record.action()).isEqualTo("release.report");
        });
        assertThat(apple.changes()).as("the store is never asked to change anything").isEmpty();

        assertThat(polling.pollOnce()).as("neither waits on the store any more")
                .isEqualTo(new ReleaseStorePolling.Round(0, 0, 0));
    }

    @Test
    void aVerdictReadBeforeTheReleaseWasSubmittedAgainIsNotTakenForTheNewSubmission() {
        Release release = stored(WALLET, Platform.ANDROID, "6.0.2", ReleaseState.IN_REVIEW, 0);
        play.says("6.0.2", StoreStatus.of(StoreStatus.Review.rejected("Google Play did not approve the release")));
        play.meanwhile("6.0.2", () -> {
            // Rejected, fixed and submitted again while the store's answer about the first build was on its way.
            for (ReleaseCommand command : List.of(new ReleaseCommand.ReviewResult(false, "policy"),
                    new ReleaseCommand.RecordBuild("412"), new ReleaseCommand.RunRegression(),
                    new ReleaseCommand.RegressionResult(true, Optional.empty()), new ReleaseCommand.Approve(),
                    new ReleaseCommand.Submit())) {
                service.act(rita, release.id(), command);
            }
        });
        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(1, 0, 1));
        assertThat(now(release).state()).isEqualTo(ReleaseState.IN_REVIEW);
        assertThat(now(release).build()).contains("412");
        assertThat(history(release)).last().satisfies(event -> {
            assertThat(event.actor()).isEqualTo("store:google-play");
            assertThat(event.command()).isEqualTo("review-result");
            assertThat(event.outcome()).isEqualTo("refused");
            assertThat(event.detail()).contains("revision");
        });

        play.says("6.0.2", StoreStatus.of(StoreStatus.Review.inReview("Google Play review: in review")));
        assertThat(polling.pollOnce()).as("the new submission's own verdict is waited for")
                .isEqualTo(new ReleaseStorePolling.Round(1, 0, 0));
        play.says("6.0.2", StoreStatus.of(StoreStatus.Review.approved("Google Play approved the release")));
        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(1, 1, 0));
        assertThat(now(release).state()).isEqualTo(ReleaseState.READY);
    }

    @Test
    void anIosRolloutFollowsApplesSevenDaysToEveryone() {
        Release release = stored(WALLET, Platform.IOS, "6.1.0", ReleaseState.READY, 0);
        service.act(rita, release.id(), new ReleaseCommand.StartRollout());
        assertThat(apple.changes()).containsExactly("6.1.0 start-rollout");
        for (double percent : List.of(1.0, 2.0, 5.0, 10.0, 20.0, 50.0)) {
            apple.says("6.1.0", StoreStatus.of(StoreStatus.Review.approved("READY_FOR_SALE"),
                    StoreStatus.Rollout.rollingOut(percent)));
            clock.advance(Duration.ofDays(1));
            polling.pollOnce();
            assertThat(now(release).state()).isEqualTo(ReleaseState.ROLLING_OUT);
            assertThat(now(release).rolloutPercent()).isEqualTo(percent);
        }
        apple.says("6.1.0", StoreStatus.of(StoreStatus.Review.approved("READY_FOR_SALE"),
                StoreStatus.Rollout.completed()));
        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(1, 1, 0));
        assertThat(now(release).state()).isEqualTo(ReleaseState.COMPLETED);
        assertThat(now(release).rolloutPercent()).isEqualTo(100);
        assertThat(history(release)).extracting(ReleaseEvent::command).containsExactly("start-rollout",
                "store-status", "store-status", "store-status", "store-status", "store-status", "store-status");
        assertThat(history(release)).extracting(ReleaseEvent::detail).contains("rollout at 5% in the App Store (was"
                + " 2%)", "released to everyone in the App Store");
        assertThat(apple.changes()).containsExactly("6.1.0 start-rollout");
    }

    @Test
    void nothingIsWrittenWhenTheStoreSaysWhatMainlineHasOrLess() {
        Release rolling = stored(WALLET, Platform.ANDROID, "6.2.0", ReleaseState.ROLLING_OUT, 10);
        Release halted = stored(WALLET, Platform.ANDROID, "6.2.1", ReleaseState.HALTED, 5);
        play.says("6.2.0", StoreStatus.of(StoreStatus.Rollout.rollingOut(10)));
        play.says("6.2.1", StoreStatus.of(StoreStatus.Rollout.rollingOut(2)));
        int audited = audit().size();
        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(2, 0, 0));
        play.says("6.2.0", StoreStatus.of(StoreStatus.Rollout.rollingOut(5)));
        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(2, 0, 0));
        assertThat(now(rolling)).isEqualTo(rolling);
        assertThat(now(halted)).isEqualTo(halted);
        assertThat(history(rolling)).isEmpty();
        assertThat(history(halted)).isEmpty();
        assertThat(audit()).hasSize(audited);

        play.says("6.2.0", StoreStatus.of(StoreStatus.Rollout.halted(10)));
        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(2, 1, 0));
        assertThat(now(rolling).state()).as("halted in the Play Console").isEqualTo(ReleaseState.HALTED);
        assertThat(history(rolling)).singleElement().satisfies(event -> assertThat(event.detail())
                .isEqualTo("rollout halted at 10% in Google Play"));
    }

    @Test
    void oneReleasesStoreErrorDoesNotStopTheOthersAndManualReleasesAreNotRead() {
        Release down = stored(WALLET, Platform.IOS, "6.3.0", ReleaseState.IN_REVIEW, 0);
        Release approved = stored(WALLET, Platform.IOS, "6.3.1", ReleaseState.IN_REVIEW, 0);
        Release growing = stored(WALLET, Platform.ANDROID, "6.3.0", ReleaseState.ROLLING_OUT, 1);
        Release manual = stored(MAPS, Platform.ANDROID, "2.0.0", ReleaseState.ROLLING_OUT, 1);
        apple.unreachableFor("6.3.0");
        apple.says("6.3.1", StoreStatus.of(StoreStatus.Review.approved("approved")));
        play.says("6.3.0", StoreStatus.of(StoreStatus.Rollout.rollingOut(20)));

        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(2, 2, 1));
        assertThat(now(down)).isEqualTo(down);
        assertThat(now(approved).state()).isEqualTo(ReleaseState.READY);
        assertThat(now(growing).rolloutPercent()).isEqualTo(20);
        assertThat(now(manual)).isEqualTo(manual);
        assertThat(apple.reads() + play.reads()).isEqualTo(3);

        apple.says("6.3.0", StoreStatus.of(StoreStatus.Review.approved("approved")));
        assertThat(polling.pollOnce()).as("the next round tries again").isEqualTo(new ReleaseStorePolling.Round(2, 1,
                0));
        assertThat(now(down).state()).isEqualTo(ReleaseState.READY);
    }
}
