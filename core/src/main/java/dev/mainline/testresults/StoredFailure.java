package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One failed or errored attempt of a test, kept for good: which stored run it was in, which attempt, whether the test
 * passed later in that run (a flaky failure), and what the runner said.
 */
public record StoredFailure(long runId, long testId, int attempt, TestOutcome outcome, boolean passedLater,
        Optional<String> failureType, Optional<String> message, Optional<String> stackTrace, Instant at) {
    public StoredFailure {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(failureType, "failureType is null");
        requireNonNull(message, "message is null");
        requireNonNull(stackTrace, "stackTrace is null");
        requireNonNull(at, "at is null");
    }
}
