package dev.mainline.testresults;

/** What a test's recent history says about it. */
public enum TestHealth {
    /** Passes when the code is right: failures, if any, followed the code. */
    HEALTHY,
    /** Passes and fails on the same code: its failures are not the code's. */
    FLAKY,
    /** Fails every time lately: the code or the test is broken, and retrying will not help. */
    BROKEN,
    /** Too few runs (outages left out) to say. */
    UNKNOWN
}
