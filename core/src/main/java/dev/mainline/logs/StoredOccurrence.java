package dev.mainline.logs;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.Optional;

/** A kept occurrence of a failure group: where it happened, its log line when it is in a log, and when. */
public record StoredOccurrence(long groupId, RepositoryName repository, Optional<String> commit,
        Optional<String> branch, Optional<Integer> pullRequest, Optional<String> job, Optional<String> release,
        Optional<Long> logId, long line, Optional<String> test, Instant at) {
    public StoredOccurrence {
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
}
