package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One JUnit-style report file read: its name, the properties its suites declared (a device, a runner version), and
 * every test in it, each once, in the order they first appear.
 */
public record TestReport(String file, Map<String, String> properties, List<TestCaseResult> tests) {
    public TestReport {
        requireNonNull(file, "file is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        tests = List.copyOf(requireNonNull(tests, "tests is null"));
    }

    public long count(TestOutcome outcome) {
        return tests.stream().filter(test -> test.outcome() == outcome).count();
    }

    public long flaky() {
        return tests.stream().filter(TestCaseResult::flaky).count();
    }
}
