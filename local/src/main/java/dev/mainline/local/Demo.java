package dev.mainline.local;

import static java.util.Objects.requireNonNull;

import dev.mainline.mergequeue.FileEventJournal;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.HistoryEvent;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.mergequeue.RepositorySettings.LocalCi;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The merge queue end to end on a sample repository, for a newcomer: creates a project with a dozen pull requests
 * (some conflict, some break its tests), queues them all in local mode with real git and a real CI command, and
 * prints what happens until the queue is empty.
 */
public final class Demo {
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final Path directory;
    private final int pullRequests;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();
    private final Instant started = clock.instant();
    private final Map<Long, String> buildContents = new ConcurrentHashMap<>();

    public Demo(Path directory, int pullRequests, PrintStream out) {
        this.directory = requireNonNull(directory, "directory is null");
        this.pullRequests = pullRequests;
        this.out = requireNonNull(out, "out is null");
        if (pullRequests < 6 || pullRequests > 200) {
            throw new IllegalArgumentException("the demo runs 6 to 200 pull requests, got " + pullRequests);
        }
    }

    /** Runs the demo; returns whether the queue emptied in time. */
    public boolean run() throws Exception {
        requireEmpty(directory);
        Path repositoryDirectory = directory.resolve("sample.git");
        SampleRepository sample = SampleRepository.standard(repositoryDirectory, pullRequests);
        out.printf("Sample project in %s with %d pull requests (branches pr-1 … pr-%d):%n", repositoryDirectory,
                pullRequests, pullRequests);
        for (SampleRepository.PullRequest pullRequest : sample.pullRequests()) {
            out.printf("  #%-3d %-55s %s%n", pullRequest.number(), pullRequest.title(), switch (pullRequest.kind()) {
                case GOOD -> "";
                case CONFLICTS -> "(will conflict)";
                case BREAKS_TESTS -> "(breaks the tests)";
            });
        }
        QueueConfiguration configuration = QueueConfiguration.defaults().withCiBudget(4).withFailureTolerance(1);
        out.printf("%nThe queue: CI command `%s`, %d builds at a time, failure tolerance %d.%n%n",
                SampleRepository.CI_COMMAND, configuration.ciBudget(), configuration.failureTolerance());
        JGitMergeRepository repository = new JGitMergeRepository(sample.repository(), "main");
        CommandCi ci = new CommandCi(sample.repository(),
                new LocalCi("sleep 1; " + SampleRepository.CI_COMMAND,
                        Duration.ofMinutes(1), configuration.ciBudget(), "**/TEST-*.xml"),
                directory.resolve("work"),
                directory.resolve("ci-logs"));
        try (FileEventJournal journal = new FileEventJournal(directory.resolve("journal"))) {
            QueueRunner runner = new QueueRunner("demo", MergeQueueEngine.start(configuration, clock.instant(),
                    repository.main()), repository, ci, journal, clock, new Printer());
            runner.start();
            try {
                for (SampleRepository.PullRequest pullRequest : sample.pullRequests()) {
                    runner.submit(new QueueEvent.Enqueued(clock.instant(), pullRequest.number(), pullRequest.head(),
                            pullRequest.author(), Priority.NORMAL, configuration.defaultSuccessEstimate())).get();
                }
                long deadline = System.nanoTime() + LIMIT.toNanos();
                while (!runner.query(engine -> engine.entries().isEmpty()).get(1, TimeUnit.MINUTES)) {
                    if (System.nanoTime() > deadline) {
                        out.printf("%nThe queue did not empty within %s; stopping.%n", LIMIT);
                        return false;
                    }
                    Thread.sleep(100);
                }
                summarize(runner, sample, repository.main());
                return true;
            } finally {
                runner.stop();
                ci.stop();
            }
        }
    }

    private void summarize(QueueRunner runner, SampleRepository sample, String main) throws Exception {
        Map<Integer, List<HistoryEvent>> histories = runner.query(engine -> sample.pullRequests().stream()
                .collect(Collectors.toMap(SampleRepository.PullRequest::number,
                        pullRequest -> engine.history(pullRequest.number()))))
                .get();
        out.printf("%nDone in %d s. Main is at %s.%n", Duration.between(started, clock.instant()).toSeconds(),
                main.substring(0, 12));
        histories.forEach((number, history) -> history.stream()
                .filter(line -> line.kind() == HistoryEvent.Kind.EJECTED)
                .reduce((first, second) -> second)
                .ifPresent(line -> out.printf("  #%d was ejected: %s%n", number, line.detail())));
        out.printf("%nEvery commit main pointed to passed CI. To look around:%n");
        out.printf("  git --git-dir %s log --oneline --first-parent main%n", directory.resolve("sample.git"));
        out.printf("  CI logs: %s    the queue's journal: %s%n", directory.resolve("ci-logs"),
                directory.resolve("journal"));
    }

    private String elapsed() {
        Duration duration = Duration.between(started, clock.instant());
        return "%3d.%d s".formatted(duration.toSeconds(), duration.toMillisPart() / 100);
    }

    private static String describe(List<EntryRef> entries) {
        return entries.stream().map(entry -> "#" + entry.pullRequest()).collect(Collectors.joining(", "));
    }

    /** Prints what the queue does as it does it. */
    private final class Printer implements QueueRunner.Observer {
        @Override
        public void carriedOut(QueueCommand command) {
            switch (command) {
                case QueueCommand.BuildCommit build -> {
                    buildContents.put(build.build().value(), describe(build.entries()));
                    out.printf("%s  %-9s tests main + %s%n", elapsed(), build.build(), describe(build.entries()));
                }
                case QueueCommand.FastForward forward -> out.printf("%s  main      moves to %s: merged %s%n",
                        elapsed(), forward.to().substring(0, 12), describe(forward.merged()));
                case QueueCommand.Eject eject -> out.printf("%s  ejected   #%d: %s%n", elapsed(), eject.pullRequest(),
                        eject.detail());
                case QueueCommand.StartCi start -> {
                }
                case QueueCommand.CancelCi cancel -> out.printf("%s  %-9s cancelled (no longer needed)%n", elapsed(),
                        cancel.build());
                case QueueCommand.Notify notify -> {
                }
            }
        }

        @Override
        public void ciFinished(BuildId build, String commit, CiRun run) {
            out.printf("%s  %-9s CI %s (main + %s)%n", elapsed(), build, run.outcome().name().toLowerCase(),
                    buildContents.getOrDefault(build.value(), "?"));
        }

        @Override
        public void failed(String what, RuntimeException failure) {
            out.printf("%s  problem   %s: %s%n", elapsed(), what, failure.getMessage());
        }
    }

    static void requireEmpty(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(
                            "%s is not empty; give the demo a new directory".formatted(directory));
                }
            }
        }
    }
}
