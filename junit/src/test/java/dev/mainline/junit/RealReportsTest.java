package dev.mainline.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.testresults.TestAttempt;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestOutcome;
import dev.mainline.testresults.TestReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reports written by real runners on real projects (src/test/resources/junit-real, see its README). Every expected
 * figure was read off the file itself: its {@code <testcase>} elements (not those inside comments), their
 * {@code <failure>}, {@code <error>} and {@code <skipped>} children, and the totals its suites declare.
 */
class RealReportsTest {
    private final JUnitReportParser parser = new JUnitReportParser();

    static TestReport read(String name) {
        try (InputStream input = RealReportsTest.class.getResourceAsStream("/junit-real/" + name)) {
            return new JUnitReportParser().parse(name, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Attempts by outcome: every {@code <testcase>} is one attempt. */
    private static Map<TestOutcome, Long> attempts(TestReport report) {
        return report.tests().stream().flatMap(test -> test.attempts().stream())
                .collect(Collectors.groupingBy(TestAttempt::outcome, Collectors.counting()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file, test cases, passed, failed, errors, skipped
            "empty_java-junit.xml,                       0,    0,    0, 0,  0",
            "empty_jest-junit.xml,                       0,    0,    0, 0,  0",
            "empty_jest-junit-empty-testsuite.xml,       0,    0,    0, 0,  0",
            "java_empty_failures.xml,                    3,    2,    1, 0,  0",
            "java_junit4-basic.xml,                      6,    5,    1, 0,  0",
            "java_junit4-complete.xml,                   8,    5,    1, 1,  1",
            "java_pulsar-test-report.xml,              808,  793,    1, 0, 14",
            "jest-junit.xml,                             6,    1,    4, 0,  1",
            "jest-junit-eslint.xml,                      1,    1,    0, 0,  0",
            "jest_jest-react-component-test-results.xml, 1,    1,    0, 0,  0",
            "jest_jest-test-results.xml,              4239, 4207,    2, 0, 30",
            "test-errors_jest_jest-test-results.xml,     2,    0,    0, 2,  0",
            "junit-with-message.xml,                     1,    0,    1, 0,  0",
            "phpunit_junit-basic.xml,                    9,    8,    1, 0,  0",
            "phpunit_phpcheckstyle-phpunit.xml,         30,   28,    2, 0,  0",
            "python-xunit-pytest.xml,                   10,    6,    2, 0,  2",
            "python-xunit-unittest.xml,                  8,    4,    1, 1,  2",
            "swift-xunit.xml,                            3,    2,    1, 0,  0"})
    void everyTestCaseOfEveryRealReportIsReadWithItsOutcome(String file, long cases, long passed, long failed,
            long errors, long skipped) {
        Map<TestOutcome, Long> attempts = attempts(read(file));

        assertThat(attempts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(cases);
        assertThat(attempts.getOrDefault(TestOutcome.PASSED, 0L)).as("passed").isEqualTo(passed);
        assertThat(attempts.getOrDefault(TestOutcome.FAILED, 0L)).as("failed").isEqualTo(failed);
        assertThat(attempts.getOrDefault(TestOutcome.ERROR, 0L)).as("errors").isEqualTo(errors);
        assertThat(attempts.getOrDefault(TestOutcome.SKIPPED, 0L)).as("skipped").isEqualTo(skipped);
    }

    @Test
    void theCompleteExampleKeepsMessagesTypesDurationsAndSuiteProperties() {
        TestReport report = read("java_junit4-complete.xml");

        TestCaseResult failed = test(report, "testCase5");
        assertThat(failed.suite()).isEqualTo("Tests.Registration");
        assertThat(failed.className()).isEqualTo("Tests.Registration");
        TestAttempt failure = failed.attempts().getFirst();
        assertThat(failure.outcome()).isEqualTo(TestOutcome.FAILED);
        assertThat(failure.failureType()).contains("AssertionError");
        assertThat(failure.message()).contains("Expected value did not match.");
        TestAttempt error = test(report, "testCase6").attempts().getFirst();
        assertThat(error.outcome()).isEqualTo(TestOutcome.ERROR);
        assertThat(error.message()).contains("Division by zero.");
        assertThat(test(report, "testCase4").attempts().getFirst().message()).contains("Test was skipped.");
        assertThat(report.properties()).containsEntry("version", "1.774").containsEntry("commit", "ef7bebf")
                .doesNotContainKey("priority");
    }

    @Test
    void pytestAndUnittestKeepClassFileAndTraceback() {
        TestCaseResult pytest = test(read("python-xunit-pytest.xml"), "test_always_fail");
        assertThat(pytest.className()).isEqualTo("tests.test_lib");
        assertThat(pytest.attempts().getFirst().message()).contains("assert False");
        assertThat(pytest.attempts().getFirst().stackTrace().orElseThrow()).contains("tests/test_lib.py:25");
        assertThat(test(read("python-xunit-pytest.xml"), "test_always_skip").attempts().getFirst().message())
                .contains("skipped");

        TestCaseResult unittest = test(read("python-xunit-unittest.xml"), "test_error");
        assertThat(unittest.file()).contains("tests/test_lib.py");
        assertThat(unittest.attempts().getFirst().failureType()).contains("Exception");
        assertThat(unittest.attempts().getFirst().stackTrace().orElseThrow()).startsWith("Traceback")
                .endsWith("Exception: error");
    }

    @Test
    void jestFailuresWithoutAMessageAttributeTakeTheirFirstLine() {
        TestReport report = read("jest-junit.xml");

        TestCaseResult failing = test(report, "Failing test");
        assertThat(failing.className()).isEqualTo("Test 1 › Test 1.1");
        assertThat(failing.suite()).isEqualTo("__tests__\\main.test.js");
        assertThat(failing.attempts().getFirst().message()).contains("Error: expect(received).toBeTruthy()");
        assertThat(test(report, "Timeout test").className()).as("an empty classname falls back to the suite")
                .isEqualTo("__tests__\\second.test.js");
        assertThat(test(read("test-errors_jest_jest-test-results.xml"), "libs/foo.spec.ts").attempts().getFirst()
                .message()).contains("● Test suite failed to run");
    }

    @Test
    void cdataMessagesAndDurationsAreRead() {
        TestAttempt failure = test(read("junit-with-message.xml"), "Test").attempts().getFirst();
        assertThat(failure.message()).contains("error");
        assertThat(failure.stackTrace().orElseThrow()).contains("error.cpp:01", "Which is: false");
        assertThat(test(read("java_junit4-basic.xml"), "testCase1").attempts().getFirst().duration())
                .isEqualTo(Duration.ofNanos(2_113_871_000L));
    }

    @Test
    void testNgDataProviderInvocationsWithOneNameAreOneTestWithItsAttempts() {
        // Two <testcase name="testVersionStrings"> in one suite: a runner that writes one element per attempt
        // cannot be told from this, so they are read as attempts, the last deciding.
        TestReport report = read("java_TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml");

        assertThat(report.tests()).singleElement().satisfies(test -> {
            assertThat(test.attempts()).extracting(TestAttempt::outcome)
                    .containsExactly(TestOutcome.SKIPPED, TestOutcome.FAILED);
            assertThat(test.outcome()).isEqualTo(TestOutcome.FAILED);
            assertThat(test.attempts().get(1).message()).contains("expected [1.2.1] but found [1.2.0]");
        });
    }

    @Test
    void nestedSuitesNameTheirOwnTests() {
        assertThat(test(read("phpunit_junit-basic.xml"), "testCase4").suite()).isEqualTo("Tests.Authentication.Login");
        assertThat(test(read("phpunit_junit-basic.xml"), "testCase7").suite()).isEqualTo("Tests.Authentication");
        assertThat(test(read("jest_jest-react-component-test-results.xml"), "<Component /> should render properly")
                .suite()).isEqualTo("<Component />");
    }

    @Test
    void aSuiteNameThatAppearsTwiceIsOneSuiteSoATestIsNeverTwoResults() {
        TestReport report = new JUnitReportParser().parse("twice.xml",
                new java.io.ByteArrayInputStream(
                        """
                                <testsuites>
                                  <testsuite name="Cart"><testcase classname="Cart" name="adds"><failure message="no"/></testcase></testsuite>
                                  <testsuite name="Cart"><testcase classname="Cart" name="adds"/></testsuite>
                                </testsuites>
                                """
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertThat(report.tests()).singleElement().satisfies(test -> assertThat(test.attempts())
                .extracting(TestAttempt::outcome).containsExactly(TestOutcome.FAILED, TestOutcome.PASSED));
    }

    @Test
    void identitiesLongerThanTheStoreKeepsAreCut() {
        String longName = "n".repeat(5000);
        TestReport report = new JUnitReportParser().parse("long.xml", new java.io.ByteArrayInputStream(
                "<testsuite name=\"s\"><testcase name=\"%s\" classname=\"%s\"><failure type=\"%s\"/></testcase></testsuite>"
                        .formatted(longName, "c".repeat(3000), "t".repeat(900))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        TestCaseResult test = report.tests().getFirst();
        assertThat(test.name()).hasSize(4000).endsWith("[cut at 4000 characters]");
        assertThat(test.className()).hasSize(2000);
        assertThat(test.attempts().getFirst().failureType().orElseThrow()).hasSize(500);
    }

    private static TestCaseResult test(TestReport report, String name) {
        Optional<TestCaseResult> found = report.tests().stream().filter(test -> test.name().equals(name)).findFirst();
        return found.orElseThrow(() -> new AssertionError("no test " + name + " in " + report.file()));
    }
}
