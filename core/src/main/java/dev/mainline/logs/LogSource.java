package dev.mainline.logs;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a log came from: the repository, the commit, branch and pull request it was built for, the job and its
 * attempt, the release version and platform it belongs to, when it ran and how that ended.
 */
public record LogSource(RepositoryName repository, Optional<String> commit, Optional<String> branch,
        Optional<Integer> pullRequest, String job, int attempt, Optional<String> release, Optional<String> platform,
        LogKind kind, Optional<Instant> startedAt, Optional<Instant> finishedAt, LogOutcome outcome) {
    public static final int MAX_JOB = 200;
    public static final int MAX_RELEASE = 100;

    public LogSource {
        requireNonNull(repository, "repository is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(pullRequest, "pullRequest is null");
        requireNonNull(job, "job is null");
        requireNonNull(release, "release is null");
        requireNonNull(platform, "platform is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(outcome, "outcome is null");
        if (commit.isPresent() && !commit.get().matches("[0-9a-f]{7,64}")) {
            throw MainlineException.invalid("commit must be 7 to 64 lowercase hex digits, got '%s'", commit.get());
        }
        text("job", job, MAX_JOB);
        branch.ifPresent(value -> text("branch", value, 255));
        release.ifPresent(value -> text("release", value, MAX_RELEASE));
        platform.ifPresent(value -> text("platform", value, 20));
        if (attempt < 1 || attempt > 1000) {
            throw MainlineException.invalid("attempt must be 1 to 1000, got %d", attempt);
        }
        if (pullRequest.isPresent() && pullRequest.get() < 1) {
            throw MainlineException.invalid("pull request must be a positive number, got %d", pullRequest.get());
        }
        if (startedAt.isPresent() && finishedAt.isPresent() && finishedAt.get().isBefore(startedAt.get())) {
            throw MainlineException.invalid("finished (%s) is before started (%s)", finishedAt.get(),
                    startedAt.get());
        }
    }

    private static void text(String field, String value, int max) {
        if (value.isBlank() || value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw MainlineException.invalid("%s must have 1 to %d characters and no control characters", field,
                    max);
        }
    }

    /** A CI job's log, with nothing but where it ran. */
    public static LogSource build(RepositoryName repository, String commit, String job, int attempt) {
        return new LogSource(repository, Optional.of(commit), Optional.empty(), Optional.empty(), job, attempt,
                Optional.empty(), Optional.empty(), LogKind.BUILD, Optional.empty(), Optional.empty(),
                LogOutcome.UNKNOWN);
    }

    public LogSource withBranch(String value) {
        return new LogSource(repository, commit, Optional.of(value), pullRequest, job, attempt, release, platform,
                kind, startedAt, finishedAt, outcome);
    }

    public LogSource withRelease(String version, Optional<String> onPlatform) {
        return new LogSource(repository, commit, branch, pullRequest, job, attempt, Optional.of(version), onPlatform,
                kind, startedAt, finishedAt, outcome);
    }

    public LogSource withOutcome(LogOutcome value, Optional<Instant> started, Optional<Instant> finished) {
        return new LogSource(repository, commit, branch, pullRequest, job, attempt, release, platform, kind, started,
                finished, value);
    }

    public LogSource withKind(LogKind value) {
        return new LogSource(repository, commit, branch, pullRequest, job, attempt, release, platform, value,
                startedAt, finishedAt, outcome);
    }

    public LogSource withPullRequest(int number) {
        return new LogSource(repository, commit, branch, Optional.of(number), job, attempt, release, platform, kind,
                startedAt, finishedAt, outcome);
    }

    /** When it ran, as far as known: finished, else started, else {@code received}. */
    public Instant time(Instant received) {
        return finishedAt.or(() -> startedAt).orElse(received);
    }
}
