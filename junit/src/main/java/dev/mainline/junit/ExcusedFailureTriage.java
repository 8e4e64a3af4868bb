package dev.mainline.junit;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import dev.mainline.mergequeue.CiBuild;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.testresults.FailureVerdict;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestName;
import dev.mainline.testresults.TestQuarantines;
import dev.mainline.testresults.TestResultStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Keeps the merge queue from charging a pull request with failures that are not its own: a failed CI run whose test
 * failures are each quarantined or known flaky passes instead. Only a run that ended by itself and carries its own
 * JUnit reports (local CI) is judged, on those reports: a run killed for its timeout carries none, and a run with no
 * test failure in its reports stays failed, since its cause is not a test. CI elsewhere (GitHub mode) is judged by CI
 * itself before its check is reported: {@code mainline tests check} in the job makes it pass when every failure is
 * excused, so a red check always counts (it may be lint, a build, or a job whose report was never uploaded).
 */
public final class ExcusedFailureTriage implements CiTriage {
    private static final Logger LOG = Logger.getLogger(ExcusedFailureTriage.class.getName());
    private static final int SHOWN = 5;

    private final JUnitReportParser parser;
    private final TestResultStore results;
    private final TestQuarantines quarantines;

    public ExcusedFailureTriage(JUnitReportParser parser, TestResultStore results, TestQuarantines quarantines) {
        this.parser = requireNonNull(parser, "parser is null");
        this.results = requireNonNull(results, "results is null");
        this.quarantines = requireNonNull(quarantines, "quarantines is null");
    }

    @Override
    public CiRun review(RepositoryName repository, CiBuild build, CiRun run) {
        if (run.outcome() == CiOutcome.PASSED) {
            return run;
        }
        if (run.reports().isEmpty()) {
            return run;
        }
        List<TestName> failures = failuresIn(run.reports());
        if (failures.isEmpty()) {
            return run;
        }
        FailureVerdict verdict = quarantines.judge(repository, failures);
        if (verdict.allExcused()) {
            String excused = verdict.failures().stream().limit(SHOWN)
                    .map(judged -> judged.test() + " (" + judged.why() + ")")
                    .collect(Collectors.joining("; "));
            return new CiRun(CiOutcome.PASSED, "passed: its %d test failure%s excused: %s%s".formatted(
                    failures.size(), failures.size() == 1 ? " is" : "s are", excused,
                    failures.size() > SHOWN ? "; …" : ""), run.log(), run.reports());
        }
        int excused = verdict.failures().size() - verdict.counted().size();
        if (excused == 0) {
            return run;
        }
        return new CiRun(run.outcome(), "%s (%d of %d test failures excused; counted: %s)".formatted(run.summary(),
                excused, failures.size(), verdict.counted().stream().limit(SHOWN)
                        .map(judged -> judged.test().toString()).collect(Collectors.joining(", "))),
                run.log(), run.reports());
    }

    /** The tests that failed, and did not pass on retry, in the report files; a file that cannot be read is left out. */
    private List<TestName> failuresIn(List<String> reports) {
        Set<TestName> failed = new LinkedHashSet<>();
        for (String report : reports) {
            Path file = Path.of(report);
            try (InputStream in = Files.newInputStream(file)) {
                for (TestCaseResult test : parser.parse(file.getFileName().toString(), in).tests()) {
                    if (test.outcome().failed()) {
                        failed.add(TestName.of(test));
                    }
                }
            } catch (IOException | ReportRejectedException e) {
                // A report that cannot be read might hold a failure that is not excused: nothing is excused then.
                LOG.warning(() -> "cannot read the CI report %s: %s".formatted(report, e.getMessage()));
                failed.add(new TestName(file.getFileName().toString(), "", "(unreadable report)"));
            }
        }
        return new ArrayList<>(failed);
    }
}
