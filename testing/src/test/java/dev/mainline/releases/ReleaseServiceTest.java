package dev.mainline.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.audit.AuditEvent;
import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.catalog.NewApp;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.PageRequest;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Releases operated through the service: every action by every role, refusals audited, one release walked through. */
class ReleaseServiceTest {
    private static final AppKey WALLET = new AppKey("wallet");

    private final TestingClock clock = new TestingClock();
    private final Stores stores = new InMemoryStores().stores();
    private final ReleaseService service = new ReleaseService(stores.releases(), stores.apps(),
            (app, platform) -> AppStoreAdapter.manual(), new Authorizer(stores.auditLog(), clock),
            stores.transactions(), clock);
    private final Actor rita = actor("rita", "release-manager@app:wallet");
    private final Actor sam = actor("sam", "release-manager@app:wallet");
    private final Actor ci = actor("ci-bot", "engineer@app:wallet");

    ReleaseServiceTest() {
        stores.apps().insert(new NewApp(WALLET, "Wallet", Set.of(Platform.IOS, Platform.ANDROID)), clock.instant());
        stores.apps().insert(new NewApp(new AppKey("maps"), "Maps", Set.of(Platform.ANDROID)), clock.instant());
    }

    private static Actor actor(String login, String permission) {
        return new Actor(login.hashCode(), login, Channel.API, List.of(Permission.parse(permission)),
                Optional.empty());
    }

    /** The roles a matrix row is tried by, from nothing on this app to everything. */
    private static final Map<String, String> ROLES = Map.of(
            "release-manager of another app", "release-manager@app:maps",
            "viewer", "viewer@app:wallet",
            "engineer", "engineer@app:wallet",
            "release-manager", "release-manager@app:wallet",
            "admin", "admin@global");

    /** Each action, the state it is tried in (where the runbook allows it), and the least role that may do it. */
    private record Row(String action, ReleaseState state, ReleaseCommand command, String least) {
    }

    private static final List<Row> MATRIX = List.of(
            new Row("record-build", ReleaseState.CUT, new ReleaseCommand.RecordBuild("412"), "engineer"),
            new Row("run-regression", ReleaseState.BUILT, new ReleaseCommand.RunRegression(), "release-manager"),
            new Row("regression-result", ReleaseState.REGRESSION_RUNNING,
                    new ReleaseCommand.RegressionResult(true, Optional.empty()), "engineer"),
            new Row("approve", ReleaseState.REGRESSION_PASSED, new ReleaseCommand.Approve(), "release-manager"),
            new Row("submit", ReleaseState.REGRESSION_PASSED, new ReleaseCommand.Submit(), "release-manager"),
            new Row("review-result", ReleaseState.IN_REVIEW, new ReleaseCommand.ReviewResult(true, "ok"),
                    "engineer"),
            new Row("crash-free-rate", ReleaseState.ROLLING_OUT, new ReleaseCommand.ReportCrashFreeRate(99.8),
                    "engineer"),
            new Row("start-rollout", ReleaseState.READY, new ReleaseCommand.StartRollout(), "release-manager"),
            new Row("increase-rollout", ReleaseState.ROLLING_OUT,
                    new ReleaseCommand.IncreaseRollout(Optional.empty()), "release-manager"),
            new Row("pause-rollout", ReleaseState.ROLLING_OUT, new ReleaseCommand.PauseRollout(), "release-manager"),
            new Row("halt-rollout", ReleaseState.ROLLING_OUT, new ReleaseCommand.HaltRollout("crashes"),
                    "release-manager"),
            new Row("resume-rollout", ReleaseState.HALTED, new ReleaseCommand.ResumeRollout(), "release-manager"),
            new Row("complete-rollout", ReleaseState.ROLLING_OUT, new ReleaseCommand.CompleteRollout(),
                    "release-manager"),
            new Row("roll-back", ReleaseState.COMPLETED, new ReleaseCommand.RollBack("crashes"), "release-manager"),
            // Sent by the store polling as an engineer of the app; stored releases are at revision 2.
            new Row("store-status", ReleaseState.ROLLING_OUT, new ReleaseCommand.StoreReport(
                    StoreStatus.Rollout.rollingOut(10), 2), "engineer"));

    private static final List<String> ORDER = List.of("release-manager of another app", "viewer", "engineer",
            "release-manager", "admin");

    static Stream<Arguments> everyActionByEveryRole() {
        List<Arguments> cases = new ArrayList<>();
        for (Row row : MATRIX) {
            for (String role : ORDER) {
                cases.add(Arguments.of(row.action(), role, ORDER.indexOf(role) >= ORDER.indexOf(row.least())));
            }
        }
        return cases.stream();
    }

