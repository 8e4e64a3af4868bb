package dev.mainline.logs;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.Optional;

/** A test's failed attempt as its report said it, with the CI run it was in: input to failure grouping. */
public record ReportedFailure(long runId, RepositoryName repository, String commit, Optional<String> branch,
        Optional<Integer> pullRequest, String job, String test, Optional<String> failureType,
        Optional<String> message, Optional<String> stackTrace, Instant at) {
    public ReportedFailure {
        requireNonNull(repository, "repository is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(pullRequest, "pullRequest is null");
        requireNonNull(job, "job is null");
        requireNonNull(test, "test is null");
        requireNonNull(failureType, "failureType is null");
        requireNonNull(message, "message is null");
        requireNonNull(stackTrace, "stackTrace is null");
        requireNonNull(at, "at is null");
    }
}
