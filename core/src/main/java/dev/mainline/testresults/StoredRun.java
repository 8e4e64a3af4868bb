package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One stored report in a test's history: which CI job run it came from (the commit it tested, the job and attempt),
 * when, the set of tests it held, and that job run's totals over all its reports, which say whether it was an outage.
 */
public record StoredRun(long id, long jobId, String commit, Instant at, long testSetId, int jobTests, int jobFailed) {
    public StoredRun {
        requireNonNull(commit, "commit is null");
        requireNonNull(at, "at is null");
    }
}
