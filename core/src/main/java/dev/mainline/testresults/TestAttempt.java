package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * One run of a test within a report (a test re-run by its runner has several): how it ended, how long it took, and
 * for a failure or error its type, message and stack trace as the runner wrote them.
 */
public record TestAttempt(TestOutcome outcome, Duration duration, Optional<String> failureType,
        Optional<String> message, Optional<String> stackTrace) {
    public TestAttempt {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(failureType, "failureType is null");
        requireNonNull(message, "message is null");
        requireNonNull(stackTrace, "stackTrace is null");
    }

    public static TestAttempt passed(Duration duration) {
        return new TestAttempt(TestOutcome.PASSED, duration, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
