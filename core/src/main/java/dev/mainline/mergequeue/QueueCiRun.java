package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One CI run of a merge queue's build as the queue's CI triage kept it, so the queue's history can link to what it
 * produced: the build and the commit tested, the pull requests it held (queue order), which run of that commit in the
 * repository it was (the attempt its log and test reports are labelled with), when it started and ended, how CI said
 * it ended, its log in the log archive and how many test reports it handed to test analytics.
 */
public record QueueCiRun(long id, RepositoryName repository, BuildId build, String commit, List<Integer> pullRequests,
        int attempt, Instant startedAt, Optional<Instant> finishedAt, Optional<CiOutcome> outcome, Optional<Long> log,
        int reports) {
    /** The job name of the queue's own CI runs, in the log archive and in test analytics. */
    public static final String JOB = "merge-queue";
    /** The highest attempt a log or a test report is labelled with. */
    private static final int MAX_LABELLED_ATTEMPT = 1000;

    public QueueCiRun {
        requireNonNull(repository, "repository is null");
        requireNonNull(build, "build is null");
        requireNonNull(commit, "commit is null");
        pullRequests = List.copyOf(requireNonNull(pullRequests, "pullRequests is null"));
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(log, "log is null");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be positive, got " + attempt);
        }
        if (reports < 0) {
            throw new IllegalArgumentException("reports must not be negative, got " + reports);
        }
    }

    /** {@code mainline/builds/<build>}: the branch its log and reports are labelled with. */
    public String branch() {
        return CiBuild.BRANCHES + build.value();
    }

    /** The pull request its log and reports are labelled with: the last it held, one whose verdict it gives. */
    public Optional<Integer> pullRequest() {
        return pullRequests.isEmpty() ? Optional.empty() : Optional.of(pullRequests.getLast());
    }

    /** The attempt its log and reports are labelled with (their labels stop at 1,000). */
    public int labelledAttempt() {
        return Math.min(attempt, MAX_LABELLED_ATTEMPT);
    }

    /** The same run, ended. */
    public QueueCiRun finished(Instant at, CiOutcome how, Optional<Long> keptLog, int keptReports) {
        return new QueueCiRun(id, repository, build, commit, pullRequests, attempt, startedAt, Optional.of(at),
                Optional.of(how), keptLog, keptReports);
    }
}
