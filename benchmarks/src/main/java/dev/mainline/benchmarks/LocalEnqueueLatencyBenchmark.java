package dev.mainline.benchmarks;

import dev.mainline.local.CommandCi;
import dev.mainline.mergequeue.FileEventJournal;
import dev.mainline.local.JGitMergeRepository;
import dev.mainline.local.SampleRepository;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.mergequeue.RepositorySettings.LocalCi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Local mode, end to end: from an enqueue event to its speculative merge commit existing in the repository, with
 * {@code queued} entries already in the queue, all of them in CI. Everything is real: the journal forced to disk, the
 * engine, JGit building the merge commit of main plus every entry in memory and writing its ref. Each invocation
 * queues a pull request never seen before (so no merge is cached) and waits for its commit; it is dequeued again
 * between invocations, outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class LocalEnqueueLatencyBenchmark {
    private static final int POOL = 4_000;

    @Param({"50"})
    public int queued;

    private Path directory;
    private SampleRepository sample;
    private FileEventJournal journal;
    private CommandCi ci;
    private QueueRunner runner;
    private final Clock clock = Clock.systemUTC();
    private volatile CompletableFuture<String> awaited;
    private volatile int awaitedPullRequest;
    private int next;

    @Setup(Level.Trial)
    public void startQueue() throws Exception {
        directory = Files.createTempDirectory("mainline-enqueue-benchmark");
        sample = SampleRepository.create(directory.resolve("sample.git"), queued + POOL, Map.of(), Set.of());
        journal = new FileEventJournal(directory.resolve("journal"));
        // CI that stays busy: every queued entry keeps its build in flight.
        ci = new CommandCi(sample.repository(), new LocalCi("sleep 3600", Duration.ofHours(2), 2,
                "**/TEST-*.xml"), directory.resolve("work"), directory.resolve("logs"));
        JGitMergeRepository repository = new JGitMergeRepository(sample.repository(), "main");
        QueueConfiguration configuration = QueueConfiguration.defaults().withCiBudget(queued + 10)
                .withMaxExclusions(0);
        runner = new QueueRunner("benchmark", MergeQueueEngine.start(configuration, clock.instant(),
                repository.main()), repository, ci, journal, clock, new QueueRunner.Observer() {
                    @Override
                    public void carriedOut(QueueCommand command) {
                        if (command instanceof QueueCommand.BuildCommit build && !build.entries().isEmpty()
                                && build.entries().getLast().pullRequest() == awaitedPullRequest) {
                            CompletableFuture<String> waiting = awaited;
                            if (waiting != null) {
                                waiting.complete(build.build().toString());
                            }
                        }
                    }
                });
        runner.start();
        for (int number = 1; number <= queued; number++) {
            runner.submit(enqueued(number)).get();
        }
        next = queued + 1;
    }

    private QueueEvent.Enqueued enqueued(int number) {
        SampleRepository.PullRequest pullRequest = sample.pullRequests().get(number - 1);
        return new QueueEvent.Enqueued(clock.instant(), number, pullRequest.head(), pullRequest.author(),
                Priority.NORMAL, 0.9);
    }

    @Benchmark
    public String enqueueUntilItsSpeculativeCommitExists() throws Exception {
        int number = next;
        awaitedPullRequest = number;
        CompletableFuture<String> built = new CompletableFuture<>();
        awaited = built;
        runner.submit(enqueued(number));
        return built.get(30, TimeUnit.SECONDS);
    }

    @TearDown(Level.Invocation)
    public void dequeueIt() throws Exception {
        runner.submit(new QueueEvent.Dequeued(clock.instant(), next, "benchmark")).get();
        next = next >= queued + POOL ? queued + 1 : next + 1;
    }

    @TearDown(Level.Trial)
    public void stopQueue() throws IOException {
        runner.stop();
        ci.stop();
        journal.close();
        sample.repository().close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

}
