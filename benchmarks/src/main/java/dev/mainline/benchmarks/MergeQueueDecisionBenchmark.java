package dev.mainline.benchmarks;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.MergeQueueState;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.mergequeue.SpeculativeBuild;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One engine decision over a queue of {@code entries} entries with a full CI budget in flight: the front build
 * passes (main fast-forwards, builds are rebased, the freed slots are planned), or a new entry arrives. Each
 * invocation starts from the same restored state. Every entry joins with the configured default success estimate, as
 * the product queues pull requests.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MergeQueueDecisionBenchmark {
    @Param({"1000"})
    public int entries;

    @Param({"100"})
    public int ciBudget;

    @Param({"0", "1", "2"})
    public int maxExclusions;

    private MergeQueueState steady;
    private MergeQueueEngine engine;
    private BuildId front;
    private Instant later;

    @Setup(Level.Trial)
    public void buildQueue() {
        Instant start = Instant.parse("2026-03-02T09:00:00Z");
        QueueConfiguration configuration = QueueConfiguration.defaults().withCiBudget(ciBudget)
                .withMaxExclusions(maxExclusions);
        MergeQueueEngine building = MergeQueueEngine.start(configuration, start, "m0");
        for (int number = 1; number <= entries; number++) {
            for (QueueCommand command : building.handle(new QueueEvent.Enqueued(start, number, "h" + number,
                    "dev" + number, Priority.NORMAL, configuration.defaultSuccessEstimate()))) {
                if (command instanceof QueueCommand.BuildCommit build) {
                    building.handle(new QueueEvent.CommitBuilt(start, build.build(), "c" + build.build().value()));
                }
            }
        }
        steady = building.state();
        front = building.builds().stream()
                .filter(build -> build.status() == SpeculativeBuild.Status.TESTING && build.entries().size() == 1)
                .map(SpeculativeBuild::id)
                .findFirst()
                .orElseThrow();
        later = start.plus(Duration.ofMinutes(30));
    }

    @Setup(Level.Invocation)
    public void restore() {
        engine = MergeQueueEngine.restore(steady);
    }

    @Benchmark
    public List<QueueCommand> frontBuildPasses() {
        return engine.handle(new QueueEvent.CiFinished(later, front, CiOutcome.PASSED));
    }

    @Benchmark
    public List<QueueCommand> entryArrives() {
        return engine.handle(new QueueEvent.Enqueued(later, entries + 1, "new", "dev", Priority.NORMAL,
                engine.configuration().defaultSuccessEstimate()));
    }

    @Benchmark
    public List<QueueCommand> tick() {
        return engine.handle(new QueueEvent.Tick(later));
    }
}
