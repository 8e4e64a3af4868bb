package dev.mainline.server.logs;

import static java.util.Objects.requireNonNull;

import dev.mainline.github.GitHubActionsLogs;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.logs.LogKind;
import dev.mainline.logs.LogOutcome;
import dev.mainline.logs.LogSource;
import dev.mainline.common.MainlineException;
import java.io.InputStream;
import java.util.Optional;

/**
 * GitHub Actions job logs into the log archive: the job is "workflow / job", its attempt the run's, its outcome the
 * job's conclusion.
 */
public final class GitHubJobLogs implements GitHubActionsLogs.JobLogSink {
    private final LogArchive archive;

    public GitHubJobLogs(LogArchive archive) {
        this.archive = requireNonNull(archive, "archive is null");
    }

    static LogSource source(GitHubActionsLogs.JobLog job) {
        String name = job.workflow() + " / " + job.job();
        if (name.length() > LogSource.MAX_JOB) {
            name = name.substring(0, LogSource.MAX_JOB - 1) + "…";
        }
        LogOutcome outcome;
        try {
            outcome = LogOutcome.fromWire(job.conclusion());
        } catch (MainlineException e) {
            outcome = LogOutcome.UNKNOWN;
        }
        return new LogSource(job.repository(), Optional.of(job.commit()), job.branch(), job.pullRequest(), name,
                Math.min(job.attempt(), 1000), Optional.empty(), Optional.empty(), LogKind.BUILD, job.startedAt(),
                job.completedAt(), outcome);
    }

    @Override
    public boolean keep(GitHubActionsLogs.JobLog job, InputStream text) {
        return !archive.keepFetched(source(job), text).duplicate();
    }
}
