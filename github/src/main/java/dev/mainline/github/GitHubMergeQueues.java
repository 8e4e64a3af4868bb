package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.github.GitHubApi.GitHubApiException;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.mergequeue.TriagedCi;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.FileEventJournal;
import dev.mainline.mergequeue.LoggingObserver;
import dev.mainline.mergequeue.QueueNotices;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.MergeQueues;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueLifecycle;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.mergequeue.RepositorySettings;
import dev.mainline.settings.MainlineYaml;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The merge queues of GitHub repositories, on {@link QueueLifecycle}: a queue starts when first used, with the
 * settings of the {@code .mainline.yml} on its main branch (the defaults when there is none) and its files under
 * {@code queuesRoot}. A push that changes the file makes the queue look at it again ({@link #restart}): valid, the queue
 * starts again with it; invalid, it goes on with its last good settings and says why.
 */
public final class GitHubMergeQueues implements MergeQueues, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GitHubMergeQueues.class.getName());

    private final SourceRepositoryStore repositories;
    private final GitHubApi api;
    private final Duration ciTimeout;
    private final Clock clock;
    private final CiTriage triage;
    private final QueueNotices notices = new QueueNotices();
    private final QueueLifecycle<Running> lifecycle;

    /** A started queue with the parts that talk to GitHub for it. */
    public record Running(SourceRepository source, RepositorySettings settings, QueueRunner runner,
            GitHubRepository github, GitHubChecksCi ci, QueueCheckRuns checkRuns, PullRequestGate gate,
            FileEventJournal journal) implements QueueLifecycle.Parts {
        @Override
        public void stop() {
            runner.stop();
            ci.close();
            checkRuns.close();
            journal.close();
        }
    }

    public GitHubMergeQueues(SourceRepositoryStore repositories, GitHubApi api, Path queuesRoot, Duration ciTimeout,
            CiTriage triage, Clock clock) {
        this.triage = requireNonNull(triage, "triage is null");
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.api = requireNonNull(api, "api is null");
        this.ciTimeout = requireNonNull(ciTimeout, "ciTimeout is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.lifecycle = new QueueLifecycle<>(new Site(), requireNonNull(queuesRoot, "queuesRoot is null"), notices);
    }

    @Override
    public QueueRunner queue(RepositoryName name) {
        return started(name).runner();
    }

    /** The repository's running queue and its GitHub parts, started if it is not running. */
    public Running started(RepositoryName name) {
        return lifecycle.started(github(name));
    }

    /** The queues running now. */
    public List<Running> runningQueues() {
        return lifecycle.runningQueues();
    }

    public Optional<Running> ifRunning(RepositoryName name) {
        return lifecycle.ifRunning(name);
    }

    /**
     * Looks at the repository's settings again (a push changed them): valid, its queue starts again with them;
     * invalid, it goes on with its last good ones and says why. When the old queue's thread has not ended yet, the
     * next use says so (and the reconcile loop tries again).
     */
    public void restart(RepositoryName name) {
        if (lifecycle.ifRunning(name).isEmpty()) {
            return;
        }
        try {
            lifecycle.refreshed(github(name));
        } catch (MainlineException | GitHubApiException e) {
            LOG.warning(() -> "the merge queue of %s cannot take its new settings yet: %s".formatted(name,
                    e.getMessage()));
        }
    }

    @Override
    public String head(RepositoryName name, String branch) {
        return repository(github(name).name()).branch(branch)
                .orElseThrow(() -> MainlineException.notFound("branch '%s' does not exist in %s", branch, name));
    }

    /** Where the repository's queue keeps its files (its journal, what the reconcile loop has read). */
    public Path directory(RepositoryName name) {
        return lifecycle.directory(name);
    }

    /** The repository on GitHub, whether or not its queue runs. */
    public GitHubRepository repository(RepositoryName name) {
        return new GitHubRepository(api, name.value());
    }

    /** The registered GitHub repository called {@code name}. */
    public SourceRepository github(RepositoryName name) {
        SourceRepository source = repositories.findByName(name)
                .orElseThrow(() -> MainlineException.notFound("repository '%s' does not exist", name));
        if (source.forge() != Forge.GITHUB) {
            throw new IllegalArgumentException(name + " is not a GitHub repository");
        }
        return source;
    }

    @Override
    public Optional<String> settingsProblem(RepositoryName name) {
        return lifecycle.settingsProblem(name);
    }

    @Override
    public Optional<String> settingsProblemAt(RepositoryName name, String commit) {
        GitHubRepository github = repository(github(name).name());
        String main = github.branch(github(name).defaultBranch()).orElse(commit);
        return settingsCheck(github).problemAt(main, commit);
    }

    /** A build's settings are read only when the build changes {@code .mainline.yml}. */
    private QueueRunner.SettingsCheck settingsCheck(GitHubRepository github) {
        return (base, commit) -> base.equals(commit) || !github.changedFiles(base, commit).contains(MainlineYaml.FILE)
                ? Optional.empty()
                : lifecycle.problemWith(github.file(MainlineYaml.FILE, commit));
    }

    /** What GitHub mode does for the lifecycle: settings read through the API, a queue driving GitHub. */
    private final class Site implements QueueLifecycle.Site<Running> {
        @Override
        public QueueLifecycle.SettingsOnMain settingsOnMain(SourceRepository source, Optional<Running> running) {
            GitHubRepository github = repository(source.name());
            try {
                String main = github.branch(source.defaultBranch()).orElseThrow(() -> MainlineException
                        .queueNotRunning("%s has no branch '%s' on GitHub", source.name(), source.defaultBranch()));
                Optional<String> text = github.file(MainlineYaml.FILE, main);
                return new QueueLifecycle.SettingsOnMain(text.map(file -> "text:" + file).orElse("none"), text);
            } catch (GitHubApiException e) {
                throw MainlineException.queueNotRunning("the merge queue of %s cannot start: %s", source.name(),
                        e.getMessage());
            }
        }

        @Override
        public RepositorySettings settings(Optional<String> text) {
            return text.map(MainlineYaml::parse).orElse(RepositorySettings.defaults());
        }

        @Override
        public Running start(SourceRepository source, RepositorySettings settings, Path directory) {
            GitHubRepository github = repository(source.name());
            String main;
            try {
                main = github.branch(source.defaultBranch()).orElseThrow(() -> MainlineException.queueNotRunning(
                        "%s has no branch '%s' on GitHub", source.name(), source.defaultBranch()));
            } catch (GitHubApiException e) {
                throw MainlineException.queueNotRunning("the merge queue of %s cannot start: %s", source.name(),
                        e.getMessage());
            }
            FileEventJournal journal = new FileEventJournal(directory.resolve("journal"));
            GitHubChecksCi ci = new GitHubChecksCi(github, settings.requiredChecks(), QueueCheckRuns.NAME, ciTimeout,
                    clock);
            QueueCheckRuns[] checkRuns = new QueueCheckRuns[1];
            QueueRunner runner;
            try {
                runner = new QueueRunner(source.name().value(),
                        MergeQueueEngine.start(settings.queue(), clock.instant(), main),
                        new GitHubMergeRepository(github, source.defaultBranch()),
                        new TriagedCi(ci, source.name(), triage), journal, clock,
                        new Observer(source.name(), () -> checkRuns[0]), settingsCheck(github));
                checkRuns[0] = new QueueCheckRuns(github, runner, source.defaultBranch());
            } catch (RuntimeException e) {
                ci.close();
                journal.close();
                throw e;
            }
            runner.start();
            checkRuns[0].refresh();
            LOG.info(() -> "merge queue of %s started in GitHub mode (%s, budget %d)".formatted(source.name(),
                    settings.strategy().key(), settings.queue().ciBudget()));
            return new Running(source, settings, runner, github, ci, checkRuns[0],
                    new PullRequestGate(github, QueueCheckRuns.NAME), journal);
        }
    }

    @Override
    public void close() {
        lifecycle.close();
    }

    /** What the queues tell pull requests' authors. */
    public QueueNotices notices() {
        return notices;
    }

    /** Logs what the queue does, tells authors what it tells them, and keeps the check runs current. */
    private final class Observer extends LoggingObserver {
        private final RepositoryName name;
        private final Supplier<QueueCheckRuns> checkRuns;

        Observer(RepositoryName name, Supplier<QueueCheckRuns> checkRuns) {
            super(name.value());
            this.name = name;
            this.checkRuns = checkRuns;
        }

        @Override
        public void carriedOut(QueueCommand command) {
            super.carriedOut(command);
            notices.carriedOut(name, command);
            QueueCheckRuns runs = checkRuns.get();
            if (runs != null && command instanceof QueueCommand.Eject eject) {
                runs.announce(eject.pullRequest(), "#%d was ejected from the merge queue: %s".formatted(
                        eject.pullRequest(), eject.detail()));
            }
            refresh();
        }

        @Override
        public void ciFinished(BuildId build, String commit, CiRun run) {
            refresh();
        }

        private void refresh() {
            QueueCheckRuns runs = checkRuns.get();
            if (runs != null) {
                runs.refresh();
            }
        }
    }
}
