package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.identity.Action;
import java.util.Optional;

/** What someone (or CI, or the store) asks of a release; each names the action the role model checks. */
public sealed interface ReleaseCommand {
    Action action();

    /** The name in the API, the audit log and refusals, such as {@code increase-rollout}. */
    String name();

    record RecordBuild(String build) implements ReleaseCommand {
        public RecordBuild {
            requireNonNull(build, "build is null");
            if (!build.matches("[A-Za-z0-9._+-]{1,64}")) {
                throw MainlineException.invalid("a build number has 1 to 64 letters, digits and . _ + -, got '%s'",
                        build);
            }
        }

        public Action action() {
            return Action.RELEASE_BUILD;
        }

        public String name() {
            return "record-build";
        }
    }

    record RunRegression() implements ReleaseCommand {
        public Action action() {
            return Action.RELEASE_REGRESSION;
        }

        public String name() {
            return "run-regression";
        }
    }

    record RegressionResult(boolean passed, Optional<String> link) implements ReleaseCommand {
        public RegressionResult {
            requireNonNull(link, "link is null");
        }

        public Action action() {
            return Action.RELEASE_REPORT;
        }

        public String name() {
            return "regression-result";
        }
    }

    record Approve() implements ReleaseCommand {
        public Action action() {
            return Action.RELEASE_APPROVE;
        }

        public String name() {
            return "approve";
        }
    }

    record Submit() implements ReleaseCommand {
        public Action action() {
            return Action.RELEASE_SUBMIT;
        }

        public String name() {
            return "submit";
        }
    }

    /**
     * The store's review verdict. Mainline's store polling sends the {@code revision} the release was at when the
     * store was read, so a verdict on an earlier submission is never taken for a later one; a person or CI reporting
     * it sends none.
     */
    record ReviewResult(boolean approved, String reason, Optional<Long> revision) implements ReleaseCommand {
        public ReviewResult {
            requireNonNull(reason, "reason is null");
            requireNonNull(revision, "revision is null");
        }

        /** A verdict reported by a person or CI: taken whatever the release's revision. */
        public ReviewResult(boolean approved, String reason) {
            this(approved, reason, Optional.empty());
        }

        public Action action() {
            return Action.RELEASE_REPORT;
        }

        public String name() {
            return "review-result";
        }
    }

    /**
     * What the store says of a rollout Mainline did not change itself (Apple's phased release moving on by its
     * schedule, a button pressed in the store's console), read while the release was at {@code revision}: Mainline
     * follows it and never asks the store to change anything. Sent by Mainline's store polling.
     */
    record StoreReport(StoreStatus.Rollout rollout, long revision) implements ReleaseCommand {
        public StoreReport {
            requireNonNull(rollout, "rollout is null");
        }

        public Action action() {
            return Action.RELEASE_REPORT;
        }

        public String name() {
            return "store-status";
        }
    }

    record ReportCrashFreeRate(double rate) implements ReleaseCommand {
        public ReportCrashFreeRate {
            if (!(rate >= 0 && rate <= 100)) {
                throw MainlineException.invalid("a crash-free rate is a percentage, 0 to 100, got %s", rate);
            }
        }

        public Action action() {
            return Action.RELEASE_REPORT;
        }

        public String name() {
            return "crash-free-rate";
        }
    }

    record StartRollout() implements ReleaseCommand {
        public Action action() {
            return Action.RELEASE_ROLLOUT;
        }

        public String name() {
            return "start-rollout";
        }
    }

    /** To the runbook's next step, or to {@code to} when given. */
    record IncreaseRollout(Optional<Double> to) implements ReleaseCommand {
        public IncreaseRollout {
            requireNonNull(to, "to is null");
            if (to.isPresent() && !(to.get() > 0 && to.get() <= 100)) {
                throw MainlineException.invalid("a rollout percentage is above 0 and at most 100, got %s", to.get());
            }
        }

        public Action action() {
            return Action.RELEASE_ROLLOUT;
        }

        public String name() {
            return "increase-rollout";
        }
    }

    record PauseRollout() implements ReleaseCommand {
        public Action action() {
            return Action.RELEASE_ROLLOUT;
        }

        public String name() {
            return "pause-rollout";
        }
    }

    record HaltRollout(String reason) implements ReleaseCommand {
        public HaltRollout {
            requireNonNull(reason, "reason is null");
            if (reason.isBlank() || reason.length() > 500) {
                throw MainlineException.invalid("a halt needs a reason of 1 to 500 characters");
            }
        }

        public Action action() {
            return Action.RELEASE_ROLLOUT;
        }

        public String name() {
            return "halt-rollout";
        }
    }

    record ResumeRollout() implements ReleaseCommand {
        public Action action() {
            return Action.RELEASE_ROLLOUT;
        }

        public String name() {
            return "resume-rollout";
        }
    }

    /** To 100% at once. */
    record CompleteRollout() implements ReleaseCommand {
        public Action action() {
            return Action.RELEASE_ROLLOUT;
        }

        public String name() {
            return "complete-rollout";
        }
    }

    record RollBack(String reason) implements ReleaseCommand {
        public RollBack {
            requireNonNull(reason, "reason is null");
            if (reason.isBlank() || reason.length() > 500) {
                throw MainlineException.invalid("a rollback needs a reason of 1 to 500 characters");
            }
        }

        public Action action() {
            return Action.RELEASE_ROLLOUT;
        }

        public String name() {
            return "roll-back";
        }
    }

    /** A second release manager confirms the change waiting for confirmation. */
    record Confirm() implements ReleaseCommand {
        public Action action() {
            return Action.RELEASE_ROLLOUT;
        }

        public String name() {
            return "confirm";
        }
    }
}
