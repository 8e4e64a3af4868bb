package dev.mainline.logarchive;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import dev.mainline.logs.LogOutcome;
import dev.mainline.logs.LogSource;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Keeps the log of every CI run the local runner made for a merge queue, as it finishes: job {@code merge-queue},
 * the speculative commit it built, and how it ended. The run itself goes on unchanged.
 */
public final class CapturedCiLogs implements CiTriage {
    public static final String JOB = "merge-queue";

    private final LogArchive archive;
    private final Clock clock;

    public CapturedCiLogs(LogArchive archive, Clock clock) {
        this.archive = requireNonNull(archive, "archive is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public CiRun review(RepositoryName repository, String commit, CiRun run) {
        Optional<Path> file = run.log().flatMap(CapturedCiLogs::localFile);
        if (file.isPresent()) {
            LogSource source = LogSource.build(repository, commit, JOB, 1).withOutcome(
                    run.outcome() == CiOutcome.PASSED ? LogOutcome.SUCCESS : LogOutcome.FAILURE, Optional.empty(),
                    Optional.of(clock.instant()));
            archive.keepCaptured(source, file.get());
        }
        return run;
    }

    /** The run's log when it is a file here (GitHub's checks link to pages instead). */
    private static Optional<Path> localFile(String log) {
        try {
            Path path = Path.of(log);
            return Files.isRegularFile(path) && Files.isReadable(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
