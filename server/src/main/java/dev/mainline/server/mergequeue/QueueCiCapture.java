package dev.mainline.server.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import dev.mainline.junit.TestUploads;
import dev.mainline.logarchive.CapturedCiLogs;
import dev.mainline.logs.StoredLog;
import dev.mainline.mergequeue.CiBuild;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.QueueCiRun;
import dev.mainline.mergequeue.QueueCiRunStore;
import dev.mainline.testresults.TestRun;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first look at a queue's finished CI run: what the run left goes where CI's own logs and reports go, labelled
 * with the build, and the run is recorded so the queue's history links to both. The local runner's log goes to the log
 * archive and its JUnit reports to test analytics, as if CI had uploaded them (through the inbox, so a report taken
 * is stored after a restart too): job {@code merge-queue}, the build's commit and branch
 * ({@code mainline/builds/<build>}), the last pull request it holds, and the run's attempt at that commit. In GitHub
 * mode CI's logs and reports stay on GitHub's side (workflow run logs are fetched when the run completes); only the
 * run itself is recorded. The run goes on unchanged, whatever could not be kept.
 */
public final class QueueCiCapture implements CiTriage {
    private static final Logger LOG = LoggerFactory.getLogger(QueueCiCapture.class);

    private final QueueCiRunStore runs;
    private final CapturedCiLogs logs;
    private final Supplier<TestUploads> uploads;
    private final Clock clock;

    /** {@code uploads} is asked for when the first report comes: test analytics starts after the queues. */
    public QueueCiCapture(QueueCiRunStore runs, CapturedCiLogs logs, Supplier<TestUploads> uploads, Clock clock) {
        this.runs = requireNonNull(runs, "runs is null");
        this.logs = requireNonNull(logs, "logs is null");
        this.uploads = requireNonNull(uploads, "uploads is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void started(RepositoryName repository, CiBuild build) {
        runs.started(repository, build, clock.instant());
    }

    @Override
    public CiRun review(RepositoryName repository, CiBuild build, CiRun run) {
        QueueCiRun ci;
        try {
            // Not recorded when it started (the database was away then): recorded now.
            ci = runs.latest(repository, build.id(), build.commit())
                    .filter(recorded -> recorded.finishedAt().isEmpty())
                    .orElseGet(() -> runs.started(repository, build, clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("the CI run of {} at {} of {} could not be recorded: {}", build.id(), build.commit(), repository,
                    e.toString());
            return run;
        }
        Optional<Long> log = logs.keep(ci, run).map(StoredLog::id);
        int reports = 0;
        for (String report : run.reports()) {
            if (uploads.get().keepCaptured(testRun(ci), Path.of(report)).isPresent()) {
                reports++;
            }
        }
        try {
            runs.finished(ci.id(), run.outcome(), log, reports, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("the end of CI run {} of {} could not be recorded: {}", ci.id(), repository, e.toString());
        }
        return run;
    }

    /** The labels of the run's reports in test analytics; the author is found from the pull request, as for CI's. */
    static TestRun testRun(QueueCiRun ci) {
        return new TestRun(ci.repository(), ci.commit(), Optional.of(ci.branch()), ci.pullRequest(), QueueCiRun.JOB,
                ci.labelledAttempt());
    }
}
