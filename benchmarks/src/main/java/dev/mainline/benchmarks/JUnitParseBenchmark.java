package dev.mainline.benchmarks;

import dev.mainline.junit.JUnitReportParser;
import dev.mainline.testresults.TestReport;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading one Surefire report of {@code tests} test cases (47,000 is issue 5's size, about 8 MB), single-threaded,
 * by Mainline's reader and by Maven's own {@code surefire-report-parser} ({@link TestSuiteXmlParser}), on the same
 * file in the same run. Test cases per second per core = operations per second × {@code tests}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class JUnitParseBenchmark {
    @Param({"47000"})
    public int tests;

    private Path report;

    @Setup(Level.Trial)
    public void writeReport() throws IOException {
        report = Files.createTempFile("mainline-junit-benchmark", ".xml");
        writeSurefireReport(report, tests, new Random(5));
    }

    @TearDown(Level.Trial)
    public void deleteReport() throws IOException {
        Files.deleteIfExists(report);
    }

    @Benchmark
    public int mainline() throws IOException {
        try (InputStream input = new BufferedInputStream(Files.newInputStream(report), 1 << 16)) {
            TestReport read = new JUnitReportParser().parse("report.xml", input);
            return read.tests().size();
        }
    }

    @Benchmark
    public int surefireReportParser() throws Exception {
        try (InputStreamReader input = new InputStreamReader(
                new BufferedInputStream(Files.newInputStream(report), 1 << 16), StandardCharsets.UTF_8)) {
            List<ReportTestSuite> suites = new TestSuiteXmlParser(new NullConsoleLogger()).parse(input);
            return suites.stream().mapToInt(suite -> suite.getTestCases().size()).sum();
        }
    }

    /**
     * A report as Surefire writes it: suites of 40 to 80 test cases; about 2% fail with a stack trace, 1% are flaky
     * (a flakyFailure, then a pass), 1% skipped, the rest pass.
     */
    static void writeSurefireReport(Path file, int tests, Random random) throws IOException {
        writeSurefireReport(file, tests, random, random);
    }

    /** The same, with the tests' names drawn from {@code names} and their outcomes from {@code outcomes}. */
    static void writeSurefireReport(Path file, int tests, Random names, Random outcomes) throws IOException {
        Random random = names;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
            int written = 0;
            int suite = 0;
            while (written < tests) {
                int size = Math.min(tests - written, 40 + random.nextInt(41));
                String className = "com.example.shop.module%d.Feature%dTest".formatted(suite % 37, suite);
                out.write(("<testsuite name=\"%s\" time=\"%d.%03d\" tests=\"%d\" errors=\"0\" skipped=\"0\" "
                        + "failures=\"0\">\n").formatted(className, outcomes.nextInt(60), outcomes.nextInt(1000),
                                size));
                for (int i = 0; i < size; i++) {
                    int kind = outcomes.nextInt(100);
                    String name = "behaves_as_specified_in_case_%d_%s".formatted(i, Integer.toHexString(
                            random.nextInt()));
                    String time = "%d.%03d".formatted(outcomes.nextInt(3), outcomes.nextInt(1000));
                    out.write("  <testcase name=\"%s\" classname=\"%s\" time=\"%s\"".formatted(name, className,
                            time));
                    if (kind < 2) {
                        out.write((">\n    <failure message=\"expected: &lt;%d&gt; but was: &lt;%d&gt;\" "
                                + "type=\"org.opentest4j.AssertionFailedError\"><![CDATA[%s]]></failure>\n"
                                + "  </testcase>\n").formatted(outcomes.nextInt(100), outcomes.nextInt(100),
                                        stack(className, name)));
                    } else if (kind < 3) {
                        out.write((">\n    <flakyFailure message=\"timed out\" type=\"java.util.concurrent."
                                + "TimeoutException\">\n      <stackTrace><![CDATA[%s]]></stackTrace>\n"
                                + "    </flakyFailure>\n  </testcase>\n").formatted(stack(className, name)));
                    } else if (kind < 4) {
                        out.write(">\n    <skipped message=\"waiting for the sandbox\"/>\n  </testcase>\n");
                    } else {
                        out.write("/>\n");
                    }
                }
                out.write("</testsuite>\n");
                written += size;
                suite++;
            }
            out.write("</testsuites>\n");
        }
    }

    private static String stack(String className, String name) {
        StringBuilder stack = new StringBuilder("org.opentest4j.AssertionFailedError: expected: <1> but was: <2>\n");
        for (int frame = 0; frame < 24; frame++) {
            stack.append("\tat %s.%s(%s.java:%d)\n".formatted(className, frame == 0 ? name : "helper" + frame,
                    className.substring(className.lastIndexOf('.') + 1), 20 + frame));
        }
        return stack.toString();
    }
}
