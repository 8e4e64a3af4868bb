package dev.mainline.mergequeue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.TestingCore;
import dev.mainline.audit.Channel;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Permission;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A build's CI reaches its triage with the pull requests it holds, and the queue's history links each result to the
 * run it came from, a build tried again included.
 */
class QueueCiHistoryTest {
    private static final RepositoryName REPOSITORY = new RepositoryName("acme/api");

    private final TestingCore core = new TestingCore();
    private final TestingCi ci = new TestingCi();
    private final TestingQueueCiRuns runs = new TestingQueueCiRuns();
    private final List<CiBuild> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CiTriage keeping = new CiTriage() {
        @Override
        public void started(RepositoryName repository, CiBuild build) {
            started.add(build);
            runs.started(repository, build, Clock.systemUTC().instant());
        }

        @Override
        public CiRun review(RepositoryName repository, CiBuild build, CiRun run) {
            QueueCiRun kept = runs.latest(repository, build.id(), build.commit()).orElseThrow();
            runs.finished(kept.id(), run.outcome(), Optional.of(100L + kept.id()), 1, Clock.systemUTC().instant());
            return run;
        }
    };
    private final QueueRunner runner = new QueueRunner("acme/api",
            MergeQueueEngine.start(QueueConfiguration.defaults().withCiBudget(1).withFailureTolerance(1),
                    core.clock().instant(), "m0"),
            new TestingMergeRepository(), new TriagedCi(ci, REPOSITORY, keeping), EventJournal.none(),
            Clock.systemUTC(), new QueueRunner.Observer() {
            });
    private final MergeQueueService service = new MergeQueueService(new MergeQueues() {
        @Override
        public QueueRunner queue(RepositoryName name) {
            return runner;
        }

        @Override
        public String head(RepositoryName name, String branch) {
            return "head-of-" + branch;
        }
    }, runs, core.authorizer(), core.clock());
    private final Actor engineer = new Actor(1, "eve", Channel.API, List.of(Permission.parse(
            "engineer@repository:acme/api")), Optional.empty());

    {
        runner.start();
    }

    @AfterEach
    void stop() {
        runner.stop();
    }

    @Test
    void eachResultLinksTheRunItCameFromAndABuildTriedAgainIsAnotherAttempt() {
        service.enqueue(engineer, REPOSITORY, 7, "feature-a", Priority.NORMAL);
        service.enqueue(engineer, REPOSITORY, 8, "feature-b", Priority.NORMAL);
        ci.finishAll(CiOutcome.FAILED);
        service.status(engineer, REPOSITORY);
        ci.finishAll(CiOutcome.PASSED);
        service.status(engineer, REPOSITORY);

        assertThat(started).first().satisfies(build -> {
            assertThat(build.pullRequests()).containsExactly(7);
            assertThat(build.added()).isEqualTo(1);
            assertThat(build.branch()).isEqualTo("mainline/builds/" + build.id().value());
        });
        List<HistoryLine> history = service.history(engineer, REPOSITORY, 7);
        Map<HistoryEvent.Kind, List<HistoryLine>> byKind = history.stream()
                .collect(java.util.stream.Collectors.groupingBy(line -> line.event().kind()));
        assertThat(byKind.get(HistoryEvent.Kind.TEST_FAILED)).singleElement().satisfies(line -> {
            assertThat(line.event().build()).contains(started.getFirst().id());
            assertThat(line.ci()).hasValueSatisfying(run -> {
                assertThat(run.attempt()).isEqualTo(1);
                assertThat(run.outcome()).contains(CiOutcome.FAILED);
                assertThat(run.pullRequests()).containsExactly(7);
                assertThat(run.log()).contains(101L);
            });
        });
        assertThat(byKind.get(HistoryEvent.Kind.TEST_PASSED)).singleElement().satisfies(line -> {
            assertThat(line.ci()).hasValueSatisfying(run -> {
                assertThat(run.attempt()).as("the same commit tested again").isEqualTo(2);
                assertThat(run.outcome()).contains(CiOutcome.PASSED);
                assertThat(run.log()).contains(102L);
            });
        });
        assertThat(byKind.get(HistoryEvent.Kind.TEST_STARTED)).allSatisfy(line -> {
            assertThat(line.event().build()).isPresent();
            assertThat(line.ci()).isEmpty();
        });
        assertThat(byKind.get(HistoryEvent.Kind.ENQUEUED)).allSatisfy(line -> assertThat(line.ci()).isEmpty());
        assertThat(byKind).containsKey(HistoryEvent.Kind.MERGED);
    }
}
