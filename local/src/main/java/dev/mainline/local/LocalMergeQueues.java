package dev.mainline.local;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.mergequeue.TriagedCi;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.FileEventJournal;
import dev.mainline.mergequeue.LoggingObserver;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueNotices;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.MergeQueues;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.mergequeue.RepositorySettings;
import dev.mainline.pullrequest.PullRequestState;
import dev.mainline.pullrequest.PullRequestStore;
import dev.mainline.settings.MainlineYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The merge queues of local repositories: each is a bare repository under {@code repositoriesRoot} (named like the
 * repository, with {@code .git}), created empty when first asked for so people know where to push. A queue starts
 * when first used, with the settings of the {@code .mainline.yml} on its main branch and its journal under
 * {@code queuesRoot}; a missing or invalid file keeps the queue from starting, and every use says why.
 */
public final class LocalMergeQueues implements MergeQueues, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalMergeQueues.class.getName());

    private final SourceRepositoryStore repositories;
    private final PullRequestStore pullRequests;
    private final Path repositoriesRoot;
    private final Path queuesRoot;
    private final Clock clock;
    private final CiTriage triage;
    private final Map<RepositoryName, Running> running = new ConcurrentHashMap<>();
    private final QueueCi.Factory ciFactory;

    private final QueueNotices notices = new QueueNotices();

    /**
     * A started queue and the {@code .mainline.yml} on main it last looked at (its blob, so a change is seen), with
     * what is wrong with that file when the queue runs on its last good settings instead.
     */
    private record Running(QueueRunner runner, Repository repository, QueueCi ci, FileEventJournal journal,
            String mainRef, ObjectId settings, Optional<String> settingsProblem) {
        Running withSettings(ObjectId blob, Optional<String> problem) {
            return new Running(runner, repository, ci, journal, mainRef, blob, problem);
        }

        void stop() {
            runner.stop();
            ci.stop();
            journal.close();
            repository.close();
        }
    }

    /** {@code pullRequests} learns which pull requests each queue merged. */
    public LocalMergeQueues(SourceRepositoryStore repositories, PullRequestStore pullRequests, Path repositoriesRoot,
            Path queuesRoot, CiTriage triage, Clock clock) {
        this(repositories, pullRequests, repositoriesRoot, queuesRoot, triage, clock, CommandCi::new);
    }

    /** Queues whose CI {@code ciFactory} makes: the model tests decide CI outcomes themselves. */
    LocalMergeQueues(SourceRepositoryStore repositories, PullRequestStore pullRequests, Path repositoriesRoot,
            Path queuesRoot, CiTriage triage, Clock clock, QueueCi.Factory ciFactory) {
        this.ciFactory = requireNonNull(ciFactory, "ciFactory is null");
        this.triage = requireNonNull(triage, "triage is null");
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.pullRequests = requireNonNull(pullRequests, "pullRequests is null");
        this.repositoriesRoot = requireNonNull(repositoriesRoot, "repositoriesRoot is null");
        this.queuesRoot = requireNonNull(queuesRoot, "queuesRoot is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The repository's queue, started if it is not running, told to look at main (a push outside the queue). When the
     * {@code .mainline.yml} on main has changed since the queue last looked, a valid one makes the queue start again
     * with it (its journal keeps everything; CI that was running is run again); an invalid one leaves the queue
     * running on its last good settings, and {@link #settingsProblem} says what is wrong.
     */
    @Override
    public QueueRunner queue(RepositoryName name) {
        QueueRunner runner = current(name);
        runner.followMain();
        return runner;
    }

    private QueueRunner current(RepositoryName name) {
        Running existing = running.get(name);
        if (existing != null && currentSettings(existing).equals(existing.settings())) {
            return existing.runner();
        }
        synchronized (this) {
            existing = running.get(name);
            if (existing != null) {
                ObjectId blob = currentSettings(existing);
                if (blob.equals(existing.settings())) {
                    return existing.runner();
                }
                Optional<String> problem = problemWith(existing.repository(), blob, local(name));
                if (problem.isPresent()) {
                    LOG.warning(
                            () -> "the %s on the main branch of %s cannot be used: %s; its merge queue goes on with its last good settings"
                                    .formatted(MainlineYaml.FILE, name, problem.get()));
                    running.put(name, existing.withSettings(blob, problem));
                    return existing.runner();
                }
                LOG.info(() -> "%s changed on the main branch of %s: its merge queue starts again with it"
                        .formatted(MainlineYaml.FILE, name));
                running.remove(name);
                existing.stop();
                if (!existing.runner().hasStopped()) {
                    // Its thread is still in the repository: starting again now could clear a lock it holds.
                    throw MainlineException.queueNotRunning(
                            "the merge queue of %s is still stopping to take its new settings; try again", name);
                }
            }
            Running started = start(local(name));
            running.put(name, started);
            return started.runner();
        }
    }

    @Override
    public Optional<String> settingsProblem(RepositoryName name) {
        return Optional.ofNullable(running.get(name)).flatMap(Running::settingsProblem);
    }

    /**
     * What is wrong with the {@code .mainline.yml} at {@code commit} (a pull request's head) when it differs from the
     * one on main; empty when it is the same or good.
     */
    @Override
    public Optional<String> settingsProblemAt(RepositoryName name, String commit) {
        SourceRepository source = local(name);
        try (Repository repository = open(source)) {
            return new SettingsAt(repository, source).problemAt(mainOf(repository, source), commit);
        }
    }

    private ObjectId currentSettings(Running queue) {
        try {
            Ref main = queue.repository().exactRef(queue.mainRef());
            return main == null ? queue.settings() : settingsBlob(queue.repository(), main.getObjectId());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the main branch of " + queue.runner().name(), e);
        }
    }

    private Optional<String> problemWith(Repository repository, ObjectId blob, SourceRepository source) {
        try {
            settings(repository, blob, source);
            return Optional.empty();
        } catch (MainlineException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The queue's check of a build's settings: only a changed file is read, and it must be one local mode runs. */
    private final class SettingsAt implements QueueRunner.SettingsCheck {
        private final Repository repository;
        private final SourceRepository source;

        SettingsAt(Repository repository, SourceRepository source) {
            this.repository = repository;
            this.source = source;
        }

        @Override
        public Optional<String> problemAt(String base, String commit) {
            try {
                ObjectId changed = settingsBlob(repository, ObjectId.fromString(commit));
                if (changed.equals(settingsBlob(repository, ObjectId.fromString(base)))) {
                    return Optional.empty();
                }
                return problemWith(repository, changed, source);
            } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read %s at %s".formatted(MainlineYaml.FILE, commit), e);
            }
        }
    }

    /** The blob of {@code .mainline.yml} at {@code commit}; the zero id when there is none. */
    private static ObjectId settingsBlob(Repository repository, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk file = TreeWalk.forPath(repository, MainlineYaml.FILE, walk.parseCommit(commit).getTree())) {
            return file == null ? ObjectId.zeroId() : file.getObjectId(0);
        }
    }

    @Override
    public String head(RepositoryName name, String branch) {
        SourceRepository source = local(name);
        try (Repository repository = open(source)) {
            Ref ref = repository.exactRef(Constants.R_HEADS + branch);
            if (ref == null || ref.getObjectId() == null) {
                throw MainlineException.notFound("branch '%s' does not exist in %s", branch, name);
            }
            return ref.getObjectId().name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the branches of " + name, e);
        }
    }

    /**
     * Creates the empty bare repository people push a newly registered local repository to, and returns where it is.
     */
    public Path prepare(SourceRepository source) {
        if (source.forge() != Forge.LOCAL) {
            throw new IllegalArgumentException(source.name() + " is not a local repository");
        }
        open(source).close();
        return location(source.name());
    }

    /** Where people push a local repository. */
    public Path location(RepositoryName name) {
        return within(repositoriesRoot, name.value() + ".git");
    }

    /** {@code relative} under {@code root}, refused if it would lead anywhere else. */
    private static Path within(Path root, String relative) {
        Path normalizedRoot = root.toAbsolutePath().normalize();
        Path path = normalizedRoot.resolve(relative).normalize();
        if (!path.startsWith(normalizedRoot) || path.equals(normalizedRoot)) {
            throw MainlineException.invalid("'%s' does not name a place under %s", relative, normalizedRoot);
        }
        return path;
    }

    private SourceRepository local(RepositoryName name) {
        SourceRepository source = repositories.findByName(name)
                .orElseThrow(() -> MainlineException.notFound("repository '%s' does not exist", name));
        if (source.forge() != Forge.LOCAL) {
            throw MainlineException.queueNotRunning(
                    "%s is a %s repository; its merge queue runs in GitHub mode, which this server does not run yet",
                    name, source.forge());
        }
        return source;
    }

    private Running start(SourceRepository source) {
        Repository repository = open(source);
        try {
            String main = mainOf(repository, source);
            ObjectId settingsBlob = settingsBlob(repository, ObjectId.fromString(main));
            Path data = within(queuesRoot, source.name().value());
            Chosen chosen = choose(repository, settingsBlob, source, data);
            RepositorySettings settings = chosen.settings();
            RepositorySettings.LocalCi command = settings.ci().orElseThrow();
            JGitMergeRepository merges = new JGitMergeRepository(repository, source.defaultBranch());
            merges.clearLocksLeftByACrash();
            FileEventJournal journal = new FileEventJournal(data.resolve("journal"));
            QueueCi ci;
            QueueRunner runner;
            try {
                ci = ciFactory.create(repository, command, data.resolve("work"), data.resolve("ci-logs"));
                runner = new QueueRunner(source.name().value(),
                        MergeQueueEngine.start(settings.queue(), clock.instant(), main), merges,
                        new TriagedCi(ci, source.name(), triage), journal, clock,
                        new Observer(source.name()), new SettingsAt(repository, source));
            } catch (RuntimeException e) {
                journal.close();
                throw e;
            }
            runner.start();
            LOG.info(() -> "merge queue of %s started (%s, budget %d)".formatted(source.name(),
                    settings.strategy().key(), settings.queue().ciBudget()));
            return new Running(runner, repository, ci, journal, Constants.R_HEADS + source.defaultBranch(),
                    settingsBlob, chosen.problem());
        } catch (IOException e) {
            repository.close();
            throw new UncheckedIOException("cannot read the settings of " + source.name(), e);
        } catch (RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    private Repository open(SourceRepository source) {
        Path directory = location(source.name());
        try {
            if (!Files.exists(directory.resolve("HEAD"))) {
                Files.createDirectories(directory);
                Git.init().setBare(true).setDirectory(directory.toFile()).setInitialBranch(source.defaultBranch())
                        .call().close();
            }
            return new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build();
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot open the repository of %s at %s".formatted(source.name(),
                    directory), e);
        }
    }

    private String mainOf(Repository repository, SourceRepository source) {
        try {
            Ref ref = repository.exactRef(Constants.R_HEADS + source.defaultBranch());
            if (ref == null || ref.getObjectId() == null) {
                throw MainlineException.queueNotRunning("%s has no branch '%s' yet: push it to %s first", source.name(),
                        source.defaultBranch(), location(source.name()));
            }
            return ref.getObjectId().name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source.name(), e);
        }
    }

    /** The settings in blob {@code blob} of {@code .mainline.yml} (the zero id: there is none), checked for local mode. */
    private static RepositorySettings settings(Repository repository, ObjectId blob, SourceRepository source) {
        if (blob.equals(ObjectId.zeroId())) {
            throw MainlineException.invalid("there is no %s: local mode needs at least ci.command",
                    MainlineYaml.FILE);
        }
        try {
            org.eclipse.jgit.lib.ObjectLoader loader = repository.open(blob);
            if (loader.getSize() > 64 * 1024) {
                throw MainlineException.invalid("%s is larger than 64 KiB", MainlineYaml.FILE);
            }
            RepositorySettings settings = parse(new String(loader.getBytes(), StandardCharsets.UTF_8), source);
            if (settings.ci().isEmpty()) {
                throw MainlineException.invalid(
                        "%s has no ci.command: local mode needs the command that tests a commit",
                        MainlineYaml.FILE);
            }
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read %s of %s".formatted(MainlineYaml.FILE, source.name()), e);
        }
    }

    private static RepositorySettings parse(String text, SourceRepository source) {
        return MainlineYaml.parse(text);
    }

    /**
     * The settings the queue runs with: main's when they are good (kept as the last good ones), else the last good
     * ones with what is wrong with main's; refused when there never were good ones.
     */
    private record Chosen(RepositorySettings settings, Optional<String> problem) {
    }

    private Chosen choose(Repository repository, ObjectId blob, SourceRepository source, Path data) {
        Path lastGood = data.resolve("last-good.mainline.yml");
        try {
            RepositorySettings settings = settings(repository, blob, source);
            Files.createDirectories(data);
            Path written = Files.write(data.resolve("last-good.mainline.yml.new"), repository.open(blob).getBytes());
            Files.move(written, lastGood, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Chosen(settings, Optional.empty());
        } catch (MainlineException e) {
            MainlineException stopped = MainlineException.queueNotRunning(
                    "the merge queue of %s does not run: the %s on '%s': %s", source.name(), MainlineYaml.FILE,
                    source.defaultBranch(), e.getMessage());
            if (!Files.exists(lastGood)) {
                throw stopped;
            }
            try {
                RepositorySettings settings = parse(Files.readString(lastGood), source);
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
    public synchronized void close() {
        List<Running> all = new ArrayList<>(running.values());
        running.clear();
        all.forEach(Running::stop);
    }

    /** What the queues tell pull requests' authors. */
    public QueueNotices notices() {
        return notices;
    }

    /** Logs what the queue does, tells authors what it tells them, and marks the pull requests it lands merged. */
    private final class Observer extends LoggingObserver {
        private final RepositoryName name;

        Observer(RepositoryName name) {
            super(name.value());
            this.name = name;
        }

        @Override
        public void carriedOut(QueueCommand command) {
            super.carriedOut(command);
            notices.carriedOut(name, command);
        }

        @Override
        public void merged(String commit, List<EntryRef> merged) {
            try {
                pullRequests.close(name, merged.stream().map(EntryRef::pullRequest).toList(), PullRequestState.MERGED,
                        clock.instant());
            } catch (RuntimeException e) {
                // The merge happened; a pull request left "open" is wrong in the listing, not in the repository, and
                // must not stop the queue.
                LOG.warning(() -> "%s: cannot mark %s merged: %s".formatted(name, merged, e.getMessage()));
            }
        }
    }
}