    /** A stored release of the wallet on Android in {@code state}, meeting every gate but the state. */
    private Release stored(ReleaseState state) {
        double percent = switch (state) {
            case ROLLING_OUT, PAUSED, HALTED -> 5;
            case COMPLETED -> 100;
            default -> 0;
        };
        Release inserted = stores.releases().insert(Release.cut(WALLET, Platform.ANDROID, "5." + clock.instant()
                .getEpochSecond() % 100_000 + "." + stores.releases().list(WALLET, Optional.empty(), 200).size(),
                "release/x", Optional.of("398"), clock.instant()));
        Release shaped = new Release(inserted.id(), WALLET, Platform.ANDROID, inserted.version(), Optional.of("411"),
                inserted.branch(), state, percent, Set.of("alice"), Optional.of(99.5), Optional.of(clock.instant()),
                Optional.of(clock.instant().minusSeconds(60)), Optional.empty(), Optional.of("398"), 1,
                clock.instant(), clock.instant());
        assertThat(stores.releases().update(shaped, 1)).isTrue();
        return stores.releases().find(inserted.id()).orElseThrow();
    }

    @ParameterizedTest(name = "{0} by {1}: allowed {2}")
    @MethodSource("everyActionByEveryRole")
    void everyActionIsAllowedToItsRolesAndRefusedToOthersWithTheRefusalAudited(String action, String role,
            boolean allowed) {
        Row row = MATRIX.stream().filter(candidate -> candidate.action().equals(action)).findFirst().orElseThrow();
        Release release = stored(row.state());
        Actor actor = actor("someone", ROLES.get(role));
        if (allowed) {
            Release after = service.act(actor, release.id(), row.command());
            assertThat(after.revision()).isEqualTo(release.revision() + 1);
            assertThat(lastAudit().outcome()).isEqualTo(Outcome.SUCCEEDED);
        } else {
            assertThatThrownBy(() -> service.act(actor, release.id(), row.command()))
                    .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(ErrorCode.PERMISSION_DENIED));
            AuditRecord refused = lastAudit();
            assertThat(refused.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(refused.action()).isEqualTo(row.command().action().key());
            assertThat(refused.target()).isEqualTo("release:wallet/android/" + release.version());
            assertThat(stores.releases().find(release.id())).contains(release);
        }
    }

