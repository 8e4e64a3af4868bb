package dev.mainline.logs;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.Optional;

/**
 * One time a failure happened: in a kept log (its id and line) or in a test's report (the test's name), with the
 * repository, commit, branch, pull request, job and release it touched.
 */
public record FailureOccurrence(ExtractedFailure failure, RepositoryName repository, Optional<String> commit,
        Optional<String> branch, Optional<Integer> pullRequest, Optional<String> job, Optional<String> release,
        Optional<Long> logId, Optional<String> test, Instant at) {
    public FailureOccurrence {
        requireNonNull(failure, "failure is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(pullRequest, "pullRequest is null");
        requireNonNull(job, "job is null");
        requireNonNull(release, "release is null");
        requireNonNull(logId, "logId is null");
        requireNonNull(test, "test is null");
        requireNonNull(at, "at is null");
    }

    /** A failure found in {@code log}. */
    public static FailureOccurrence inLog(ExtractedFailure failure, StoredLog log) {
        LogSource source = log.source();
        return new FailureOccurrence(failure, source.repository(), source.commit(), source.branch(),
                source.pullRequest(), Optional.of(source.job()), source.release(), Optional.of(log.id()),
                Optional.empty(), log.time());
    }
}
