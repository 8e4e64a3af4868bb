package dev.mainline.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.common.RepositoryName;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Classifications kept current from stored reports, through the store's own history (sets and failures). */
class TestHealthTrackerTest {
    private static final RepositoryName REPOSITORY = new RepositoryName("acme/api");

    private final TestingClock clock = new TestingClock();
    private final TestResultStore store = new InMemoryStores().stores().testResults();
    private final TestHealthTracker tracker = new TestHealthTracker(store, new FlakinessClassifier(), clock,
            Duration.ofDays(30));
    private int uploads;

    @Test
    void aTestThatFailsThenPassesOnRetryIsFlaky() {
        report("c1", 1, passing("retried"), passing("steady"));
        report("c2", 1, passing("retried"), passing("steady"));
        report("c3", 1, retriedToPass("retried"), passing("steady"));

        assertThat(health("retried")).hasValueSatisfying(health -> {
            assertThat(health.health()).isEqualTo(TestHealth.FLAKY);
            assertThat(health.reasons()).contains("failed, then passed on retry, in 1 run");
        });
        assertThat(health("steady")).as("a test that never failed is never looked at").isEmpty();
        assertThat(store.testsNotHealthy(REPOSITORY)).extracting(StoredHealth::testId)
                .containsExactly(id("retried"));
    }

    @Test
    void aTestThatPassesAndFailsOnTheSameCommitIsFlaky() {
        report("c1", 1, passing("racy"));
        report("c2", 1, failing("racy"));
        report("c2", 2, passing("racy"));

        assertThat(health("racy")).hasValueSatisfying(health -> {
            assertThat(health.health()).isEqualTo(TestHealth.FLAKY);
            assertThat(health.reasons()).contains("passed and failed on the same commit 1 time");
        });
    }

    @Test
    void aTestThatFailsEveryTimeIsBrokenAndLooksHealthyAgainOnceFixedForLong() {
        report("c1", 1, passing("parser"));
        report("c2", 1, failing("parser"));
        report("c3", 1, failing("parser"));
        report("c4", 1, failing("parser"));

        assertThat(health("parser").orElseThrow().health()).isEqualTo(TestHealth.BROKEN);

        IntStream.range(5, 20).forEach(commit -> report("c" + commit, 1, passing("parser")));
        assertThat(health("parser").orElseThrow().health()).as("one break and one fix in 19 runs")
                .isEqualTo(TestHealth.HEALTHY);
        assertThat(store.testsNotHealthy(REPOSITORY)).isEmpty();
    }

    @Test
    void failuresInAnOutageAreNotHeldAgainstTests() {
        List<TestCaseResult> healthy = new ArrayList<>();
        List<TestCaseResult> outage = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            healthy.add(passing("t" + i));
            outage.add(i < 10 ? failing("t" + i) : passing("t" + i));
        }
        report("c1", 1, healthy.toArray(TestCaseResult[]::new));
        report("c2", 1, healthy.toArray(TestCaseResult[]::new));
        report("c3", 1, outage.toArray(TestCaseResult[]::new));
        report("c4", 1, healthy.toArray(TestCaseResult[]::new));

        assertThat(health("t0").orElseThrow().health()).isEqualTo(TestHealth.HEALTHY);
        Flakiness flakiness = tracker.classify(REPOSITORY, id("t0"));
        assertThat(flakiness.health()).isEqualTo(TestHealth.HEALTHY);
        assertThat(flakiness.outagesIgnored()).isEqualTo(1);
        assertThat(flakiness.reasons()).contains("1 run left out as outages");
    }

    @Test
    void anOutageIsJudgedOnTheWholeJobRunNotOneReport() {
        // A job whose report files each hold one test class: the failing file alone is half failed; the job is not.
        List<TestCaseResult> others = IntStream.range(0, 40).mapToObj(i -> passing("other" + i)).toList();
        for (int commit = 1; commit <= 3; commit++) {
            report("c" + commit, 1, retriedToPass("wobbly"), passing("neighbour"));
            report("c" + commit, 1, others.toArray(TestCaseResult[]::new));
        }

        Flakiness flakiness = tracker.classify(REPOSITORY, id("wobbly"));
        assertThat(flakiness.health()).isEqualTo(TestHealth.FLAKY);
        assertThat(flakiness.outagesIgnored()).isZero();
        assertThat(flakiness.runs()).isEqualTo(3);
    }

    @Test
    void aReportStoredBeforeItsTestsWereClassifiedIsClassifiedWhenHandledAgain() {
        report("c1", 1, passing("retried"));
        report("c2", 1, passing("retried"));
        List<TestCaseResult> tests = List.of(retriedToPass("retried"));
        clock.advance(Duration.ofMinutes(1));
        // Stored, then the server stopped before classifying.
        store.storeRun(new TestRun(REPOSITORY, "63330000", Optional.of("main"), Optional.empty(), "unit", 1),
                "%064d".formatted(999), "report.xml", clock.instant(), tests);
        assertThat(health("retried")).isEmpty();

        tracker.reportStoredBefore(REPOSITORY, tests);

        assertThat(health("retried").orElseThrow().health()).isEqualTo(TestHealth.FLAKY);
    }

    @Test
    void onlyRunsWithinTheWindowCount() {
        report("c1", 1, retriedToPass("old"));
        report("c2", 1, retriedToPass("old"));
        report("c3", 1, retriedToPass("old"));
        assertThat(health("old").orElseThrow().health()).isEqualTo(TestHealth.FLAKY);

        clock.advance(Duration.ofDays(31));
        report("c4", 1, passing("old"));

        assertThat(health("old").orElseThrow().health()).as("one run in the window").isEqualTo(TestHealth.UNKNOWN);
    }

    private void report(String commit, int attempt, TestCaseResult... tests) {
        clock.advance(Duration.ofMinutes(1));
        String sha = HexFormat.of().formatHex(commit.getBytes());
        TestRun run = new TestRun(REPOSITORY, (sha + "0000000").substring(0, 8), Optional.of("main"),
                Optional.empty(), "unit", attempt);
        String digest = "%064d".formatted(++uploads);
        List<TestCaseResult> list = List.of(tests);
        tracker.reportStored(REPOSITORY, store.storeRun(run, digest, "report.xml", clock.instant(), list), list);
    }

    private Optional<StoredHealth> health(String name) {
        return store.health(id(name));
    }

    private long id(String name) {
        return store.findTest(REPOSITORY, "Suite", "Suite", name).orElseThrow().id();
    }

    private static TestCaseResult passing(String name) {
        return new TestCaseResult("Suite", "Suite", name, Optional.empty(), List.of(TestAttempt.passed(Duration.ZERO)));
    }

    private static TestCaseResult failing(String name) {
        return new TestCaseResult("Suite", "Suite", name, Optional.empty(), List.of(failure()));
    }

    private static TestCaseResult retriedToPass(String name) {
        return new TestCaseResult("Suite", "Suite", name, Optional.empty(),
                List.of(failure(), TestAttempt.passed(Duration.ZERO)));
    }

    private static TestAttempt failure() {
        return new TestAttempt(TestOutcome.FAILED, Duration.ZERO, Optional.of("AssertionError"),
                Optional.of("expected true"), Optional.empty());
    }
}