    @Test
    void cuttingAndReadingFollowTheRoleModelToo() {
        Actor viewer = actor("vic", "viewer@app:wallet");
        assertThatThrownBy(() -> service.cut(viewer, WALLET, Platform.IOS, "5.2.0", Optional.empty()))
                .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThatThrownBy(() -> service.cut(ci, WALLET, Platform.IOS, "5.2.0", Optional.empty()))
                .isInstanceOf(MainlineException.class);
        Release cut = service.cut(rita, WALLET, Platform.IOS, "5.2.0", Optional.empty());
        assertThat(cut.branch()).isEqualTo("release/5.2.0");
        assertThat(service.find(viewer, cut.id())).isEqualTo(cut);
        assertThat(service.list(viewer, WALLET, Optional.empty(), 10)).containsExactly(cut);
        assertThatThrownBy(() -> service.find(actor("mo", "viewer@app:maps"), cut.id()))
                .isInstanceOf(MainlineException.class);
        assertThatThrownBy(() -> service.cut(rita, WALLET, Platform.IOS, "5.2.0", Optional.empty()))
                .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> service.cut(rita, WALLET, Platform.IOS, "five", Optional.empty()))
                .hasMessageContaining("a version looks like 5.2.0");
        assertThatThrownBy(() -> service.cut(rita, new AppKey("maps"), Platform.IOS, "1.0.0", Optional.empty()))
                .isInstanceOf(MainlineException.class);
        assertThatThrownBy(() -> service.setRunbook(ci, WALLET, Runbook.DEFAULT))
                .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.PERMISSION_DENIED));
    }

    @Test
    void aGateRefusalIsExplainedKeptInTheHistoryAndAudited() {
        Release cut = service.cut(rita, WALLET, Platform.ANDROID, "5.3.0", Optional.empty());
        assertThatThrownBy(() -> service.act(rita, cut.id(), new ReleaseCommand.RunRegression()))
                .isInstanceOfSatisfying(MainlineException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.GATE_NOT_MET);
                    assertThat(e.getMessage()).isEqualTo("run-regression refused by build: no build is recorded yet:"
                            + " regression runs on a build");
                });
        assertThat(service.history(rita, cut.id())).extracting(ReleaseEvent::command, ReleaseEvent::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cut", "applied"),
                        org.assertj.core.groups.Tuple.tuple("run-regression", "refused"));
        AuditRecord refused = lastAudit();
        assertThat(refused.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(refused.detail()).contains("build: no build is recorded yet");
    }

    @Test
    void oneReleaseWalkedFromCutToEveryoneWithAHaltAndAResumeOnTheWay() {
        service.setRunbook(rita, WALLET, new Runbook(List.of(1.0, 10.0, 50.0, 100.0), 2, 99.0, true, false));
        Release release = service.cut(rita, WALLET, Platform.ANDROID, "6.0.0", Optional.empty());
        long id = release.id();
        Function<ReleaseCommand, Release> byRita = command -> service.act(rita, id, command);
        service.act(ci, id, new ReleaseCommand.RecordBuild("600"));
        byRita.apply(new ReleaseCommand.RunRegression());
        service.act(ci, id, new ReleaseCommand.RegressionResult(true, Optional.of("/api/v1/logs/7/text")));
        byRita.apply(new ReleaseCommand.Approve());
        assertThatThrownBy(() -> byRita.apply(new ReleaseCommand.Submit())).hasMessageContaining(
                "approvals: 1 of 2 approvals given");
        service.act(sam, id, new ReleaseCommand.Approve());
        byRita.apply(new ReleaseCommand.Submit());
        service.act(ci, id, new ReleaseCommand.ReviewResult(true, "approved"));
        assertThat(byRita.apply(new ReleaseCommand.StartRollout()).rolloutPercent()).isEqualTo(1);

        clock.advance(Duration.ofHours(6));
        service.act(ci, id, new ReleaseCommand.ReportCrashFreeRate(99.6));
        assertThat(byRita.apply(new ReleaseCommand.IncreaseRollout(Optional.empty())).rolloutPercent()).isEqualTo(10);
        clock.advance(Duration.ofHours(6));
        assertThat(byRita.apply(new ReleaseCommand.HaltRollout("ANR spike in checkout")).pending()).isPresent();
        Release halted = service.act(sam, id, new ReleaseCommand.Confirm());
        assertThat(halted.state()).isEqualTo(ReleaseState.HALTED);
        assertThat(halted.rolloutPercent()).isEqualTo(10);
        assertThat(byRita.apply(new ReleaseCommand.ResumeRollout()).state()).isEqualTo(ReleaseState.ROLLING_OUT);
        clock.advance(Duration.ofHours(6));
        service.act(ci, id, new ReleaseCommand.ReportCrashFreeRate(99.7));
        assertThat(byRita.apply(new ReleaseCommand.IncreaseRollout(Optional.empty())).rolloutPercent()).isEqualTo(50);
        clock.advance(Duration.ofHours(6));
        service.act(ci, id, new ReleaseCommand.ReportCrashFreeRate(99.8));
        Release done = byRita.apply(new ReleaseCommand.IncreaseRollout(Optional.empty()));
        assertThat(done.state()).isEqualTo(ReleaseState.COMPLETED);
        assertThat(done.rolloutPercent()).isEqualTo(100);

        assertThat(service.history(rita, id)).extracting(ReleaseEvent::command).containsExactly("cut", "record-build",
                "run-regression", "regression-result", "approve", "submit", "approve", "submit", "review-result",
                "start-rollout", "crash-free-rate", "increase-rollout", "halt-rollout", "confirm", "resume-rollout",
                "crash-free-rate", "increase-rollout", "crash-free-rate", "increase-rollout");
        assertThat(service.history(rita, id)).filteredOn(event -> event.command().contains("rollout")
                || event.command().equals("confirm")).extracting(ReleaseEvent::rolloutPercent)
                .containsExactly(1.0, 10.0, 10.0, 10.0, 10.0, 50.0, 100.0);
        Release next = service.cut(rita, WALLET, Platform.ANDROID, "6.1.0", Optional.empty());
        assertThat(next.previousBuild()).as("what a rollback goes back to").contains("600");
    }

    private AuditRecord lastAudit() {
        return stores.auditLog().list(AuditQuery.all(), PageRequest.firstPage()).items().stream()
                .map(AuditEvent::record).findFirst().orElseThrow();
    }

    @Test
    void relaxingARunbookNeedsAnAdministratorAndAReleasesHistoryKeepsItsNewestEvents() {
        service.setRunbook(rita, WALLET, new Runbook(Runbook.DEFAULT.rolloutSteps(), 2, 99.5, true, true));
        assertThatThrownBy(() -> service.setRunbook(rita, WALLET, new Runbook(Runbook.DEFAULT.rolloutSteps(), 2,
                99.5, true, false))).isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThat(service.setRunbook(rita, WALLET, new Runbook(List.of(1.0, 100.0), 3, 99.9, true, true))
                .requiredApprovals()).as("asking more is the release managers' own call").isEqualTo(3);
        assertThat(service.setRunbook(actor("root", "admin@global"), WALLET, Runbook.DEFAULT)).isEqualTo(
                Runbook.DEFAULT);

        Release release = stored(ReleaseState.ROLLING_OUT);
        for (int i = 0; i < 1005; i++) {
            service.act(ci, release.id(), new ReleaseCommand.ReportCrashFreeRate(99.9));
        }
        service.act(rita, release.id(), new ReleaseCommand.PauseRollout());
        List<ReleaseEvent> history = service.history(rita, release.id());
        assertThat(history).hasSize(1000);
        assertThat(history.getLast().command()).isEqualTo("pause-rollout");
    }
}
