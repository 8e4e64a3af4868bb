package dev.mainline.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.audit.Channel;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.ContinuousIntegration;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.TriagedCi;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import dev.mainline.testresults.Flakiness;
import dev.mainline.testresults.StoredReport;
import dev.mainline.testresults.TestAttempt;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestHealth;
import dev.mainline.testresults.TestOutcome;
import dev.mainline.testresults.TestQuarantines;
import dev.mainline.testresults.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge queue hears of a failed CI run as passed only when each of its test failures is excused. */
class ExcusedFailureTriageTest {
    private static final RepositoryName API = new RepositoryName("acme/api");

    @TempDir
    Path directory;

    private final TestingClock clock = new TestingClock();
    private final Stores stores = new InMemoryStores().stores();
    private final TestQuarantines quarantines = new TestQuarantines(stores.testResults(),
            new Authorizer(stores.auditLog(), clock), stores.transactions(), clock);
    private final ExcusedFailureTriage triage = new ExcusedFailureTriage(new JUnitReportParser(),
            stores.testResults(), quarantines);

    ExcusedFailureTriageTest() {
        StoredReport report = stores.testResults().storeRun(new TestRun(API, "0000aaaa", Optional.empty(),
                Optional.empty(), "unit", 1), "1".repeat(64), "r.xml", clock.instant(),
                List.of(passing("flaky"),
                        passing("quarantined"), passing("healthy")));
        stores.testResults().recordHealth(Map.of(report.testIds()[0], new Flakiness(TestHealth.FLAKY, 0.5, 9, 0, 3,
                0, 0.2, List.of("failed, then passed on retry, in 3 runs"))), clock.instant());
        quarantines.quarantine(new Actor(1, "ada", Channel.API, List.of(Permission.parse(
                "engineer@repository:acme/api")), Optional.empty()), API, report.testIds()[1],
                new TestQuarantines.Request(Optional.empty(), "the sandbox is down", Optional.empty(),
                        Optional.empty()));
    }

    @Test
    void aRunFailingOnlyOnQuarantinedOrFlakyTestsPasses() throws IOException {
        CiRun run = finish(new CiRun(CiOutcome.FAILED, "`mvn test` exited with 1", Optional.empty(),
                List.of(report("flaky", "quarantined"))));

        assertThat(run.outcome()).isEqualTo(CiOutcome.PASSED);
        assertThat(run.summary()).startsWith("passed: its 2 test failures are excused")
                .contains("known flaky").contains("quarantined by ada: the sandbox is down");
    }

    @Test
    void aFailureThatIsNotExcusedStillFailsTheRunAndSaysWhichCounted() throws IOException {
        CiRun run = finish(new CiRun(CiOutcome.FAILED, "`mvn test` exited with 1", Optional.empty(),
                List.of(report("flaky", "healthy"))));

        assertThat(run.outcome()).isEqualTo(CiOutcome.FAILED);
        assertThat(run.summary()).isEqualTo("`mvn test` exited with 1 (1 of 2 test failures excused; counted:"
                + " Suite › healthy)");
    }

    @Test
    void aRunThatFailedWithoutATestFailureStaysFailed() throws IOException {
        CiRun compileError = new CiRun(CiOutcome.FAILED, "`mvn test` exited with 1", Optional.empty(),
                List.of(report()));

        assertThat(finish(compileError)).isEqualTo(compileError);
        CiRun nothing = new CiRun(CiOutcome.FAILED, "timed out", Optional.empty(), List.of());
        assertThat(finish(nothing)).isEqualTo(nothing);
    }

    @Test
    void aRunWithoutReportsOfItsOwnIsNeverExcusedEvenIfTheCommitsUploadsWould() {
        // A red GitHub check may be lint, a build, or a job whose report never arrived: it always counts.
        stores.testResults().storeRun(new TestRun(API, "0000bbbb", Optional.empty(), Optional.empty(), "unit", 1),
                "2".repeat(64), "r.xml", clock.instant(), List.of(failing("quarantined"), passing("healthy")));
        CiRun checks = new CiRun(CiOutcome.FAILED, "required check 'lint' failed", Optional.empty(), List.of());

        assertThat(triage.review(API, dev.mainline.mergequeue.CiBuild.unknown(new BuildId(1), "0000bbbb"), checks))
                .isEqualTo(checks);
    }

    @Test
    void anUnreadableReportExcusesNothing() throws IOException {
        Path broken = Files.writeString(directory.resolve("TEST-broken.xml"), "<testsuite><testcase name=");
        CiRun run = finish(new CiRun(CiOutcome.FAILED, "exited with 1", Optional.empty(), List.of(
                report("quarantined"), broken.toString())));

        assertThat(run.outcome()).isEqualTo(CiOutcome.FAILED);
    }

    private CiRun finish(CiRun run) {
        List<CiRun> heard = new ArrayList<>();
        ContinuousIntegration ci = new ContinuousIntegration() {
            @Override
            public void start(BuildId build, String commit, Consumer<CiRun> finished) {
                finished.accept(run);
            }

            @Override
            public void cancel(BuildId build) {
            }
        };
        new TriagedCi(ci, API, triage).start(new BuildId(1), "0000dddd", heard::add);
        assertThat(heard).hasSize(1);
        return heard.getFirst();
    }

    private String report(String... failing) throws IOException {
        StringBuilder xml = new StringBuilder(
                "<testsuite name=\"Suite\">\n<testcase name=\"passes\" classname=\"Suite\"/>\n");
        for (String name : failing) {
            xml.append("<testcase name=\"%s\" classname=\"Suite\"><failure message=\"no\"/></testcase>\n"
                    .formatted(name));
        }
        xml.append("</testsuite>\n");
        return Files.writeString(directory.resolve("TEST-" + String.join("-", failing) + System.nanoTime() + ".xml"),
                xml).toString();
    }

    private static TestCaseResult passing(String name) {
        return new TestCaseResult("Suite", "Suite", name, Optional.empty(), List.of(TestAttempt.passed(
                Duration.ZERO)));
    }

    private static TestCaseResult failing(String name) {
        return new TestCaseResult("Suite", "Suite", name, Optional.empty(), List.of(new TestAttempt(
                TestOutcome.FAILED, Duration.ZERO, Optional.empty(), Optional.empty(), Optional.empty())));
    }
}
