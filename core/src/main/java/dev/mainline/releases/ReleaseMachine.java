package dev.mainline.releases;

import static dev.mainline.releases.ReleaseState.BUILT;
import static dev.mainline.releases.ReleaseState.COMPLETED;
import static dev.mainline.releases.ReleaseState.CUT;
import static dev.mainline.releases.ReleaseState.HALTED;
import static dev.mainline.releases.ReleaseState.IN_REVIEW;
import static dev.mainline.releases.ReleaseState.PAUSED;
import static dev.mainline.releases.ReleaseState.READY;
import static dev.mainline.releases.ReleaseState.REGRESSION_FAILED;
import static dev.mainline.releases.ReleaseState.REGRESSION_PASSED;
import static dev.mainline.releases.ReleaseState.REGRESSION_RUNNING;
import static dev.mainline.releases.ReleaseState.REJECTED;
import static dev.mainline.releases.ReleaseState.ROLLED_BACK;
import static dev.mainline.releases.ReleaseState.ROLLING_OUT;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The runbook enforced: given a release, its app's runbook, what its store can do, and a command, says what happens.
 * Pure: no I/O, no clock of its own; every allowed and refused transition is in {@code ReleaseMachineTest}.
 */
public final class ReleaseMachine {
    /** A change waiting for a second release manager is forgotten after this long. */
    public static final Duration CONFIRMATION_WINDOW = Duration.ofHours(1);

    private ReleaseMachine() {
    }

    public static Decision decide(Release release, Runbook runbook, StoreCapabilities store, ReleaseCommand command,
            String login, Instant now) {
        return decide(release, runbook, store, command, login, now, false);
    }

