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
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.mergequeue.RepositorySettings;
import dev.mainline.settings.MainlineYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The merge queues of GitHub repositories. A queue starts when first used, with the settings of the
 * {@code .mainline.yml} on its main branch (the defaults when there is none) and its journal under
 * {@code queuesRoot}; an invalid file keeps it from starting, and every use says why. A push that changes the file
 * makes the queue start again with it.
 */
public final class GitHubMergeQueues implements MergeQueues, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GitHubMergeQueues.class.getName());

    private final SourceRepositoryStore repositories;
    private final GitHubApi api;
    private final Path queuesRoot;
    private final Duration ciTimeout;
    private final Clock clock;
    private final CiTriage triage;
    private final Map<RepositoryName, Running> running = new ConcurrentHashMap<>();
    /** Queues stopped for new settings whose thread had not ended yet. */
    private final Map<RepositoryName, Running> stopping = new ConcurrentHashMap<>();

    /** A started queue with the parts that talk to GitHub for it. */
    public record Running(SourceRepository source, RepositorySettings settings, QueueRunner runner,
            GitHubRepository github, GitHubChecksCi ci, QueueCheckRuns checkRuns, PullRequestGate gate,
            FileEventJournal journal, Optional<String> settingsProblem) {
        Running withProblem(Optional<String> problem) {
            return new Running(source, settings, runner, github, ci, checkRuns, gate, journal, problem);
        }

        void stop() {
            runner.stop();
            ci.close();
            checkRuns.close();
            journal.close();
        }
    }

    private final QueueNotices notices = new QueueNotices();

    public GitHubMergeQueues(SourceRepositoryStore repositories, GitHubApi api, Path queuesRoot, Duration ciTimeout,
            CiTriage triage, Clock clock) {
        this.triage = requireNonNull(triage, "triage is null");
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.api = requireNonNull(api, "api is null");
        this.queuesRoot = requireNonNull(queuesRoot, "queuesRoot is null");
        this.ciTimeout = requireNonNull(ciTimeout, "ciTimeout is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public QueueRunner queue(RepositoryName name) {
        return started(name).runner();
    }

    /** The repository's running queue and its GitHub parts, started if it is not running. */
    public synchronized Running started(RepositoryName name) {
        Running existing = running.get(name);
        if (existing != null) {
            return existing;
        }
        Running old = stopping.get(name);
        if (old != null) {
            if (!old.runner().hasStopped()) {
                // Its thread may still be waiting on GitHub: a second queue now would work beside it.
                throw MainlineException.queueNotRunning(
                        "the merge queue of %s is still stopping to take its new settings; try again", name);
            }
            stopping.remove(name);
        }
        Running started = start(github(name));
        running.put(name, started);
        return started;
    }

    /** The queues running now. */
    public List<Running> runningQueues() {
        return new ArrayList<>(running.values());
    }

    public Optional<Running> ifRunning(RepositoryName name) {
        return Optional.ofNullable(running.get(name));
    }

    /**
     * Stops the repository's queue (its settings changed) and starts it again with the new ones; when they are
     * invalid, or the old queue's thread has not ended yet, the next use says so (and the reconcile loop tries again).
     */
    public synchronized void restart(RepositoryName name) {
        Running existing = running.get(name);
        if (existing == null) {
            return;
        }
        Optional<String> problem;
        try {
            problem = problemWith(existing.github().file(MainlineYaml.FILE,
                    existing.github().branch(existing.source().defaultBranch()).orElseThrow()));
        } catch (RuntimeException e) {
            LOG.warning(() -> "cannot read the %s of %s: %s".formatted(MainlineYaml.FILE, name, e.getMessage()));
            return;
        }
        if (problem.isPresent()) {
            LOG.warning(
                    () -> "the %s on the main branch of %s cannot be used: %s; its merge queue goes on with its last good settings"
                            .formatted(MainlineYaml.FILE, name, problem.get()));
            running.put(name, existing.withProblem(problem));
            return;
        }
        running.remove(name);
        LOG.info(() -> "%s changed on the main branch of %s: its merge queue starts again with it"
                .formatted(MainlineYaml.FILE, name));
        existing.stop();
        if (!existing.runner().hasStopped()) {
            stopping.put(name, existing);
            return;
        }
        try {
            started(name);
        } catch (MainlineException e) {
            // start() logged why; every use of the queue says it too.
        }
    }

    @Override
    public String head(RepositoryName name, String branch) {
        return repository(github(name).name()).branch(branch)
                .orElseThrow(() -> MainlineException.notFound("branch '%s' does not exist in %s", branch, name));
    }

    /** Where the repository's queue keeps its files (its journal, what the reconcile loop has read). */
    public Path directory(RepositoryName name) {
        return queuesRoot.resolve(name.value());
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

    private Running start(SourceRepository source) {
        GitHubRepository github = new GitHubRepository(api, source.name().value());
        String main;
        Chosen chosen;
        try {
            main = github.branch(source.defaultBranch()).orElseThrow(() -> MainlineException.queueNotRunning(
                    "%s has no branch '%s' on GitHub", source.name(), source.defaultBranch()));
            chosen = settings(github, source, main);
        } catch (GitHubApiException e) {
            throw MainlineException.queueNotRunning("the merge queue of %s cannot start: %s", source.name(),
                    e.getMessage());
        } catch (MainlineException e) {
            LOG.warning(e::getMessage);
            throw e;
        }
        RepositorySettings settings = chosen.settings();
        FileEventJournal journal = new FileEventJournal(directory(source.name()).resolve("journal"));
        GitHubChecksCi ci = new GitHubChecksCi(github, settings.requiredChecks(), QueueCheckRuns.NAME, ciTimeout,
                clock);
        QueueCheckRuns[] checkRuns = new QueueCheckRuns[1];
        QueueRunner runner;
        try {
            runner = new QueueRunner(source.name().value(),
                    MergeQueueEngine.start(settings.queue(), clock.instant(), main),
                    new GitHubMergeRepository(github, source.defaultBranch()), new TriagedCi(ci, source.name(), triage),
                    journal, clock,
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
                new PullRequestGate(github, QueueCheckRuns.NAME), journal, chosen.problem());
    }

    private static Optional<String> problemWith(Optional<String> file) {
        try {
            file.ifPresent(MainlineYaml::parse);
            return Optional.empty();
        } catch (MainlineException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The settings the queue runs with: main's when they are good (kept as the last good ones; the defaults when
     * there is no file), else the last good ones with what is wrong with main's; refused when there never were any.
     */
    private record Chosen(RepositorySettings settings, Optional<String> problem) {
    }

    private Chosen settings(GitHubRepository github, SourceRepository source, String main) {
        Optional<String> file = github.file(MainlineYaml.FILE, main);
        Path lastGood = directory(source.name()).resolve("last-good.mainline.yml");
        try {
            RepositorySettings settings = file.map(MainlineYaml::parse).orElse(RepositorySettings.defaults());
            Files.createDirectories(lastGood.getParent());
            Path written = Files.writeString(lastGood.resolveSibling("last-good.mainline.yml.new"), file.orElse(""));
            Files.move(written, lastGood, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Chosen(settings, Optional.empty());
        } catch (MainlineException e) {
            MainlineException stopped = MainlineException.queueNotRunning(
                    "the merge queue of %s does not run: the %s on '%s': %s", source.name(), MainlineYaml.FILE,
                    source.defaultBranch(), e.getMessage());
            if (!Files.exists(lastGood)) {
                throw stopped;
            }
            try {
                String text = Files.readString(lastGood);
                RepositorySettings settings = text.isEmpty() ? RepositorySettings.defaults() : MainlineYaml.parse(text);
                LOG.warning(
                        () -> "the %s on the main branch of %s cannot be used: %s; its merge queue runs with its last good settings"
                                .formatted(MainlineYaml.FILE, source.name(), e.getMessage()));
                return new Chosen(settings, Optional.of(e.getMessage()));
            } catch (IOException | MainlineException unreadable) {
                throw stopped;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the settings of " + source.name(), e);
        }
    }

    @Override
    public Optional<String> settingsProblem(RepositoryName name) {
        return started(name).settingsProblem();
    }

    @Override
    public Optional<String> settingsProblemAt(RepositoryName name, String commit) {
        GitHubRepository github = repository(github(name).name());
        String main = github.branch(github(name).defaultBranch()).orElse(commit);
        return settingsCheck(github).problemAt(main, commit);
    }

    /** A build's settings are read only when the build changes {@code .mainline.yml}. */
    private static QueueRunner.SettingsCheck settingsCheck(GitHubRepository github) {
        return (base, commit) -> base.equals(commit) || !github.changedFiles(base, commit).contains(MainlineYaml.FILE)
                ? Optional.empty()
                : problemWith(github.file(MainlineYaml.FILE, commit));
    }

    @Override
    public synchronized void close() {
        List<Running> all = new ArrayList<>(running.values());
        running.clear();
        all.forEach(Running::stop);
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
