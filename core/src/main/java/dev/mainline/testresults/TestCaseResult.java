package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A test as one report saw it: who it is (its suite, class, name and, when the runner says, its file) and every
 * attempt at it in the order they ran. Its outcome is its last attempt's; it was flaky in this report when an attempt
 * failed and a later one passed.
 */
public record TestCaseResult(String suite, String className, String name, Optional<String> file,
        List<TestAttempt> attempts) {
    public TestCaseResult {
        requireNonNull(suite, "suite is null");
        requireNonNull(className, "className is null");
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
        attempts = List.copyOf(requireNonNull(attempts, "attempts is null"));
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a test result has at least one attempt");
        }
    }

    public TestOutcome outcome() {
        return attempts.getLast().outcome();
    }

    /** Failed or errored, then passed, within this report. */
    public boolean flaky() {
        return outcome() == TestOutcome.PASSED
                && attempts.stream().anyMatch(attempt -> attempt.outcome().failed());
    }
}