    private static Decision decide(Release release, Runbook runbook, StoreCapabilities store, ReleaseCommand command,
            String login, Instant now, boolean confirmed) {
        if (release.state().ended()) {
            return new Decision.Refused("state", "the release was rolled back; nothing more can happen to it");
        }
        return switch (command) {
            case ReleaseCommand.RecordBuild build -> in(release, command, EnumSet.of(CUT, BUILT, REGRESSION_FAILED,
                    REGRESSION_PASSED, REJECTED),
                    () -> applied(release.withBuild(build.build(), now),
                            "build %s recorded; regression must pass on it".formatted(build.build()), null));
            case ReleaseCommand.RunRegression run -> release.state() == CUT
                    ? new Decision.Refused("build", "no build is recorded yet: regression runs on a build")
                    : in(release, command, EnumSet.of(BUILT, REGRESSION_FAILED, REGRESSION_PASSED),
                            () -> applied(release.with(REGRESSION_RUNNING, 0, now), "regression started on build "
                                    + release.build().orElse("?"), null));
            case ReleaseCommand.RegressionResult result -> in(release, command, EnumSet.of(REGRESSION_RUNNING),
                    () -> applied(release.with(result.passed() ? REGRESSION_PASSED : REGRESSION_FAILED, 0, now),
                            "regression " + (result.passed() ? "passed" : "failed")
                                    + result.link().map(link -> " (" + link + ")").orElse(""),
                            null));
            case ReleaseCommand.Approve approve -> release.state() != REGRESSION_PASSED
                    ? regressionGate(release)
                    : release.approvals().contains(login)
                            ? new Decision.Refused("approvals", login + " approved this build already")
                            : applied(release.withApproval(login, now), "approved by " + login, null);
            case ReleaseCommand.Submit submit -> submit(release, runbook, store, now);
            case ReleaseCommand.ReviewResult review -> in(release, command, EnumSet.of(IN_REVIEW),
                    () -> reviewResult(release, review, now));
            case ReleaseCommand.StoreReport report -> storeReport(release, store, report, now);
            case ReleaseCommand.ReportCrashFreeRate rate -> applied(release.withCrashFreeRate(rate.rate(), now),
                    "crash-free rate %.2f%%".formatted(rate.rate()), null);
            case ReleaseCommand.StartRollout start -> !release.state().equals(READY)
                    ? release.state() == IN_REVIEW
                            ? new Decision.Refused("store-review", "the store has not approved it yet")
                            : stateRefusal(release, command)
                    : capable(store, StoreChange.START_ROLLOUT).orElseGet(() -> {
                        double first = store.fixedSchedule() ? 1.0 : runbook.rolloutSteps().getFirst();
                        return applied(release.with(ROLLING_OUT, first, now), "rollout started at %s%%"
                                .formatted(percent(first)), StoreChange.START_ROLLOUT);
                    });
            case ReleaseCommand.IncreaseRollout increase -> increase(release, runbook, store, increase, login, now,
                    confirmed);
            case ReleaseCommand.PauseRollout pause -> in(release, command, EnumSet.of(ROLLING_OUT),
                    () -> capable(store, StoreChange.PAUSE).orElseGet(() -> applied(release.with(PAUSED,
                            release.rolloutPercent(), now),
                            "rollout paused at %s%%".formatted(percent(release
                                    .rolloutPercent())),
                            StoreChange.PAUSE)));
            case ReleaseCommand.HaltRollout halt -> in(release, command, EnumSet.of(ROLLING_OUT, PAUSED),
                    () -> capable(store, StoreChange.HALT).orElseGet(() -> runbook.twoPersonHalt() && !confirmed
                            ? awaiting(release, command, login, now)
                            : applied(release.with(HALTED, release.rolloutPercent(), now), "rollout halted at %s%%: %s"
                                    .formatted(percent(release.rolloutPercent()), halt.reason()), StoreChange.HALT)));
            case ReleaseCommand.ResumeRollout resume -> in(release, command, EnumSet.of(PAUSED, HALTED),
                    () -> capable(store, StoreChange.RESUME).orElseGet(() -> applied(release.with(ROLLING_OUT,
                            release.rolloutPercent(), now),
                            "rollout resumed at %s%%".formatted(percent(release
                                    .rolloutPercent())),
                            StoreChange.RESUME)));
            case ReleaseCommand.CompleteRollout complete -> in(release, command, EnumSet.of(ROLLING_OUT, PAUSED),
                    () -> capable(store, StoreChange.COMPLETE).or(() -> healthGate(release, runbook, now))
                            .orElseGet(() -> runbook.twoPersonFull() && !confirmed
                                    ? awaiting(release, command, login, now)
                                    : applied(release.with(COMPLETED, 100, now), "released to everyone",
                                            StoreChange.COMPLETE)));
            case ReleaseCommand.RollBack back -> in(release, command, EnumSet.of(ROLLING_OUT, PAUSED, HALTED,
                    COMPLETED),
                    () -> capable(store, StoreChange.ROLL_BACK).orElseGet(() -> release.previousBuild()
                            .<Decision>map(previous -> applied(release.with(ROLLED_BACK, 0, now),
                                    "rolled back to build %s: %s".formatted(previous, back.reason()),
                                    StoreChange.ROLL_BACK))
                            .orElseGet(() -> new Decision.Refused("previous-build",
                                    "there is no previous build of this app on this platform to go back to"))));
            case ReleaseCommand.Confirm confirm -> confirm(release, runbook, store, login, now);
        };
    }

    private static Decision submit(Release release, Runbook runbook, StoreCapabilities store, Instant now) {
        if (release.state() != REGRESSION_PASSED) {
            return EnumSet.of(CUT, BUILT, REGRESSION_RUNNING, REGRESSION_FAILED, REJECTED).contains(release.state())
                    ? regressionGate(release)
                    : new Decision.Refused("state", "it was submitted already (%s)".formatted(release.state()
                            .wireName()));
        }
        if (release.approvals().size() < runbook.requiredApprovals()) {
            return new Decision.Refused("approvals", "%d of %d approvals given".formatted(release.approvals().size(),
                    runbook.requiredApprovals()));
        }
        return capable(store, StoreChange.SUBMIT).orElseGet(() -> applied(release.with(IN_REVIEW, 0, now),
                "submitted for review", StoreChange.SUBMIT));
    }

