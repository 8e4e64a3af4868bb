package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

/**
 * That a test failed in a stored run, without what the runner said: what classifying a test needs of its failures,
 * and a fraction of their size.
 */
public record FailedAttempt(long runId, long testId, int attempt, TestOutcome outcome, boolean passedLater) {
    public FailedAttempt {
        requireNonNull(outcome, "outcome is null");
    }
}
