package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One test in one run: the commit the run tested, when, the outcome of each attempt in order, whether the run as a
 * whole was an outage (so many of its tests failed that the cause was the infrastructure, not the tests), and whether
 * it tested a merge queue's speculative build (main with pull requests not merged yet: code no other run tested, so
 * its outcome differing from the runs around it is the pull requests' doing, which is what the queue is finding out).
 */
public record RunOutcome(long runId, String commit, Instant at, List<TestOutcome> attempts, boolean outage,
        boolean speculative) {
    /** A run of code that is a branch's own, not a queue's speculative build. */
    public RunOutcome(long runId, String commit, Instant at, List<TestOutcome> attempts, boolean outage) {
        this(runId, commit, at, attempts, outage, false);
    }

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