    /**
     * The store's verdict on the release in review. One read before the release last changed (a rejection read just
     * before a new build was recorded and submitted again) is refused: it is about the earlier submission.
     */
    private static Decision reviewResult(Release release, ReleaseCommand.ReviewResult review, Instant now) {
        if (review.revision().isPresent() && review.revision().get() != release.revision()) {
            return new Decision.Refused("revision", ("the store's verdict was read at revision %d and the release"
                    + " is at %d now").formatted(review.revision().get(), release.revision()));
        }
        return applied(release.with(review.approved() ? READY : REJECTED, 0, now), "the store review "
                + (review.approved() ? "approved it" : "rejected it: " + review.reason()), null);
    }

    private static Decision increase(Release release, Runbook runbook, StoreCapabilities store,
            ReleaseCommand.IncreaseRollout increase, String login, Instant now, boolean confirmed) {
        if (release.state() != ROLLING_OUT) {
            return stateRefusal(release, increase);
        }
        Optional<Decision> refused = capable(store, StoreChange.SET_ROLLOUT)
                .or(() -> healthGate(release, runbook, now));
        if (refused.isPresent()) {
            return refused.get();
        }
        double to = increase.to().orElseGet(() -> runbook.next(release.rolloutPercent()));
        if (to <= release.rolloutPercent()) {
            return new Decision.Refused("rollout", "%s%% is not above the current %s%%".formatted(percent(to),
                    percent(release.rolloutPercent())));
        }
        if (to == 100) {
            return runbook.twoPersonFull() && !confirmed
                    ? awaiting(release, increase, login, now)
                    : applied(release.with(COMPLETED, 100, now), "released to everyone", StoreChange.COMPLETE);
        }
        return applied(release.with(ROLLING_OUT, to, now), "rollout increased from %s%% to %s%%".formatted(percent(
                release.rolloutPercent()), percent(to)), StoreChange.SET_ROLLOUT);
    }

    /**
     * The store's word on a rollout: Mainline follows a store that went further (a higher percentage, Apple's schedule
     * moving on by itself), completed it, or stopped it (a pause or a halt pressed in the store's console). A store
     * that says the rollout goes on while Mainline has it paused or halted only moves the percentage: resuming is a
     * release manager's decision in Mainline. A report read before the release last changed is refused, so one read
     * just before Mainline's own change never undoes it.
     */
    private static Decision storeReport(Release release, StoreCapabilities store, ReleaseCommand.StoreReport report,
            Instant now) {
        if (!EnumSet.of(ROLLING_OUT, PAUSED, HALTED).contains(release.state())) {
            return stateRefusal(release, report);
        }
        if (report.revision() != release.revision()) {
            return new Decision.Refused("revision", "the store was read at revision %d and the release is at %d now"
                    .formatted(report.revision(), release.revision()));
        }
        ReleaseState state = followed(release.state(), report.rollout());
        double percent = state == COMPLETED ? 100 : Math.max(release.rolloutPercent(), report.rollout().percent());
        if (state == release.state() && percent == release.rolloutPercent()) {
            return new Decision.Refused("store-status", "%s reports what Mainline has: %s at %s%%".formatted(
                    store.store(), state.wireName(), percent(percent)));
        }
        Release next = release.with(state, percent, now);
        if (state == release.state() && release.pending().isPresent()) {
            // Only the percentage moved: a change waiting for confirmation still waits.
            next = next.withPending(release.pending().get(), now);
        }
        String summary = switch (state) {
            case COMPLETED -> "released to everyone in " + store.store();
            case PAUSED, HALTED -> state != release.state()
                    ? "rollout %s at %s%% in %s".formatted(state == PAUSED ? "paused" : "halted", percent(percent),
                            store.store())
                    : "rollout at %s%% in %s (was %s%%), %s".formatted(percent(percent), store.store(),
                            percent(release.rolloutPercent()), state.wireName());
            default -> "rollout at %s%% in %s (was %s%%)".formatted(percent(percent), store.store(),
                    percent(release.rolloutPercent()));
        };
        return applied(next, summary, null);
    }

    /** The state a release in {@code current} (rolling out, paused or halted) takes after the store's report. */
    private static ReleaseState followed(ReleaseState current, StoreStatus.Rollout rollout) {
        return switch (rollout.phase()) {
            case COMPLETED -> COMPLETED;
            case ROLLING_OUT -> rollout.percent() >= 100 ? COMPLETED : current;
            case PAUSED -> current == ROLLING_OUT ? PAUSED : current;
            case HALTED -> HALTED;
        };
    }

