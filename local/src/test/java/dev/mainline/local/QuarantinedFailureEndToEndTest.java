package dev.mainline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.junit.ExcusedFailureTriage;
import dev.mainline.junit.JUnitReportParser;
import dev.mainline.mergequeue.HistoryEvent;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testresults.StoredReport;
import dev.mainline.testresults.TestAttempt;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestQuarantines;
import dev.mainline.testresults.TestRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge queue, a real repository and real CI command, with test analytics' second look: the CI command writes a
 * JUnit report and fails when a source file is BROKEN. When that test is quarantined, the pull request that trips it
 * is merged, not charged; when it is not, it is ejected.
 */
class QuarantinedFailureEndToEndTest {
    private static final RepositoryName NAME = new RepositoryName("acme/api");
    private static final String TEST_SCRIPT = """
            #!/bin/sh
            mkdir -p build
            if grep -q BROKEN src/*.txt; then
              result='<failure message="a source file is BROKEN"/>'; status=1
            else
              result=''; status=0
            fi
            cat > build/TEST-sample.xml <<XML
            <testsuite name="SampleTests">
              <testcase name="features_are_features" classname="SampleTests"/>
              <testcase name="no_broken_files" classname="SampleTests">$result</testcase>
            </testsuite>
            XML
            exit $status
            """;
    private static final String MAINLINE_YML = """
            merge_queue:
              strategy: speculative
              failure_tolerance: 1
              ci_budget: 4
            ci:
              command: sh test.sh
              timeout: 1m
              concurrency: 4
              reports: "build/TEST-*.xml"
            """;

    @TempDir
    Path directory;

    @Test
    void aPullRequestFailingOnlyAQuarantinedTestIsMerged() throws Exception {
        Map<Integer, List<HistoryEvent.Kind>> outcomes = run(true);

        assertThat(outcomes.get(2)).contains(HistoryEvent.Kind.MERGED).doesNotContain(HistoryEvent.Kind.EJECTED);
        assertThat(outcomes.get(1)).contains(HistoryEvent.Kind.MERGED);
        assertThat(outcomes.get(3)).contains(HistoryEvent.Kind.MERGED);
    }

    @Test
    void withoutTheQuarantineTheSameFailureEjectsIt() throws Exception {
        Map<Integer, List<HistoryEvent.Kind>> outcomes = run(false);

        assertThat(outcomes.get(2)).contains(HistoryEvent.Kind.EJECTED).doesNotContain(HistoryEvent.Kind.MERGED);
        assertThat(outcomes.get(1)).contains(HistoryEvent.Kind.MERGED);
        assertThat(outcomes.get(3)).contains(HistoryEvent.Kind.MERGED);
    }

    private Map<Integer, List<HistoryEvent.Kind>> run(boolean quarantined) throws Exception {
        Stores stores = new InMemoryStores().stores();
        Clock clock = Clock.systemUTC();
        stores.repositories().insert(new NewSourceRepository(NAME, "main", Forge.LOCAL), clock.instant());
        TestQuarantines quarantines = new TestQuarantines(stores.testResults(),
                new Authorizer(stores.auditLog(), clock), stores.transactions(), clock);
        StoredReport known = stores.testResults().storeRun(new TestRun(NAME, "00000001", Optional.of("main"),
                Optional.empty(), "ci", 1), "1".repeat(64), "TEST-sample.xml", clock.instant(),
                List.of(
                        new TestCaseResult("SampleTests", "SampleTests", "no_broken_files", Optional.empty(),
                                List.of(TestAttempt.passed(Duration.ZERO)))));
        if (quarantined) {
            quarantines.quarantine(new Actor(1, "ada", Channel.API, List.of(Permission.parse(
                    "engineer@repository:acme/api")), Optional.empty()), NAME, known.testIds()[0],
                    new TestQuarantines.Request(Optional.empty(), "the check is being rewritten", Optional.empty(),
                            Optional.empty()));
        }
        try (LocalMergeQueues queues = new LocalMergeQueues(stores.repositories(), stores.pullRequests(),
                directory.resolve("repositories"), directory.resolve("queues"),
                new ExcusedFailureTriage(new JUnitReportParser(), stores.testResults(), quarantines), clock)) {
            SampleRepository sample = SampleRepository.create(queues.location(NAME), 3, Map.of(), Set.of(2));
            MainBranchCommits.replaceOnMain(sample.repository(), Map.of("test.sh", TEST_SCRIPT, ".mainline.yml",
                    MAINLINE_YML), "Tests write a JUnit report");
            QueueRunner runner = queues.queue(NAME);
            for (SampleRepository.PullRequest pullRequest : sample.pullRequests()) {
                runner.submit(new QueueEvent.Enqueued(clock.instant(), pullRequest.number(), pullRequest.head(),
                        pullRequest.author(), Priority.NORMAL, 0.9));
            }
            await("the queue drains").atMost(Duration.ofMinutes(2))
                    .until(() -> runner.query(engine -> engine.entries().isEmpty()).get());
            Map<Integer, List<HistoryEvent.Kind>> outcomes = new java.util.HashMap<>();
            for (int number = 1; number <= 3; number++) {
                int pullRequest = number;
                outcomes.put(number, runner.query(engine -> engine.history(pullRequest).stream()
                        .map(HistoryEvent::kind).toList()).get());
            }
            sample.repository().close();
            return outcomes;
        }
    }
}
