package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A CI job run as stored: where its reports came from (repository, commit, branch, pull request, job, attempt,
 * author), how many reports it sent, their totals, and when the first and the latest were stored.
 */
public record StoredJob(long id, TestRun run, int reports, int tests, int failed, Instant firstAt, Instant lastAt) {
    public StoredJob {
        requireNonNull(run, "run is null");
        requireNonNull(firstAt, "firstAt is null");
        requireNonNull(lastAt, "lastAt is null");
    }
}
