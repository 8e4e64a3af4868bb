package dev.mainline.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.testresults.TestAttempt;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestOutcome;
import dev.mainline.testresults.TestReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * Reports made on this machine by really running Maven Surefire with re-runs and jest with jest-junit
 * (src/test/resources/produced, see its README); the expected parse follows from the tests the projects hold.
 */
class ProducedReportsTest {
    private static TestReport read(String path) {
        try (InputStream input = ProducedReportsTest.class.getResourceAsStream("/produced/" + path)) {
            return new JUnitReportParser().parse(path, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestCaseResult test(TestReport report, String name) {
        return report.tests().stream().filter(test -> test.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void surefireReRunsBecomeAttempts() {
        TestReport report = read("surefire-reruns/TEST-example.CheckoutTest.xml");

        assertThat(report.tests()).hasSize(6);
        assertThat(report.count(TestOutcome.PASSED)).isEqualTo(3);
        assertThat(report.flaky()).isEqualTo(2);

        TestCaseResult flaky = test(report, "passesOnItsSecondRun");
        assertThat(flaky.className()).isEqualTo("example.CheckoutTest");
        assertThat(flaky.attempts()).extracting(TestAttempt::outcome)
                .containsExactly(TestOutcome.FAILED, TestOutcome.PASSED);
        assertThat(flaky.attempts().getFirst().message())
                .contains("timing-dependent result ==> expected: <2> but was: <1>");
        assertThat(flaky.attempts().getFirst().failureType()).contains("org.opentest4j.AssertionFailedError");
        assertThat(flaky.attempts().getFirst().stackTrace().orElseThrow())
                .startsWith("org.opentest4j.AssertionFailedError");
        assertThat(test(report, "throwsOnItsFirstRunOnly").attempts()).extracting(TestAttempt::outcome)
                .containsExactly(TestOutcome.ERROR, TestOutcome.PASSED);

        assertThat(test(report, "discountIsNeverApplied").attempts()).extracting(TestAttempt::outcome)
                .containsExactly(TestOutcome.FAILED, TestOutcome.FAILED, TestOutcome.FAILED);
        TestCaseResult crashing = test(report, "crashesEveryTime");
        assertThat(crashing.attempts()).extracting(TestAttempt::outcome)
                .containsExactly(TestOutcome.ERROR, TestOutcome.ERROR, TestOutcome.ERROR);
        assertThat(crashing.flaky()).isFalse();
        assertThat(crashing.attempts().get(2).message()).contains("not implemented yet");

        assertThat(test(report, "paysWithACard").outcome()).isEqualTo(TestOutcome.SKIPPED);
        assertThat(test(report, "paysWithACard").attempts().getFirst().message())
                .contains("waiting for the payment sandbox");
        assertThat(test(report, "totalIsTheSumOfTheLines").outcome()).isEqualTo(TestOutcome.PASSED);
        assertThat(report.properties()).containsKey("java.version");
    }

    @Test
    void jestJunitAsItReallyWritesIt() {
        TestReport report = read("jest-junit/junit.xml");

        TestCaseResult coupon = test(report, "cart discounts applies the coupon");
        assertThat(coupon.suite()).isEqualTo("cart");
        assertThat(coupon.file()).contains("__tests__/cart.test.js");
        assertThat(coupon.outcome()).isEqualTo(TestOutcome.FAILED);
        assertThat(coupon.attempts().getFirst().message())
                .contains("Error: expect(received).toBe(expected) // Object.is equality");
        assertThat(test(report, "cart throws from the code under test").attempts().getFirst().message())
                .contains("TypeError: Cannot read properties of undefined (reading 'price')");
        assertThat(test(report, "cart discounts stacks two coupons").outcome()).isEqualTo(TestOutcome.SKIPPED);
        assertThat(test(report, "cart adds line totals").outcome()).isEqualTo(TestOutcome.PASSED);
        // jest-junit writes a todo as a plain test case and leaves retries out.
        assertThat(test(report, "cart discounts expires coupons").outcome()).isEqualTo(TestOutcome.PASSED);
        assertThat(test(report, "retries passes on its second attempt").attempts()).hasSize(1);

        TestCaseResult broken = test(report, "__tests__/broken.test.js");
        assertThat(broken.attempts()).extracting(TestAttempt::outcome)
                .containsExactly(TestOutcome.ERROR, TestOutcome.FAILED);
        assertThat(broken.attempts().getFirst().message()).contains("● Test suite failed to run");
        assertThat(broken.attempts().getFirst().stackTrace().orElseThrow())
                .contains("SyntaxError: Cannot use import statement outside a module");
        assertThat(report.tests()).hasSize(7);
    }

    @Test
    void pytestAndItsReRunOfTheFailedTests() {
        TestReport first = read("pytest-reruns/report-attempt-1.xml");
        assertThat(first.tests()).hasSize(8);
        assertThat(first.count(TestOutcome.PASSED)).isEqualTo(3);
        assertThat(first.count(TestOutcome.SKIPPED)).as("a skip and an xfail").isEqualTo(2);
        TestCaseResult coupon = test(first, "test_applies_the_coupon");
        assertThat(coupon.suite()).isEqualTo("pytest");
        assertThat(coupon.className()).isEqualTo("tests.test_cart");
        assertThat(coupon.outcome()).isEqualTo(TestOutcome.FAILED);
        assertThat(coupon.attempts().getFirst().message().orElseThrow()).contains("AssertionError: coupon not applied");
        assertThat(coupon.attempts().getFirst().stackTrace().orElseThrow()).contains("tests/test_cart.py:12");
        TestCaseResult setup = test(first, "test_pays_with_a_card");
        assertThat(setup.outcome()).isEqualTo(TestOutcome.ERROR);
        assertThat(setup.attempts().getFirst().message().orElseThrow()).contains("failed on setup with");
        assertThat(test(first, "test_rounds_half_up").attempts().getFirst().message().orElseThrow())
                .contains("rounding bug");
        assertThat(test(first, "test_accepts[SAVE10]").className()).isEqualTo("tests.test_cart.TestCoupons");
        assertThat(test(first, "test_passes_on_its_second_run").outcome()).isEqualTo(TestOutcome.FAILED);

        TestReport rerun = read("pytest-reruns/report-attempt-2.xml");
        assertThat(rerun.tests()).extracting(TestCaseResult::name).containsExactly("test_applies_the_coupon",
                "test_passes_on_its_second_run", "test_pays_with_a_card");
        assertThat(test(rerun, "test_passes_on_its_second_run").outcome()).isEqualTo(TestOutcome.PASSED);
        assertThat(test(rerun, "test_applies_the_coupon").outcome()).isEqualTo(TestOutcome.FAILED);

        TestReport older = read("pytest-reruns/report-xunit1.xml");
        assertThat(older.tests()).hasSize(8).allSatisfy(test -> assertThat(test.file()).contains(
                "tests/test_cart.py"));
    }
}
