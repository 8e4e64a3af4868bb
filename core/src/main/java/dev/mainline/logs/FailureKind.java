package dev.mainline.logs;

import java.util.Locale;

/** What kind of failure was found in a log or a test report. */
public enum FailureKind {
    /** An exception with its stack trace (Java, Kotlin, Python, JavaScript, Go panics, Rust panics). */
    STACK_TRACE,
    /** A compiler's error (javac, kotlinc, clang, gcc, swiftc, tsc, rustc, go). */
    COMPILER,
    /** A failed assertion of a test. */
    ASSERTION,
    /** Gradle's "What went wrong" section. */
    GRADLE,
    /** Maven's error section. */
    MAVEN,
    /** xcodebuild's errors and failed tests. */
    XCODE,
    /** A failed test as its report told it. */
    TEST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
