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
import org.junit.jupiter.api.Test;

/** Reports written to the documented formats of producers that do not run here (src/test/resources/documented). */
class DocumentedFormatsTest {
    private static TestReport read(String name) {
        try (InputStream input = DocumentedFormatsTest.class.getResourceAsStream("/documented/" + name)) {
            return new JUnitReportParser().parse(name, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestCaseResult test(TestReport report, String name) {
        return report.tests().stream().filter(test -> test.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void gradleRetriesAreAttemptsOfOneTest() {
        TestReport report = read("gradle-test-retry.xml");

        assertThat(report.tests()).extracting(TestCaseResult::name)
                .containsExactly("addsItem", "appliesCoupon", "checksOut");
        TestCaseResult coupon = test(report, "appliesCoupon");
        assertThat(coupon.attempts()).extracting(TestAttempt::outcome)
                .containsExactly(TestOutcome.FAILED, TestOutcome.PASSED);
        assertThat(coupon.flaky()).isTrue();
        assertThat(coupon.attempts().getFirst().stackTrace().orElseThrow()).contains("CartTest.java:21");
        TestCaseResult checkout = test(report, "checksOut");
        assertThat(checkout.outcome()).isEqualTo(TestOutcome.FAILED);
        assertThat(checkout.attempts().getFirst().duration()).isEqualTo(Duration.ofMillis(1_204_440));
    }

    @Test
    void goReportsKeepSubtestsPackagesAndOutput() {
        TestReport report = read("go-junit-report.xml");

        TestCaseResult subtest = test(report, "TestDiscount/ten_percent");
        assertThat(subtest.className()).isEqualTo("example.com/shop/cart");
        assertThat(subtest.attempts().getFirst().message()).contains("Failed");
        assertThat(subtest.attempts().getFirst().stackTrace().orElseThrow()).contains("cart_test.go:21: got 90");
        assertThat(test(report, "TestCoupon").attempts().getFirst().message()).contains("Skipped");
        assertThat(report.properties()).containsEntry("go.version", "go1.22.1 linux/amd64");

        TestReport rerun = read("gotestsum-rerun-fails.xml");
        assertThat(rerun.tests()).hasSize(3);
        assertThat(test(rerun, "TestRefund").flaky()).isTrue();
        assertThat(test(rerun, "TestRefund").attempts().getFirst().stackTrace().orElseThrow())
                .contains("gateway returned 503");
    }

    @Test
    void xcodeRepetitionsThatFailEveryTimeAreNotFlaky() {
        TestReport report = read("xcode-trainer.xml");

        TestCaseResult discount = test(report, "testDiscount");
        assertThat(discount.attempts()).hasSize(2).allMatch(attempt -> attempt.outcome() == TestOutcome.FAILED);
        assertThat(discount.flaky()).isFalse();
        assertThat(discount.attempts().getFirst().message())
                .contains("XCTAssertEqual failed: (\"90\") is not equal to (\"80\")");
        assertThat(report.count(TestOutcome.PASSED)).isEqualTo(2);
    }

    @Test
    void anAndroidDeviceReportNamesItsDevice() {
        TestReport report = read("TEST-Pixel_6_API_34(AVD) - 14-app-.xml");

        assertThat(report.properties()).containsEntry("device", "Pixel_6_API_34(AVD) - 14")
                .containsEntry("project", ":app");
        assertThat(test(report, "showsTotal").attempts().getFirst().message().orElseThrow())
                .startsWith("androidx.test.espresso.base.AssertionErrorHandler$AssertionFailedWithCauseError");
        assertThat(report.count(TestOutcome.PASSED)).isEqualTo(1);
    }

    @Test
    void bazelTargetsAreTestsAndNotRunIsSkipped() {
        TestReport report = read("bazel-test.xml");

        TestCaseResult cart = test(report, "//shop/cart:cart_test");
        assertThat(cart.outcome()).isEqualTo(TestOutcome.ERROR);
        assertThat(cart.attempts().getFirst().message()).contains("exited with error code 1");
        assertThat(cart.attempts().getFirst().duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(test(report, "//shop/payment:payment_test").outcome()).isEqualTo(TestOutcome.SKIPPED);
    }

    @Test
    void pytestRerunfailuresEmptyRecordsAreFailedAttempts() {
        TestReport report = read("pytest-rerunfailures.xml");

        assertThat(report.tests()).extracting(TestCaseResult::name)
                .containsExactly("test_always_fails", "test_passes_on_retry", "test_passes");
        assertThat(test(report, "test_always_fails").attempts()).extracting(TestAttempt::outcome)
                .containsExactly(TestOutcome.FAILED, TestOutcome.FAILED, TestOutcome.FAILED);
        assertThat(test(report, "test_always_fails").attempts().getLast().message().orElseThrow())
                .isEqualTo("assert False");
        TestCaseResult retried = test(report, "test_passes_on_retry");
        assertThat(retried.attempts()).extracting(TestAttempt::outcome)
                .containsExactly(TestOutcome.FAILED, TestOutcome.PASSED);
        assertThat(retried.flaky()).isTrue();
        assertThat(test(report, "test_passes").attempts()).hasSize(1);
    }

    @Test
    void xcprettyWritesASuitePerTestCaseAndEachRetryAsItsOwnCase() {
        TestReport report = read("xcpretty-junit.xml");

        assertThat(report.tests()).extracting(TestCaseResult::name).containsExactly("testAddsLineTotals",
                "testAppliesCoupon", "testChecksOut", "testPaysWithApplePay");
        TestCaseResult coupon = test(report, "testAppliesCoupon");
        assertThat(coupon.suite()).isEqualTo("ShopTests.CartTests");
        assertThat(coupon.attempts()).extracting(TestAttempt::outcome)
                .containsExactly(TestOutcome.FAILED, TestOutcome.PASSED);
        assertThat(coupon.flaky()).isTrue();
        assertThat(coupon.attempts().getFirst().message().orElseThrow()).contains("is not equal to (\"80\")");
        assertThat(coupon.attempts().getFirst().stackTrace().orElseThrow()).isEqualTo("ShopTests/CartTests.swift:42");
        assertThat(test(report, "testChecksOut").outcome()).isEqualTo(TestOutcome.FAILED);
        assertThat(test(report, "testPaysWithApplePay").outcome()).isEqualTo(TestOutcome.SKIPPED);
    }
}
