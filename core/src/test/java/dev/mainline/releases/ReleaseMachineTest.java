package dev.mainline.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command in every state: what the runbook allows, and which gate refuses the rest. */
class ReleaseMachineTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final AppKey APP = new AppKey("wallet");

    private static final Map<String, ReleaseCommand> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("record-build", new ReleaseCommand.RecordBuild("412"));
        COMMANDS.put("run-regression", new ReleaseCommand.RunRegression());
        COMMANDS.put("regression-result", new ReleaseCommand.RegressionResult(true, Optional.empty()));
        COMMANDS.put("approve", new ReleaseCommand.Approve());
        COMMANDS.put("submit", new ReleaseCommand.Submit());
        COMMANDS.put("review-result", new ReleaseCommand.ReviewResult(true, "approved"));
        COMMANDS.put("crash-free-rate", new ReleaseCommand.ReportCrashFreeRate(99.9));
        COMMANDS.put("start-rollout", new ReleaseCommand.StartRollout());
        COMMANDS.put("increase-rollout", new ReleaseCommand.IncreaseRollout(Optional.empty()));
        COMMANDS.put("pause-rollout", new ReleaseCommand.PauseRollout());
        COMMANDS.put("halt-rollout", new ReleaseCommand.HaltRollout("crashes on start"));
        COMMANDS.put("resume-rollout", new ReleaseCommand.ResumeRollout());
        COMMANDS.put("complete-rollout", new ReleaseCommand.CompleteRollout());
        COMMANDS.put("roll-back", new ReleaseCommand.RollBack("crashes on start"));
        COMMANDS.put("confirm", new ReleaseCommand.Confirm());
        COMMANDS.put("store-status", new ReleaseCommand.StoreReport(StoreStatus.Rollout.rollingOut(20), 3));
    }

    /**
     * The runbook written out, for a manual store (every store change allowed) and the default runbook (one approval,
     * 99% crash-free): per state, what each command of {@link #COMMANDS}, in that order, gives — the next state, or
     * the gate that refuses it.
     */
    private static final Map<ReleaseState, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put(ReleaseState.CUT, "built, !build, !state, !regression-passed, !regression-passed, !state, cut,"
                + " !state, !state, !state, !state, !state, !state, !state, !confirmation, !state");
        EXPECTED.put(ReleaseState.BUILT, "built, regression-running, !state, !regression-passed, !regression-passed,"
                + " !state, built, !state, !state, !state, !state, !state, !state, !state, !confirmation, !state");
        EXPECTED.put(ReleaseState.REGRESSION_RUNNING, "!state, !state, regression-passed, !regression-passed,"
                + " !regression-passed, !state, regression-running, !state, !state, !state, !state, !state, !state,"
                + " !state, !confirmation, !state");
        EXPECTED.put(ReleaseState.REGRESSION_FAILED, "built, regression-running, !state, !regression-passed,"
                + " !regression-passed, !state, regression-failed, !state, !state, !state, !state, !state, !state,"
                + " !state, !confirmation, !state");
        EXPECTED.put(ReleaseState.REGRESSION_PASSED, "built, regression-running, !state, regression-passed,"
                + " in-review, !state, regression-passed, !state, !state, !state, !state, !state, !state, !state,"
                + " !confirmation, !state");
        EXPECTED.put(ReleaseState.IN_REVIEW, "!state, !state, !state, !regression-passed, !state, ready, in-review,"
                + " !store-review, !state, !state, !state, !state, !state, !state, !confirmation, !state");
        EXPECTED.put(ReleaseState.READY, "!state, !state, !state, !regression-passed, !state, !state, ready,"
                + " rolling-out, !state, !state, !state, !state, !state, !state, !confirmation, !state");
        EXPECTED.put(ReleaseState.ROLLING_OUT, "!state, !state, !state, !regression-passed, !state, !state,"
                + " rolling-out, !state, rolling-out, paused, halted, !state, completed, rolled-back, !confirmation, rolling-out");
        EXPECTED.put(ReleaseState.PAUSED, "!state, !state, !state, !regression-passed, !state, !state, paused,"
                + " !state, !state, !state, halted, rolling-out, completed, rolled-back, !confirmation, paused");
        EXPECTED.put(ReleaseState.HALTED, "!state, !state, !state, !regression-passed, !state, !state, halted,"
                + " !state, !state, !state, !state, rolling-out, !state, rolled-back, !confirmation, halted");
        EXPECTED.put(ReleaseState.COMPLETED, "!state, !state, !state, !regression-passed, !state, !state,"
                + " completed, !state, !state, !state, !state, !state, !state, rolled-back, !confirmation, !state");
        EXPECTED.put(ReleaseState.REJECTED, "built, !state, !state, !regression-passed, !regression-passed, !state,"
                + " rejected, !state, !state, !state, !state, !state, !state, !state, !confirmation, !state");
        EXPECTED.put(ReleaseState.ROLLED_BACK, "!state, !state, !state, !state, !state, !state, !state, !state,"
                + " !state, !state, !state, !state, !state, !state, !state, !state");
    }

    /** A release in {@code state} that meets every gate but the state: a build, an approval, a healthy rollout. */
    static Release in(ReleaseState state) {
        double percent = switch (state) {
            case ROLLING_OUT, PAUSED, HALTED -> 5;
            case COMPLETED -> 100;
            default -> 0;
        };
        return new Release(7, APP, Platform.ANDROID, "5.2.0", Optional.of("411"), "release/5.2.0", state, percent,
                Set.of("alice"), Optional.of(99.5), Optional.of(NOW.minusSeconds(60)),
                Optional.of(NOW.minusSeconds(3600)), Optional.empty(), Optional.of("398"), 3, NOW.minusSeconds(86400),
                NOW.minusSeconds(60));
    }

    static Stream<Arguments> everyCommandInEveryState() {
        List<Arguments> cases = new ArrayList<>();
        assertThat(EXPECTED.keySet()).containsExactly(ReleaseState.values());
        EXPECTED.forEach((state, row) -> {
            String[] outcomes = row.split(",\\s*");
            assertThat(outcomes).as("one outcome per command for %s", state).hasSize(COMMANDS.size());
            int i = 0;
            for (String command : COMMANDS.keySet()) {
                cases.add(Arguments.of(state, command, outcomes[i++]));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} when {0}: {2}")
    @MethodSource("everyCommandInEveryState")
    void everyCommandInEveryStateIsAllowedOrRefusedByItsGate(ReleaseState state, String command, String expected) {
        Decision decision = ReleaseMachine.decide(in(state), Runbook.DEFAULT, StoreCapabilities.MANUAL,
                COMMANDS.get(command), "rita", NOW);
        if (expected.startsWith("!")) {
            assertThat(decision).isInstanceOfSatisfying(Decision.Refused.class,
                    refused -> assertThat(refused.gate()).as(refused.reason()).isEqualTo(expected.substring(1)));
        } else {
            assertThat(decision).isInstanceOfSatisfying(Decision.Applied.class,
                    applied -> assertThat(applied.next().state().wireName()).isEqualTo(expected));
        }
    }

    private static Decision decide(Release release, Runbook runbook, StoreCapabilities store,
            ReleaseCommand command, String login) {
        return ReleaseMachine.decide(release, runbook, store, command, login, NOW);
    }

    @Test
    void submittingNeedsTheRunbooksApprovalsAndANewBuildStartsOver() {
        Runbook two = new Runbook(Runbook.DEFAULT.rolloutSteps(), 2, 99, false, false);
        assertThat(decide(in(ReleaseState.REGRESSION_PASSED), two, StoreCapabilities.MANUAL,
                new ReleaseCommand.Submit(), "rita")).isEqualTo(new Decision.Refused("approvals",
                        "1 of 2 approvals given"));
        assertThat(decide(in(ReleaseState.REGRESSION_PASSED), two, StoreCapabilities.MANUAL,
                new ReleaseCommand.Approve(), "alice")).isInstanceOfSatisfying(Decision.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo("alice approved this build already"));
        Release approved = ((Decision.Applied) decide(in(ReleaseState.REGRESSION_PASSED), two,
                StoreCapabilities.MANUAL, new ReleaseCommand.Approve(), "rita")).next();
        assertThat(decide(approved, two, StoreCapabilities.MANUAL, new ReleaseCommand.Submit(), "rita"))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> assertThat(applied.store())
                        .contains(StoreChange.SUBMIT));
        Release rebuilt = ((Decision.Applied) decide(approved, two, StoreCapabilities.MANUAL,
                new ReleaseCommand.RecordBuild("412"), "ci")).next();
        assertThat(rebuilt.approvals()).isEmpty();
        assertThat(rebuilt.build()).contains("412");
    }

    @Test
    void increasesFollowTheRunbookOnlyWithAFreshHealthyCrashFreeRate() {
        Release rolling = in(ReleaseState.ROLLING_OUT);
        Decision.Applied increased = (Decision.Applied) decide(rolling, Runbook.DEFAULT, StoreCapabilities.MANUAL,
                new ReleaseCommand.IncreaseRollout(Optional.empty()), "rita");
        assertThat(increased.next().rolloutPercent()).isEqualTo(10);
        assertThat(increased.store()).contains(StoreChange.SET_ROLLOUT);
        assertThat(decide(increased.next(), Runbook.DEFAULT, StoreCapabilities.MANUAL,
                new ReleaseCommand.IncreaseRollout(Optional.empty()), "rita")).isEqualTo(new Decision.Refused(
                        "crash-free-rate", "no crash-free rate was reported since the rollout last changed"));
        Release sick = ((Decision.Applied) decide(rolling, Runbook.DEFAULT, StoreCapabilities.MANUAL,
                new ReleaseCommand.ReportCrashFreeRate(98.7), "monitor")).next();
        assertThat(decide(sick, Runbook.DEFAULT, StoreCapabilities.MANUAL, new ReleaseCommand.CompleteRollout(),
                "rita")).isEqualTo(new Decision.Refused("crash-free-rate",
                        "the crash-free rate 98.70% is below 99.00%"));
        assertThat(decide(rolling, Runbook.DEFAULT, StoreCapabilities.MANUAL,
                new ReleaseCommand.IncreaseRollout(Optional.of(5.0)), "rita")).isEqualTo(new Decision.Refused(
                        "rollout", "5% is not above the current 5%"));
        assertThat(decide(rolling, Runbook.DEFAULT, StoreCapabilities.MANUAL,
                new ReleaseCommand.IncreaseRollout(Optional.of(100.0)), "rita"))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> {
                    assertThat(applied.next().state()).isEqualTo(ReleaseState.COMPLETED);
                    assertThat(applied.store()).contains(StoreChange.COMPLETE);
                });
    }

    @Test
    void haltingAndGoingToEveryoneWaitForASecondReleaseManagerWhenTheRunbookSaysSo() {
        Runbook strict = new Runbook(Runbook.DEFAULT.rolloutSteps(), 1, 99, true, true);
        Decision asked = decide(in(ReleaseState.ROLLING_OUT), strict, StoreCapabilities.MANUAL,
                new ReleaseCommand.HaltRollout("crashes on start"), "rita");
        assertThat(asked).isInstanceOf(Decision.AwaitingConfirmation.class);
        Release waiting = ((Decision.AwaitingConfirmation) asked).next();
        assertThat(waiting.state()).isEqualTo(ReleaseState.ROLLING_OUT);
        assertThat(waiting.pending()).hasValueSatisfying(pending -> assertThat(pending.requestedBy())
                .isEqualTo("rita"));

        assertThat(decide(waiting, strict, StoreCapabilities.MANUAL, new ReleaseCommand.Confirm(), "rita"))
                .isInstanceOfSatisfying(Decision.Refused.class, refused -> assertThat(refused.gate())
                        .isEqualTo("two-person"));
        assertThat(decide(waiting, strict, StoreCapabilities.MANUAL, new ReleaseCommand.Confirm(), "sam"))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> {
                    assertThat(applied.next().state()).isEqualTo(ReleaseState.HALTED);
                    assertThat(applied.next().pending()).isEmpty();
                    assertThat(applied.summary()).endsWith("(asked by rita, confirmed by sam)");
                });
        assertThat(ReleaseMachine.decide(waiting, strict, StoreCapabilities.MANUAL, new ReleaseCommand.Confirm(),
                "sam", NOW.plus(ReleaseMachine.CONFIRMATION_WINDOW).plus(Duration.ofSeconds(1))))
                .isEqualTo(new Decision.Refused("confirmation", "nothing waits for confirmation"));
        assertThat(decide(in(ReleaseState.ROLLING_OUT), strict, StoreCapabilities.MANUAL,
                new ReleaseCommand.CompleteRollout(), "rita")).isInstanceOf(Decision.AwaitingConfirmation.class);
        assertThat(decide(in(ReleaseState.ROLLING_OUT), strict, StoreCapabilities.MANUAL,
                new ReleaseCommand.IncreaseRollout(Optional.empty()), "rita")).isInstanceOf(Decision.Applied.class);
    }

    @Test
    void eachStoreRefusesWhatItCannotDoNamingWhy() {
        Release rolling = in(ReleaseState.ROLLING_OUT);
        assertThat(decide(rolling, Runbook.DEFAULT, StoreCapabilities.GOOGLE_PLAY, new ReleaseCommand.PauseRollout(),
                "rita")).isEqualTo(new Decision.Refused("store",
                        "Google Play has no pause for a staged rollout: halt it, then resume it"));
        assertThat(decide(rolling, Runbook.DEFAULT, StoreCapabilities.GOOGLE_PLAY,
                new ReleaseCommand.RollBack("bad"), "rita")).isInstanceOf(Decision.Applied.class);
        for (ReleaseCommand refused : List.of(new ReleaseCommand.IncreaseRollout(Optional.empty()),
                new ReleaseCommand.HaltRollout("bad"), new ReleaseCommand.RollBack("bad"))) {
            assertThat(decide(rolling, Runbook.DEFAULT, StoreCapabilities.APP_STORE, refused, "rita"))
                    .isInstanceOfSatisfying(Decision.Refused.class, decision -> assertThat(decision.gate())
                            .isEqualTo("store"));
        }
        assertThat(decide(in(ReleaseState.READY), Runbook.DEFAULT, StoreCapabilities.APP_STORE,
                new ReleaseCommand.StartRollout(), "rita")).isInstanceOfSatisfying(Decision.Applied.class,
                        applied -> assertThat(applied.next().rolloutPercent()).as("Apple's first day").isEqualTo(1));
        Release firstRelease = new Release(1, APP, Platform.IOS, "1.0.0", Optional.of("1"), "release/1.0.0",
                ReleaseState.COMPLETED, 100, Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 1, NOW, NOW);
        assertThat(decide(firstRelease, Runbook.DEFAULT, StoreCapabilities.MANUAL, new ReleaseCommand.RollBack("x"),
                "rita")).isInstanceOfSatisfying(Decision.Refused.class,
                        refused -> assertThat(refused.gate())
                                .isEqualTo("previous-build"));
    }

    private static Decision report(Release release, StoreCapabilities store, StoreStatus.Rollout rollout) {
        return decide(release, Runbook.DEFAULT, store, new ReleaseCommand.StoreReport(rollout, release.revision()),
                "store:app-store");
    }

    @Test
    void theStoresRolloutIsFollowedUpwardsNeverDownAndNeverAsksTheStoreForAnything() {
        Release rolling = in(ReleaseState.ROLLING_OUT);
        assertThat(ReleaseMachine.changes(rolling, StoreStatus.Rollout.rollingOut(5))).isFalse();
        assertThat(report(rolling, StoreCapabilities.APP_STORE, StoreStatus.Rollout.rollingOut(5))).isEqualTo(
                new Decision.Refused("store-status", "the App Store reports what Mainline has: rolling-out at 5%"));
        assertThat(ReleaseMachine.changes(rolling, StoreStatus.Rollout.rollingOut(2))).as("never down").isFalse();
        assertThat(report(rolling, StoreCapabilities.APP_STORE, StoreStatus.Rollout.rollingOut(2)))
                .isInstanceOfSatisfying(Decision.Refused.class, refused -> assertThat(refused.gate())
                        .isEqualTo("store-status"));

        assertThat(ReleaseMachine.changes(rolling, StoreStatus.Rollout.rollingOut(10))).isTrue();
        assertThat(report(rolling, StoreCapabilities.APP_STORE, StoreStatus.Rollout.rollingOut(10)))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> {
                    assertThat(applied.next().state()).isEqualTo(ReleaseState.ROLLING_OUT);
                    assertThat(applied.next().rolloutPercent()).isEqualTo(10);
                    assertThat(applied.next().rolloutChangedAt()).contains(NOW);
                    assertThat(applied.store()).isEmpty();
                    assertThat(applied.summary()).isEqualTo("rollout at 10% in the App Store (was 5%)");
                });
        assertThat(report(rolling, StoreCapabilities.APP_STORE, StoreStatus.Rollout.completed()))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> {
                    assertThat(applied.next().state()).isEqualTo(ReleaseState.COMPLETED);
                    assertThat(applied.next().rolloutPercent()).isEqualTo(100);
                    assertThat(applied.store()).isEmpty();
                    assertThat(applied.summary()).isEqualTo("released to everyone in the App Store");
                });
        assertThat(report(rolling, StoreCapabilities.GOOGLE_PLAY, StoreStatus.Rollout.rollingOut(100)))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> assertThat(applied.next().state())
                        .isEqualTo(ReleaseState.COMPLETED));
    }

    @Test
    void aStopPressedInTheStoresConsoleIsFollowedButAResumeThereOnlyMovesThePercentage() {
        Release rolling = in(ReleaseState.ROLLING_OUT);
        assertThat(report(rolling, StoreCapabilities.APP_STORE, StoreStatus.Rollout.paused(10)))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> {
                    assertThat(applied.next().state()).isEqualTo(ReleaseState.PAUSED);
                    assertThat(applied.next().rolloutPercent()).isEqualTo(10);
                    assertThat(applied.summary()).isEqualTo("rollout paused at 10% in the App Store");
                });
        assertThat(report(rolling, StoreCapabilities.GOOGLE_PLAY, StoreStatus.Rollout.halted(5)))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> {
                    assertThat(applied.next().state()).isEqualTo(ReleaseState.HALTED);
                    assertThat(applied.summary()).isEqualTo("rollout halted at 5% in Google Play");
                });

        Release paused = in(ReleaseState.PAUSED);
        assertThat(ReleaseMachine.changes(paused, StoreStatus.Rollout.rollingOut(5))).isFalse();
        assertThat(report(paused, StoreCapabilities.APP_STORE, StoreStatus.Rollout.rollingOut(20)))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> {
                    assertThat(applied.next().state()).isEqualTo(ReleaseState.PAUSED);
                    assertThat(applied.next().rolloutPercent()).isEqualTo(20);
                    assertThat(applied.summary()).isEqualTo("rollout at 20% in the App Store (was 5%), paused");
                });
        assertThat(report(paused, StoreCapabilities.APP_STORE, StoreStatus.Rollout.completed()))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> assertThat(applied.next().state())
                        .isEqualTo(ReleaseState.COMPLETED));
        assertThat(report(in(ReleaseState.HALTED), StoreCapabilities.GOOGLE_PLAY, StoreStatus.Rollout.rollingOut(5)))
                .isInstanceOf(Decision.Refused.class);
        assertThat(report(in(ReleaseState.COMPLETED), StoreCapabilities.APP_STORE, StoreStatus.Rollout.completed()))
                .isEqualTo(new Decision.Refused("state", "'store-status' is not allowed while the release is"
                        + " completed"));
    }

    @Test
    void aStoreReportReadBeforeTheReleaseLastChangedIsRefusedAndAWaitingChangeStillWaits() {
        Release rolling = in(ReleaseState.ROLLING_OUT);
        assertThat(decide(rolling, Runbook.DEFAULT, StoreCapabilities.APP_STORE, new ReleaseCommand.StoreReport(
                StoreStatus.Rollout.paused(5), rolling.revision() - 1), "store:app-store")).isEqualTo(
                        new Decision.Refused("revision", "the store was read at revision 2 and the release is at 3"
                                + " now"));
        Runbook strict = new Runbook(Runbook.DEFAULT.rolloutSteps(), 1, 99, true, true);
        Release waiting = ((Decision.AwaitingConfirmation) decide(rolling, strict, StoreCapabilities.MANUAL,
                new ReleaseCommand.CompleteRollout(), "rita")).next();
        assertThat(report(waiting, StoreCapabilities.APP_STORE, StoreStatus.Rollout.rollingOut(10)))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> assertThat(applied.next().pending())
                        .isEqualTo(waiting.pending()));
        assertThat(report(waiting, StoreCapabilities.APP_STORE, StoreStatus.Rollout.completed()))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> assertThat(applied.next().pending())
                        .isEmpty());
    }

    @Test
    void aReviewVerdictReadBeforeTheReleaseLastChangedIsRefusedAndOneReportedWithoutARevisionIsTaken() {
        Release inReview = in(ReleaseState.IN_REVIEW);
        assertThat(decide(inReview, Runbook.DEFAULT, StoreCapabilities.GOOGLE_PLAY, new ReleaseCommand.ReviewResult(
                false, "Google Play did not approve the release", Optional.of(inReview.revision() - 1)),
                "store:google-play")).as("a rejection of the earlier submission").isEqualTo(new Decision.Refused(
                        "revision", "the store's verdict was read at revision 2 and the release is at 3 now"));
        assertThat(decide(inReview, Runbook.DEFAULT, StoreCapabilities.GOOGLE_PLAY, new ReleaseCommand.ReviewResult(
                false, "Google Play did not approve the release", Optional.of(inReview.revision())),
                "store:google-play")).isInstanceOfSatisfying(Decision.Applied.class, applied -> {
                    assertThat(applied.next().state()).isEqualTo(ReleaseState.REJECTED);
                    assertThat(applied.summary()).isEqualTo("the store review rejected it: Google Play did not"
                            + " approve the release");
                    assertThat(applied.store()).isEmpty();
                });
        assertThat(decide(inReview, Runbook.DEFAULT, StoreCapabilities.GOOGLE_PLAY, new ReleaseCommand.ReviewResult(
                true, "approved in the console"), "ci")).as("reported by a person or CI: no revision to check")
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> assertThat(applied.next().state())
                        .isEqualTo(ReleaseState.READY));
        assertThat(decide(in(ReleaseState.READY), Runbook.DEFAULT, StoreCapabilities.GOOGLE_PLAY,
                new ReleaseCommand.ReviewResult(true, "approved", Optional.of(3L)), "store:google-play"))
                .as("the state is checked first").isInstanceOfSatisfying(Decision.Refused.class,
                        refused -> assertThat(refused.gate()).isEqualTo("state"));
    }

    @Test
    void aConfirmationNeverAppliesAChangeOtherThanTheOneWaiting() {
        Runbook strict = new Runbook(Runbook.DEFAULT.rolloutSteps(), 1, 99, true, true);
        Release waiting = ((Decision.AwaitingConfirmation) decide(in(ReleaseState.ROLLING_OUT), strict,
                StoreCapabilities.MANUAL, new ReleaseCommand.HaltRollout("crashes"), "rita")).next();
        assertThat(decide(waiting, strict, StoreCapabilities.MANUAL,
                new ReleaseCommand.IncreaseRollout(Optional.of(100.0)), "carl")).isEqualTo(new Decision.Refused(
                        "confirmation", "halt-rollout asked by rita waits for confirmation; confirm it or let it"
                                + " expire first"));
        assertThat(decide(waiting, strict, StoreCapabilities.MANUAL, new ReleaseCommand.Confirm(), "bob"))
                .isInstanceOfSatisfying(Decision.Applied.class, applied -> assertThat(applied.next().state())
                        .isEqualTo(ReleaseState.HALTED));
    }
}
