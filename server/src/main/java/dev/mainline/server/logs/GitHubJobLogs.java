package dev.mainline.server.logs;

import static java.util.Objects.requireNonNull;

import dev.mainline.github.GitHubActionsLogs;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.logs.LogKind;
import dev.mainline.logs.LogOutcome;
import dev.mainline.logs.LogSource;
import dev.mainline.common.MainlineException;
import dev.mainline.mergequeue.CiBuild;
import dev.mainline.mergequeue.QueueCiRun;
import dev.mainline.mergequeue.QueueCiRunStore;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.BiFunction;
import dev.mainline.common.RepositoryName;
import dev.mainline.releases.Release;

/**
 * GitHub Actions job logs into the log archive: the job is "workflow / job", its attempt the run's, its outcome the
 * job's conclusion; a run on a release's branch makes it a log of that release (version and platform), and a run on a
 * merge queue's build ({@code mainline/builds/<build>}, where GitHub names no pull request) carries the pull request
 * whose verdict the build gives, as the local runner's logs do.
 */
public final class GitHubJobLogs implements GitHubActionsLogs.JobLogSink {
    private final LogArchive archive;
    private final BiFunction<RepositoryName, String, Optional<Release>> releases;
    private final QueueCiRunStore queueRuns;

    /**
     * {@code releases}: the release whose branch a run's branch of a repository is, when there is one;
     * {@code queueRuns}: the merge queues' CI runs, whose builds say which pull requests they hold.
     */
    public GitHubJobLogs(LogArchive archive, BiFunction<RepositoryName, String, Optional<Release>> releases,
            QueueCiRunStore queueRuns) {
        this.archive = requireNonNull(archive, "archive is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.queueRuns = requireNonNull(queueRuns, "queueRuns is null");
    }

    /**
     * A job of a run on a release's branch (its build, its regression) is a log of that release; a job of a run on a
     * queue's build is a log of the pull request that build is about; neither for a fork's pull request from a branch
     * of the same name.
     */
    LogSource source(GitHubActionsLogs.JobLog job) {
        LogSource source = source(job, Optional.empty());
        if (!job.ownBranch()) {
            return source;
        }
        if (job.pullRequest().isEmpty() && job.branch().filter(branch -> branch.startsWith(CiBuild.BRANCHES))
                .isPresent()) {
            Optional<Integer> pullRequest = queueRuns.latestOfCommit(job.repository(), job.commit())
                    .filter(run -> job.branch().get().equals(run.branch())).flatMap(QueueCiRun::pullRequest);
            if (pullRequest.isPresent()) {
                return source.withPullRequest(pullRequest.get());
            }
        }
        return job.branch().flatMap(branch -> releases.apply(job.repository(), branch))
                .map(release -> source(job, Optional.of(release))).orElse(source);
    }

    static LogSource source(GitHubActionsLogs.JobLog job, Optional<Release> release) {
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
                Math.min(job.attempt(), 1000), release.map(Release::version), release.map(found -> found.platform()
                        .key()),
                release.isPresent() ? LogKind.RELEASE : LogKind.BUILD, job.startedAt(),
                job.completedAt(), outcome);
    }

    @Override
    public boolean keep(GitHubActionsLogs.JobLog job, InputStream text) {
        return !archive.keepFetched(source(job), text).duplicate();
    }
}
