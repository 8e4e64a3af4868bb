package dev.mainline.testresults;

/** How one run of a test ended. */
public enum TestOutcome {
    PASSED,
    /** An assertion did not hold. */
    FAILED,
    /** The test could not run to its end: an unexpected exception, a crash, a setup that failed. */
    ERROR,
    SKIPPED;

    public boolean failed() {
        return this == FAILED || this == ERROR;
    }
}
