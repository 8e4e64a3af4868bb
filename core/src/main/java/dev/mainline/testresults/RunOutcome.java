package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One test in one run: the commit the run tested, when, the outcome of each attempt in order, and whether the run as
 * a whole was an outage (so many of its tests failed that the cause was the infrastructure, not the tests).
 */
public record RunOutcome(long runId, String commit, Instant at, List<TestOutcome> attempts, boolean outage) {
    public RunOutcome {
        requireNonNull(commit, "commit is null");
        requireNonNull(at, "at is null");
        attempts = List.copyOf(requireNonNull(attempts, "attempts is null"));
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a run outcome has at least one attempt");
        }
    }

    public TestOutcome outcome() {
        return attempts.getLast();
    }

    /** It failed, then passed, within this run. */
    public boolean passedOnRetry() {
        return outcome() == TestOutcome.PASSED && attempts.stream().anyMatch(TestOutcome::failed);
    }
}
