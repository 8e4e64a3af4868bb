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
import dev.mainline.mergequeue.QueueLifecycle;
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
 * repository, with {@code .git}), created empty when first asked for so people know where to push. Their lifecycle is
 * {@link QueueLifecycle}'s: a queue starts when first used, with the settings of the {@code .mainline.yml} on its main
 * branch, which it looks at again every time it is used; its files are under {@code queuesRoot}.
 */
public final class LocalMergeQueues implements MergeQueues, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalMergeQueues.class.getName());

    private final SourceRepositoryStore repositories;
    private final PullRequestStore pullRequests;
    private final Path repositoriesRoot;
    private final Clock clock;
    private final CiTriage triage;
    private final QueueNotices notices = new QueueNotices();
    private final QueueLifecycle<Running> lifecycle;
    private final QueueCi.Factory ciFactory;

    /** A started queue and what it holds open. */
    private record Running(QueueRunner runner, Repository repository, QueueCi ci, FileEventJournal journal)
            implements
                QueueLifecycle.Parts {
        @Override
        public void stop() {
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
        this.clock = requireNonNull(clock, "clock is null");
        this.lifecycle = new QueueLifecycle<>(new Site(), requireNonNull(queuesRoot, "queuesRoot is null"), notices);
    }

    /**
     * The repository's queue, started if it is not running, after looking at the settings on main (a valid change
     * starts it again with them, an invalid one leaves it on its last good settings) and told to look at main itself
     * (a push outside the queue).
     */
    @Override
    public QueueRunner queue(RepositoryName name) {
        QueueRunner runner = lifecycle.refreshed(local(name)).runner();
        runner.followMain();
        return runner;
    }

    @Override
    public Optional<String> settingsProblem(RepositoryName name) {
        return lifecycle.settingsProblem(name);
    }

    /**
     * What is wrong with the {@code .mainline.yml} at {@code commit} (a pull request's head) when it differs from the
     * one on main; empty when it is the same or good.
     */
    @Override
    public Optional<String> settingsProblemAt(RepositoryName name, String commit) {
        SourceRepository source = local(name);
        try (Repository repository = open(source)) {
            return new SettingsAt(repository).problemAt(mainOf(repository, source), commit);
        }
    }

    /** The queue's check of a build's settings: only a changed file is read, and it must be one local mode runs. */
    private final class SettingsAt implements QueueRunner.SettingsCheck {
        private final Repository repository;

        SettingsAt(Repository repository) {
            this.repository = repository;
        }

        @Override
        public Optional<String> problemAt(String base, String commit) {
            try {
                ObjectId changed = settingsBlob(repository, ObjectId.fromString(commit));
                if (changed.equals(settingsBlob(repository, ObjectId.fromString(base)))) {
                    return Optional.empty();
                }
                return lifecycle.problemWith(text(repository, changed));
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

    /**
     * The text of blob {@code blob} (the zero id: no file), read no further than one byte past the largest settings
     * file, so a huge file costs no memory and is still refused as too large.
     */
    private static Optional<String> text(Repository repository, ObjectId blob) throws IOException {
        if (blob.equals(ObjectId.zeroId())) {
            return Optional.empty();
        }
        try (java.io.InputStream in = repository.open(blob).openStream()) {
            return Optional.of(new String(in.readNBytes(MainlineYaml.MAX_BYTES + 1), StandardCharsets.UTF_8));
        }
    }

    /** What local mode does for the lifecycle: settings from the repository on disk, a queue on it and its command. */
    private final class Site implements QueueLifecycle.Site<Running> {
        @Override
        public QueueLifecycle.SettingsOnMain settingsOnMain(SourceRepository source, Optional<Running> running) {
            Repository repository = running.map(Running::repository).orElseGet(() -> open(source));
            try {
                ObjectId blob = settingsBlob(repository, ObjectId.fromString(mainOf(repository, source)));
                return new QueueLifecycle.SettingsOnMain(blob.name(), text(repository, blob));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the settings of " + source.name(), e);
            } finally {
                if (running.isEmpty()) {
                    repository.close();
                }
            }
        }

        @Override
        public RepositorySettings settings(Optional<String> text) {
            String file = text.orElseThrow(() -> MainlineException.invalid(
                    "there is no %s: local mode needs at least ci.command", MainlineYaml.FILE));
            RepositorySettings settings = MainlineYaml.parse(file);
            if (settings.ci().isEmpty()) {
                throw MainlineException.invalid(
                        "%s has no ci.command: local mode needs the command that tests a commit", MainlineYaml.FILE);
            }
            return settings;
        }

        @Override
        public Running start(SourceRepository source, RepositorySettings settings, Path data) {
            Repository repository = open(source);
            try {
                String main = mainOf(repository, source);
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
                            new Observer(source.name()), new SettingsAt(repository));
                } catch (RuntimeException e) {
                    journal.close();
                    throw e;
                }
                runner.start();
                LOG.info(() -> "merge queue of %s started (%s, budget %d)".formatted(source.name(),
                        settings.strategy().key(), settings.queue().ciBudget()));
                return new Running(runner, repository, ci, journal);
            } catch (RuntimeException e) {
                repository.close();
                throw e;
            }
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
        Path root = repositoriesRoot.toAbsolutePath().normalize();
        Path path = root.resolve(name.value() + ".git").normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw MainlineException.invalid("'%s' does not name a place under %s", name, root);
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

    @Override
    public void close() {
        lifecycle.close();
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
