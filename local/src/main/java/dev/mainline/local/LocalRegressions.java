package dev.mainline.local;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.RepositorySettings.LocalCi;
import dev.mainline.releases.RegressionJobs;
import dev.mainline.releases.Release;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Regression in local mode: an app's regression command runs on the head of the release branch, in a fresh checkout,
 * with local mode's CI runner ({@link CommandCi}: its own process group, a timeout, the output kept as the log). When
 * it ends, the release it was started for hears how (only the newest start of a release is heard: a run started
 * before regression was started again is not its result).
 */
public final class LocalRegressions implements AutoCloseable {
    /** A regression that ended: the release it was started for, where and on which commit it ran, how it ended. */
    public record Finished(Release release, RepositoryName repository, String commit, CiRun run) {
        public Finished {
            requireNonNull(release, "release is null");
            requireNonNull(repository, "repository is null");
            requireNonNull(commit, "commit is null");
            requireNonNull(run, "run is null");
        }
    }

    /** One repository's runner of one command, and the repository it reads. */
    private record Runner(Repository repository, CommandCi ci) {
    }

    private final SourceRepositoryStore repositories;
    private final LocalMergeQueues queues;
    private final Path data;
    private final Duration timeout;
    private final Map<String, Runner> runners = new ConcurrentHashMap<>();
    private final Map<Long, BuildId> newest = new ConcurrentHashMap<>();
    private final AtomicLong builds = new AtomicLong(System.currentTimeMillis());
    private volatile Consumer<Finished> listener = finished -> {
    };

    /** {@code data}: where checkouts and logs go; {@code timeout}: how long a regression may run before it fails. */
    public LocalRegressions(SourceRepositoryStore repositories, LocalMergeQueues queues, Path data,
            Duration timeout) {
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.queues = requireNonNull(queues, "queues is null");
        this.data = requireNonNull(data, "data is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** Who hears each regression's end (the release service, through the server's wiring). */
    public void onFinished(Consumer<Finished> heard) {
        this.listener = requireNonNull(heard, "heard is null");
    }

    /** The regression of an app built from local {@code repository}: {@code command}, run with {@code sh -c}. */
    public RegressionJobs jobs(RepositoryName repository, String command) {
        requireNonNull(repository, "repository is null");
        new LocalCi(command, timeout, 1, "**/TEST-*.xml");
        return release -> start(repository, command, release);
    }

    private String start(RepositoryName name, String command, Release release) {
        if (repositories.findByName(name).filter(source -> source.forge() == Forge.LOCAL).isEmpty()
                || !Files.exists(queues.location(name).resolve("HEAD"))) {
            throw new MainlineException(ErrorCode.FORGE_REFUSED, "%s is not a local repository with commits"
                    .formatted(name));
        }
        Runner runner = runners.computeIfAbsent(name.value() + "\t" + command, key -> open(name, command));
        String commit;
        try {
            Ref head = runner.repository().exactRef(Constants.R_HEADS + release.branch());
            if (head == null) {
                throw new MainlineException(ErrorCode.FORGE_REFUSED, "branch %s does not exist in %s".formatted(
                        release.branch(), name));
            }
            commit = head.getObjectId().name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the branches of " + name, e);
        }
        BuildId build = new BuildId(builds.incrementAndGet());
        newest.put(release.id(), build);
        runner.ci().start(build, commit, run -> {
            if (newest.remove(release.id(), build)) {
                listener.accept(new Finished(release, name, commit, run));
            }
        });
        return "regression command started on %s at commit %s in %s".formatted(release.branch(), commit, name);
    }

    private Runner open(RepositoryName name, String command) {
        try {
            Repository repository = new FileRepositoryBuilder().setGitDir(queues.location(name).toFile())
                    .setMustExist(true).build();
            Path root = data.resolve(name.value().replace('/', '_'));
            return new Runner(repository, new CommandCi(repository, new LocalCi(command, timeout, 1, "**/TEST-*.xml"),
                    root.resolve("work"), root.resolve("logs")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + name, e);
        }
    }

    @Override
    public void close() {
        runners.values().forEach(runner -> {
            runner.ci().stop();
            runner.repository().close();
        });
        runners.clear();
    }
}
