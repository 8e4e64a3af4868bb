package dev.mainline.logarchive;

import static java.util.Objects.requireNonNull;

import dev.mainline.logs.LogOutcome;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.StoredLog;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.QueueCiRun;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the log of every CI run the local runner made for a merge queue's build, as it finishes, labelled as that run
 * is: job {@code merge-queue}, the build's commit, its branch {@code mainline/builds/<build>}, the pull request whose
 * verdict it gives (the last the build holds), the run's attempt at that commit, when it ran and how it ended.
 */
public final class CapturedCiLogs {
    public static final String JOB = QueueCiRun.JOB;

    private final LogArchive archive;
    private final Clock clock;

    public CapturedCiLogs(LogArchive archive, Clock clock) {
        this.archive = requireNonNull(archive, "archive is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Keeps the log of {@code result}, the end of {@code run}, when it is a file here (GitHub's checks link to pages
     * instead); a log that cannot be kept is only reported (empty), the run goes on.
     */
    public Optional<StoredLog> keep(QueueCiRun run, CiRun result) {
        Optional<Path> file = result.log().flatMap(CapturedCiLogs::localFile);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return archive.keepCaptured(source(run, result.outcome(), clock), file.get());
    }

    static LogSource source(QueueCiRun run, CiOutcome outcome, Clock clock) {
        LogSource source = LogSource.build(run.repository(), run.commit(), JOB, run.labelledAttempt())
                .withBranch(run.branch());
        if (run.pullRequest().isPresent()) {
            source = source.withPullRequest(run.pullRequest().get());
        }
        Instant now = clock.instant();
        return source.withOutcome(outcome == CiOutcome.PASSED ? LogOutcome.SUCCESS : LogOutcome.FAILURE,
                Optional.of(run.startedAt().isAfter(now) ? now : run.startedAt()), Optional.of(now));
    }

    private static Optional<Path> localFile(String log) {
        try {
            Path path = Path.of(log);
            return Files.isRegularFile(path) && Files.isReadable(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
