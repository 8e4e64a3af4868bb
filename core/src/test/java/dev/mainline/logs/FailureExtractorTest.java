package dev.mainline.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sections of tools no real log in the labelled set covers (Gradle, xcodebuild, Go), written as those tools
 * document and print them; the others are covered by the real logs in the logs module's RealFailureLogsTest.
 */
class FailureExtractorTest {
    private static List<ExtractedFailure> extract(String log) {
        FailureExtractor extractor = new FailureExtractor();
        long number = 0;
        long offset = 0;
        for (String line : log.split("\n", -1)) {
            extractor.line(line, ++number, offset);
            offset += line.length() + 1;
        }
        return extractor.finish();
    }

    @Test
    void gradlesWhatWentWrongSection() {
        List<ExtractedFailure> failures = extract(
                """
                        > Task :app:compileDebugKotlin FAILED

                        FAILURE: Build failed with an exception.

                        * What went wrong:
                        Execution failed for task ':app:compileDebugKotlin'.
                        > A failure occurred while executing org.jetbrains.kotlin.compilerRunner.GradleCompilerRunnerWithWorkers$GradleKotlinCompilerWorkAction
                           > Compilation error. See log for more details

                        * Try:
                        > Run with --stacktrace option to get the stack trace.

                        BUILD FAILED in 41s
                        """);
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(FailureKind.GRADLE);
            assertThat(failure.title()).isEqualTo("Execution failed for task ':app:compileDebugKotlin'.");
            assertThat(failure.signature()).contains("> Compilation error. See log for more details")
                    .doesNotContain("Run with --stacktrace");
            assertThat(failure.line()).isEqualTo(3);
        });
    }

    @Test
    void xcodebuildsErrorsAndFailedTests() {
        List<ExtractedFailure> failures = extract(
                """
                        Test Suite 'CartTests' started at 2026-11-24 18:00:00.000
                        /Users/runner/work/shop/shop/ShopTests/CartTests.swift:42: error: -[ShopTests.CartTests testTotal] : XCTAssertEqual failed: ("41.0") is not equal to ("42.0")
                        Test Case '-[ShopTests.CartTests testTotal]' failed (0.012 seconds).
                        xcodebuild: error: Failed to build workspace Shop with scheme Shop.
                        The following build commands failed:
                        	CompileSwift normal arm64 /Users/runner/work/shop/shop/Shop/Cart.swift (in target 'Shop' from project 'Shop')
                        (1 failure)
                        ** TEST FAILED **
                        """);
        assertThat(failures).extracting(ExtractedFailure::kind).containsOnly(FailureKind.XCODE).hasSize(4);
        assertThat(failures.getFirst().signature()).isEqualTo("…/CartTests.swift:<n>: error: -[ShopTests.CartTests"
                + " testTotal] : XCTAssertEqual failed: (\"<n>\") is not equal to (\"<n>\")");
        assertThat(failures.getLast().title()).startsWith("CompileSwift normal arm64");
    }

    @Test
    void goTestFailuresAndPanics() {
        List<ExtractedFailure> failures = extract("""
                === RUN   TestTotal
                    cart_test.go:17: total = 41, want 42
                --- FAIL: TestTotal (0.00s)
                    cart_test.go:17: total = 41, want 42
                FAIL
                panic: runtime error: index out of range [3] with length 3

                goroutine 1 [running]:
                main.pick(...)
                	/home/runner/work/app/app/main.go:9
                main.main()
                	/home/runner/work/app/app/main.go:14 +0x1d
                exit status 2
                """);
        assertThat(failures).extracting(ExtractedFailure::kind).containsExactly(FailureKind.ASSERTION,
                FailureKind.STACK_TRACE);
        assertThat(failures.get(0).signature()).isEqualTo("--- FAIL: TestTotal (<n>s)\ncart_test.go:<n>: total = <n>,"
                + " want <n>");
        assertThat(failures.get(1).signature()).startsWith("panic: runtime error: index out of range [<n>]")
                .contains("main.pick(...)").contains("main.main()");
    }

    @Test
    void aTestReportsFailureIsReadLikeALogSoBothFallIntoOneGroup() {
        String trace = "java.lang.IllegalStateException: cart 42 is locked\n\tat com.acme.Cart.checkout(Cart.java:40)"
                + "\n\tat com.acme.CartTest.checksOut(CartTest.java:21)";
        ExtractedFailure inLog = extract("[INFO] Running com.acme.CartTest\n" + trace.replace("42", "7")).getFirst();
        ExtractedFailure inReport = FailureExtractor.fromReport("java.lang.IllegalStateException", "cart 42 is locked",
                trace).getFirst();
        assertThat(inReport.fingerprint()).isEqualTo(inLog.fingerprint());
        assertThat(FailureExtractor.fromReport("AssertionError", "expected 3 but was 4", "").getFirst())
                .satisfies(failure -> {
                    assertThat(failure.kind()).isEqualTo(FailureKind.TEST);
                    assertThat(failure.signature()).isEqualTo("AssertionError: expected <n> but was <n>");
                });
        assertThat(FailureExtractor.fromReport("", "", "")).isEmpty();
    }
}
