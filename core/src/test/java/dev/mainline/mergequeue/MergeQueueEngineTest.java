package dev.mainline.mergequeue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's behaviours one at a time, with the exact commands it emits. */
class MergeQueueEngineTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private Instant now = START;
    private MergeQueueEngine engine;

    private MergeQueueEngine start(QueueConfiguration configuration) {
        engine = MergeQueueEngine.start(configuration, START, "m0");
        return engine;
    }

    private List<QueueCommand> handle(QueueEvent event) {
        return engine.handle(event);
    }

    private List<QueueCommand> enqueue(int pullRequest, double estimate) {
        return handle(new QueueEvent.Enqueued(now, pullRequest, "h" + pullRequest, "dev" + pullRequest,
                Priority.NORMAL, estimate));
    }

    /** Builds every commit asked for and returns the CI starts. */
    private List<QueueCommand.StartCi> buildAll(List<QueueCommand> commands) {
        List<QueueCommand.StartCi> started = new ArrayList<>();
        for (QueueCommand command : commands) {
            if (command instanceof QueueCommand.BuildCommit build) {
                for (QueueCommand next : handle(
                        new QueueEvent.CommitBuilt(now, build.build(), "c" + build.build().value()))) {
                    if (next instanceof QueueCommand.StartCi start) {
                        started.add(start);
                    }
                }
            }
        }
        return started;
    }

    private static <T extends QueueCommand> List<T> only(List<QueueCommand> commands, Class<T> type) {
        return commands.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private List<QueueCommand> finish(long build, CiOutcome outcome) {
        now = now.plus(Duration.ofMinutes(10));
        return handle(new QueueEvent.CiFinished(now, new BuildId(build), outcome));
    }

    private List<List<Integer>> builtEntries(List<QueueCommand> commands) {
        return only(commands, QueueCommand.BuildCommit.class).stream()
                .map(build -> build.entries().stream().map(EntryRef::pullRequest).toList())
                .toList();
    }

    @Test
    void stacksSpeculativeBuildsAndFastForwardsToTheFurthestGreen() {
        start(QueueConfiguration.defaults().withCiBudget(3).withMaxExclusions(0));
        List<QueueCommand> commands = new ArrayList<>();
        commands.addAll(enqueue(1, 0.9));
        commands.addAll(enqueue(2, 0.9));
        commands.addAll(enqueue(3, 0.9));
        assertThat(builtEntries(commands)).containsExactly(List.of(1), List.of(1, 2), List.of(1, 2, 3));
        assertThat(buildAll(commands)).hasSize(3);

        assertThat(only(finish(3, CiOutcome.PASSED), QueueCommand.FastForward.class)).singleElement()
                .satisfies(forward -> {
                    assertThat(forward.to()).isEqualTo("c3");
                    assertThat(forward.merged()).extracting(EntryRef::pullRequest).containsExactly(1, 2, 3);
                    assertThat(forward.tested()).isTrue();
                });
        assertThat(engine.entries()).isEmpty();
    }

    @Test
    void failureOfAnEntryAheadIsNotChargedToTheOnesBehind() {
        start(QueueConfiguration.defaults().withCiBudget(3).withMaxExclusions(0).withFailureTolerance(0));
        List<QueueCommand> commands = new ArrayList<>();
        for (int pullRequest = 1; pullRequest <= 3; pullRequest++) {
            commands.addAll(enqueue(pullRequest, 0.9));
        }
        buildAll(commands);

        // #2 is bad: its build and the one stacked on it fail; #1 passes.
        finish(3, CiOutcome.FAILED);
        finish(2, CiOutcome.FAILED);
        List<QueueCommand> afterFirst = finish(1, CiOutcome.PASSED);

        assertThat(only(afterFirst, QueueCommand.Eject.class)).singleElement()
                .satisfies(eject -> assertThat(eject.pullRequest()).isEqualTo(2));
        assertThat(only(afterFirst, QueueCommand.FastForward.class)).singleElement()
                .satisfies(
                        forward -> assertThat(forward.merged()).extracting(EntryRef::pullRequest).containsExactly(1));
        assertThat(engine.entries()).extracting(QueueEntry::pullRequest).containsExactly(3);
        assertThat(engine.entries().get(0).failures()).isZero();
        assertThat(builtEntries(afterFirst)).contains(List.of(3));
    }

    @Test
    void suspectedFlakeIsRetriedUntilTheToleranceIsSpent() {
        start(QueueConfiguration.defaults().withCiBudget(1).withMaxExclusions(0).withFailureTolerance(1));
        buildAll(enqueue(1, 0.9));

        List<QueueCommand> retry = finish(1, CiOutcome.FAILED);
        assertThat(only(retry, QueueCommand.StartCi.class)).singleElement()
                .satisfies(start -> assertThat(start.build()).isEqualTo(new BuildId(1)));
        assertThat(engine.history(1)).extracting(HistoryEvent::kind).contains(HistoryEvent.Kind.RETRIED);

        List<QueueCommand> ejected = finish(1, CiOutcome.FAILED);
        assertThat(only(ejected, QueueCommand.Eject.class)).singleElement().satisfies(eject -> {
            assertThat(eject.reason()).isEqualTo(EjectionReason.CI_FAILED);
            assertThat(eject.detail()).contains("failed CI 2 times", "failure tolerance of 1");
        });
        assertThat(only(ejected, QueueCommand.Notify.class)).singleElement()
                .satisfies(notify -> assertThat(notify.author()).isEqualTo("dev1"));
    }

    @Test
    void countingSuccessiveFailuresEjectsWhenTheBuildsBehindFailTooWithoutRetrying() {
        start(QueueConfiguration.defaults().withCiBudget(3).withMaxExclusions(0).withFailureTolerance(1)
                .withCountSuccessiveFailures(true));
        List<QueueCommand> commands = new ArrayList<>();
        for (int pullRequest = 1; pullRequest <= 3; pullRequest++) {
            commands.addAll(enqueue(pullRequest, 0.9));
        }
        buildAll(commands);

        finish(buildOf(commands, 1, 2), CiOutcome.FAILED);
        List<QueueCommand> failed = finish(buildOf(commands, 1), CiOutcome.FAILED);

        assertThat(only(failed, QueueCommand.Eject.class)).singleElement().satisfies(eject -> {
            assertThat(eject.pullRequest()).isEqualTo(1);
            assertThat(eject.detail()).contains("failed CI 2 times");
        });
        assertThat(engine.history(1)).extracting(HistoryEvent::kind).doesNotContain(HistoryEvent.Kind.RETRIED);
        assertThat(engine.entries()).extracting(QueueEntry::pullRequest).containsExactly(2, 3);
    }

    @Test
    void refusedFastForwardPutsTheEntriesBackAndRebuildsOnTheRealMain() {
        start(QueueConfiguration.defaults().withCiBudget(3).withMaxExclusions(0));
        List<QueueCommand> commands = new ArrayList<>(enqueue(1, 0.9));
        commands.addAll(enqueue(2, 0.9));
        buildAll(commands);
        QueueCommand.FastForward forward = only(finish(buildOf(commands, 1, 2), CiOutcome.PASSED),
                QueueCommand.FastForward.class).getFirst();

        List<QueueCommand> refused = handle(new QueueEvent.FastForwardRefused(now, forward.to(), "pushed"));

        assertThat(engine.main()).isEqualTo("pushed");
        assertThat(engine.entries()).extracting(QueueEntry::pullRequest).containsExactly(1, 2);
        assertThat(engine.history(1)).extracting(HistoryEvent::kind).endsWith(HistoryEvent.Kind.MERGE_REFUSED);
        assertThat(only(refused, QueueCommand.BuildCommit.class)).isNotEmpty()
                .allSatisfy(build -> assertThat(build.base()).isEqualTo("pushed"));
        // Nothing is lost: both merge on the real main once tested there.
        List<QueueCommand> rebuilt = new ArrayList<>(refused);
        buildAll(rebuilt);
        assertThat(only(finish(buildOf(rebuilt, 1, 2), CiOutcome.PASSED), QueueCommand.FastForward.class))
                .singleElement().satisfies(again -> {
                    assertThat(again.from()).isEqualTo("pushed");
                    assertThat(again.merged()).extracting(EntryRef::pullRequest).containsExactly(1, 2);
                });
        assertThat(engine.entries()).isEmpty();
    }

    @Test
    void lockedQueueKeepsTestingAndMergesEverythingGreenAtOnceWhenUnlocked() {
        start(QueueConfiguration.defaults().withCiBudget(2).withMaxExclusions(0));
        handle(new QueueEvent.Locked(now, "oncall", "incident 42"));
        List<QueueCommand> commands = new ArrayList<>(enqueue(1, 0.9));
        commands.addAll(enqueue(2, 0.9));
        assertThat(buildAll(commands)).hasSize(2);

        assertThat(only(finish(1, CiOutcome.PASSED), QueueCommand.FastForward.class)).isEmpty();
        assertThat(only(finish(2, CiOutcome.PASSED), QueueCommand.FastForward.class)).isEmpty();
        assertThat(engine.estimates()).allSatisfy(estimate -> assertThat(estimate.expectedMergeAt()).isEmpty());

        List<QueueCommand> unlocked = handle(new QueueEvent.Unlocked(now, "oncall"));
        assertThat(only(unlocked, QueueCommand.FastForward.class)).singleElement()
                .satisfies(forward -> assertThat(forward.merged()).extracting(EntryRef::pullRequest).containsExactly(1,
                        2));
    }

    @Test
    void driftLimitPausesMergingUntilADeploy() {
        start(QueueConfiguration.defaults().withCiBudget(1).withMaxExclusions(0).withMaxUndeployedMerges(1));
        List<QueueCommand> commands = new ArrayList<>(enqueue(1, 0.9));
        commands.addAll(enqueue(2, 0.9));
        buildAll(commands);
        List<QueueCommand> first = finish(1, CiOutcome.PASSED);
        assertThat(only(first, QueueCommand.FastForward.class)).hasSize(1);
        buildAll(first);
        assertThat(only(finish(2, CiOutcome.PASSED), QueueCommand.FastForward.class)).as("paused by drift").isEmpty();

        List<QueueCommand> deployed = handle(new QueueEvent.Deployed(now, "c1"));
        assertThat(only(deployed, QueueCommand.FastForward.class)).singleElement()
                .satisfies(
                        forward -> assertThat(forward.merged()).extracting(EntryRef::pullRequest).containsExactly(2));
    }

    @Test
    void aDeployedMergeThatMainHasGonePastClearsTheDriftUpToItAndNoFurther() {
        start(QueueConfiguration.defaults().withCiBudget(1).withMaxExclusions(0).withMaxUndeployedMerges(3));
        List<QueueCommand> commands = new ArrayList<>();
        for (int pullRequest = 1; pullRequest <= 4; pullRequest++) {
            commands.addAll(enqueue(pullRequest, 0.9));
        }
        for (long build = 1; build <= 3; build++) {
            buildAll(commands);
            commands = finish(build, CiOutcome.PASSED);
            assertThat(only(commands, QueueCommand.FastForward.class)).as("merge %d", build).hasSize(1);
        }
        buildAll(commands);
        assertThat(only(finish(4, CiOutcome.PASSED), QueueCommand.FastForward.class)).as("paused by drift").isEmpty();
        assertThat(engine.undeployedMerges()).containsExactly("c1", "c2", "c3");

        // A commit the engine never saw main at changes nothing: the service places such a commit first.
        assertThat(handle(new QueueEvent.Deployed(now, "pushed-elsewhere"))).isEmpty();
        assertThat(engine.undeployedMerges()).containsExactly("c1", "c2", "c3");

        List<QueueCommand> deployed = handle(new QueueEvent.Deployed(now, "c2"));

        assertThat(only(deployed, QueueCommand.FastForward.class)).singleElement()
                .satisfies(forward -> assertThat(forward.merged()).extracting(EntryRef::pullRequest)
                        .containsExactly(4));
        assertThat(engine.undeployedMerges()).containsExactly("c3", "c4");
        assertThat(engine.waitingOn()).isEmpty();
    }

    @Test
    void namesEveryReasonTheQueueIsNotMerging() {
        start(QueueConfiguration.defaults().withCiBudget(1).withMaxExclusions(0).withMaxUndeployedMerges(1));
        List<QueueCommand> commands = new ArrayList<>();
        for (int pullRequest = 1; pullRequest <= 3; pullRequest++) {
            commands.addAll(enqueue(pullRequest, 0.9));
        }
        buildAll(commands);
        assertThat(engine.waitingOn()).containsExactly(
                new WaitingOn(WaitingOn.Reason.CI, "waiting on CI: #1, first in line, is being tested in 1 build"),
                new WaitingOn(WaitingOn.Reason.CI_BUDGET,
                        "CI budget full: 1 of 1 builds running; #2, #3 wait for a slot"));

        buildAll(finish(1, CiOutcome.PASSED));
        handle(new QueueEvent.Locked(now, "oncall", "incident 42"));

        assertThat(engine.waitingOn()).extracting(WaitingOn::detail).containsExactly(
                "merging is locked: incident 42 (oncall)",
                "1 merge not deployed, limit 1: report a deploy with `mainline deploys report`",
                "waiting on CI: #2, first in line, is being tested in 1 build",
                "CI budget full: 1 of 1 builds running; #3 waits for a slot");
        assertThat(engine.estimates(now)).as("no time while merging is stopped")
                .allSatisfy(estimate -> assertThat(estimate.expectedMergeAt()).isEmpty());

        handle(new QueueEvent.Unlocked(now, "oncall"));
        finish(2, CiOutcome.PASSED);
        assertThat(engine.waitingOn()).as("#2 passed and #3 is being built on it")
                .extracting(WaitingOn::reason).containsExactly(WaitingOn.Reason.DRIFT_LIMIT);
        assertThat(engine.estimates(now)).as("the drift limit stops merging")
                .allSatisfy(estimate -> assertThat(estimate.expectedMergeAt()).isEmpty());

        handle(new QueueEvent.Deployed(now, engine.main()));
        assertThat(engine.undeployedMerges()).containsExactly("c2");
        assertThat(engine.entries()).extracting(QueueEntry::pullRequest).containsExactly(3);
        assertThat(engine.waitingOn()).extracting(WaitingOn::reason).containsExactly(WaitingOn.Reason.DRIFT_LIMIT,
                WaitingOn.Reason.CI);
    }

    @Test
    void expectedMergeTimesAreNeverEarlierThanWhenTheyAreAskedFor() {
        start(QueueConfiguration.defaults().withCiBudget(2).withMaxExclusions(0));
        List<QueueCommand> commands = new ArrayList<>();
        for (int pullRequest = 1; pullRequest <= 4; pullRequest++) {
            commands.addAll(enqueue(pullRequest, 0.9));
        }
        buildAll(commands);
        finish(1, CiOutcome.FAILED);
        // Hours pass without an event: CI is slower than it has ever been.
        Instant later = now.plus(Duration.ofHours(5));

        assertThat(engine.estimates(later)).hasSize(4).allSatisfy(estimate -> assertThat(estimate.expectedMergeAt())
                .hasValueSatisfying(at -> assertThat(at).isAfterOrEqualTo(later)));
        assertThat(engine.estimates(START)).as("the engine's own time is the earliest")
                .allSatisfy(estimate -> assertThat(estimate.expectedMergeAt())
                        .hasValueSatisfying(at -> assertThat(at).isAfterOrEqualTo(now)));
    }

    @Test
    void suspectEntryIsTestedBothWaysSoTheOnesBehindDoNotStall() {
        start(QueueConfiguration.defaults().withCiBudget(4).withMaxExclusions(1));
        List<QueueCommand> commands = new ArrayList<>(enqueue(1, 0.95));
        commands.addAll(enqueue(2, 0.3));
        commands.addAll(enqueue(3, 0.95));

        assertThat(builtEntries(commands)).contains(List.of(1), List.of(1, 2), List.of(1, 3));
    }

    @Test
    void entryTheRiskModelFlagsMovesBehindWhenTheBuildWithoutItPassesFirst() {
        start(QueueConfiguration.defaults().withCiBudget(6).withMaxExclusions(1));
        List<QueueCommand> commands = new ArrayList<>(enqueue(1, 0.999));
        commands.addAll(enqueue(2, 0.2));
        commands.addAll(enqueue(3, 0.999));
        buildAll(commands);

        assertThat(only(finish(buildOf(commands, 1), CiOutcome.PASSED), QueueCommand.FastForward.class))
                .singleElement()
                .satisfies(forward -> assertThat(forward.merged()).extracting(EntryRef::pullRequest)
                        .containsExactly(1));
        List<QueueCommand> passed = finish(buildOf(commands, 1, 3), CiOutcome.PASSED);

        assertThat(only(passed, QueueCommand.FastForward.class)).singleElement()
                .satisfies(forward -> assertThat(forward.merged()).extracting(EntryRef::pullRequest)
                        .containsExactly(3));
        assertThat(engine.entries()).extracting(QueueEntry::pullRequest).containsExactly(2);
        assertThat(engine.history(2)).extracting(HistoryEvent::kind).contains(HistoryEvent.Kind.POSITION_CHANGED);
    }

    @Test
    void failureIsChargedAsSoonAsABuildWithoutTheEntryPasses() {
        start(QueueConfiguration.defaults().withCiBudget(10).withMaxExclusions(1));
        List<QueueCommand> commands = new ArrayList<>(enqueue(1, 0.6));
        commands.addAll(enqueue(2, 0.999));
        buildAll(commands);

        // #1's own build is slow; main + #1, #2 failed and main + #2 passed, so #1 is to blame already.
        finish(buildOf(commands, 1, 2), CiOutcome.FAILED);
        List<QueueCommand> passed = finish(buildOf(commands, 2), CiOutcome.PASSED);

        assertThat(engine.history(1)).filteredOn(line -> line.kind() == HistoryEvent.Kind.FAILURE_CHARGED)
                .singleElement().satisfies(line -> assertThat(line.detail()).contains("passed without it"));
        assertThat(only(passed, QueueCommand.FastForward.class)).singleElement()
                .satisfies(forward -> assertThat(forward.merged()).extracting(EntryRef::pullRequest)
                        .containsExactly(2));
        assertThat(engine.entries()).extracting(QueueEntry::pullRequest).containsExactly(1);
    }

    private static long buildOf(List<QueueCommand> commands, Integer... pullRequests) {
        return only(commands, QueueCommand.BuildCommit.class).stream()
                .filter(build -> build.entries().stream().map(EntryRef::pullRequest).toList()
                        .equals(List.of(pullRequests)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no build of " + List.of(pullRequests)))
                .build()
                .value();
    }

    @Test
    void urgentEntryGoesBehindRunningWorkAndAheadOfTheRest() {
        start(QueueConfiguration.defaults().withCiBudget(2).withMaxExclusions(0));
        List<QueueCommand> commands = new ArrayList<>(enqueue(1, 0.9));
        commands.addAll(enqueue(2, 0.9));
        buildAll(commands);
        enqueue(3, 0.9);

        List<QueueCommand> urgent = handle(new QueueEvent.Enqueued(now, 4, "h4", "dev4", Priority.URGENT, 0.9));

        assertThat(engine.entries()).extracting(QueueEntry::pullRequest).containsExactly(1, 2, 4, 3);
        assertThat(only(urgent, QueueCommand.CancelCi.class)).as("no running CI thrown away").isEmpty();
    }

    @Test
    void emergencyMergeLandsNowAndKeepsRunningCiAsEvidence() {
        start(QueueConfiguration.defaults().withCiBudget(2).withMaxExclusions(0));
        List<QueueCommand> commands = new ArrayList<>(enqueue(1, 0.6));
        commands.addAll(enqueue(2, 0.9));
        buildAll(commands);

        List<QueueCommand> emergency = handle(new QueueEvent.EmergencyMerge(now, 9, "h9", "dev9", "oncall"));
        QueueCommand.BuildCommit build = only(emergency, QueueCommand.BuildCommit.class).get(0);
        List<QueueCommand> afterBuild = handle(new QueueEvent.CommitBuilt(now, build.build(), "e9"));

        assertThat(only(afterBuild, QueueCommand.FastForward.class)).singleElement().satisfies(forward -> {
            assertThat(forward.tested()).isFalse();
            assertThat(forward.to()).isEqualTo("e9");
        });
        assertThat(only(afterBuild, QueueCommand.CancelCi.class)).as("running CI is kept").isEmpty();
        assertThat(engine.builds()).filteredOn(existing -> existing.kind() == SpeculativeBuild.Kind.STALE).hasSize(2);

        // The stale build of #1 passes: #1 becomes very likely good, and is tested again on the new main.
        finish(1, CiOutcome.PASSED);
        assertThat(engine.entries().get(0).successEstimate()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void mergeConflictEjectsAndNamesTheFiles() {
        start(QueueConfiguration.defaults().withCiBudget(2).withMaxExclusions(0));
        enqueue(1, 0.9);
        List<QueueCommand> commands = enqueue(2, 0.9);
        QueueCommand.BuildCommit build = only(commands, QueueCommand.BuildCommit.class).get(0);

        List<QueueCommand> conflicted = handle(
                new QueueEvent.CommitConflicted(now, build.build(), 2,
                        List.of("app/Payments.java", "app/Ledger.java")));

        assertThat(only(conflicted, QueueCommand.Eject.class)).singleElement().satisfies(eject -> {
            assertThat(eject.reason()).isEqualTo(EjectionReason.MERGE_CONFLICT);
            assertThat(eject.detail()).contains("app/Payments.java, app/Ledger.java").contains("main + #1");
        });
    }

    @Test
    void shrinkingTheBudgetCancelsTheDeepestBuilds() {
        start(QueueConfiguration.defaults().withCiBudget(3).withMaxExclusions(0));
        List<QueueCommand> commands = new ArrayList<>();
        for (int pullRequest = 1; pullRequest <= 3; pullRequest++) {
            commands.addAll(enqueue(pullRequest, 0.9));
        }
        buildAll(commands);

        List<QueueCommand> shrunk = handle(new QueueEvent.ConfigurationChanged(now,
                engine.configuration().withCiBudget(1)));

        assertThat(only(shrunk, QueueCommand.CancelCi.class)).extracting(QueueCommand.CancelCi::build)
                .containsExactlyInAnyOrder(new BuildId(3), new BuildId(2));
        assertThat(engine.inFlightBuilds()).containsExactly(new BuildId(1));
    }
}
