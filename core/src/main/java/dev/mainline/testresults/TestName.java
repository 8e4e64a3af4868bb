package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

/** A test as CI names it: its suite, class and name (its identity within a repository). */
public record TestName(String suite, String className, String name) {
    public TestName {
        requireNonNull(suite, "suite is null");
        requireNonNull(className, "className is null");
        requireNonNull(name, "name is null");
    }

    public static TestName of(TestCaseResult test) {
        return new TestName(test.suite(), test.className(), test.name());
    }

    @Override
    public String toString() {
        return className.isEmpty() || className.equals(suite)
                ? suite + " › " + name
                : suite + " › " + className + " › " + name;
    }
}
