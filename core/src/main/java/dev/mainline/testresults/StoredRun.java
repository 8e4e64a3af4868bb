package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import dev.mainline.mergequeue.CiBuild;
import java.time.Instant;
import java.util.Optional;

/**
 * One stored report in a test's history: which CI job run it came from (the commit it tested, the job and attempt,
 * the branch it ran on), when, the set of tests it held, and that job run's totals over all its reports, which say
 * whether it was an outage.
 */
public record StoredRun(long id, long jobId, String commit, Optional<String> branch, Instant at, long testSetId,
        int jobTests, int jobFailed) {
    public StoredRun {
        requireNonNull(commit, "commit is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(at, "at is null");
    }

    /** Whether it tested a merge queue's speculative build (its branch is {@code mainline/builds/<build>}). */
    public boolean speculative() {
        return branch.filter(name -> name.startsWith(CiBuild.BRANCHES)).isPresent();
    }
}