    /**
     * Whether a {@code store-status} report of {@code rollout} would change {@code release}: the store polling sends
     * one only then, so the history holds what changed and not every read.
     */
    public static boolean changes(Release release, StoreStatus.Rollout rollout) {
        if (!EnumSet.of(ROLLING_OUT, PAUSED, HALTED).contains(release.state())) {
            return false;
        }
        ReleaseState state = followed(release.state(), rollout);
        return state != release.state() || (state != COMPLETED && rollout.percent() > release.rolloutPercent());
    }

    /** Going further needs a crash-free rate at or above the runbook's, measured since the rollout last changed. */
    private static Optional<Decision> healthGate(Release release, Runbook runbook, Instant now) {
        if (release.crashFreeRate().isEmpty() || release.crashFreeAt().isEmpty() || (release.rolloutChangedAt()
                .isPresent() && release.crashFreeAt().get().isBefore(release.rolloutChangedAt().get()))) {
            return Optional.of(new Decision.Refused("crash-free-rate",
                    "no crash-free rate was reported since the rollout last changed"));
        }
        if (release.crashFreeRate().get() < runbook.minCrashFreeRate()) {
            return Optional.of(new Decision.Refused("crash-free-rate", "the crash-free rate %.2f%% is below %.2f%%"
                    .formatted(release.crashFreeRate().get(), runbook.minCrashFreeRate())));
        }
        return Optional.empty();
    }

    private static Decision confirm(Release release, Runbook runbook, StoreCapabilities store, String login,
            Instant now) {
        Optional<Release.Pending> pending = release.pending()
                .filter(waiting -> waiting.requestedAt().plus(CONFIRMATION_WINDOW).isAfter(now));
        if (pending.isEmpty()) {
            return new Decision.Refused("confirmation", "nothing waits for confirmation");
        }
        if (pending.get().requestedBy().equals(login)) {
            return new Decision.Refused("two-person", "a second release manager must confirm what %s asked for"
                    .formatted(login));
        }
        Decision decision = decide(release, runbook, store, pending.get().command(), login, now, true);
        if (decision instanceof Decision.Applied applied) {
            return new Decision.Applied(applied.next(), applied.summary() + " (asked by %s, confirmed by %s)"
                    .formatted(pending.get().requestedBy(), login), applied.store());
        }
        return decision;
    }

    private static Decision awaiting(Release release, ReleaseCommand command, String login, Instant now) {
        Optional<Release.Pending> waiting = release.pending()
                .filter(pending -> pending.requestedAt().plus(CONFIRMATION_WINDOW).isAfter(now));
        if (waiting.isPresent() && !waiting.get().command().equals(command)) {
            // Another change waits: a confirmation must never apply something other than what was asked.
            return new Decision.Refused("confirmation", "%s asked by %s waits for confirmation; confirm it or let it"
                    .formatted(waiting.get().command().name(), waiting.get().requestedBy()) + " expire first");
        }
        return new Decision.AwaitingConfirmation(release.withPending(new Release.Pending(command, login, now), now),
                "%s asked by %s; a second release manager must confirm it within an hour".formatted(command.name(),
                        login));
    }

    private static Optional<Decision> capable(StoreCapabilities store, StoreChange change) {
        return store.supports(change)
                ? Optional.empty()
                : Optional.of(new Decision.Refused("store", store.whyNot(change)));
    }

    private static Decision regressionGate(Release release) {
        return new Decision.Refused("regression-passed", "regression has not passed on the current build ("
                + release.state().wireName() + ")");
    }

    private static Decision in(Release release, ReleaseCommand command, Set<ReleaseState> allowed,
            java.util.function.Supplier<Decision> then) {
        return allowed.contains(release.state()) ? then.get() : stateRefusal(release, command);
    }

    private static Decision stateRefusal(Release release, ReleaseCommand command) {
        return new Decision.Refused("state", "'%s' is not allowed while the release is %s".formatted(command.name(),
                release.state().wireName()));
    }

    private static Decision applied(Release next, String summary, StoreChange store) {
        return new Decision.Applied(next, summary, Optional.ofNullable(store));
    }

    static String percent(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

}
