package dev.mainline.mergequeue;

/** How a CI run of a speculative commit ended. */
public enum CiOutcome {
    PASSED,
    FAILED
}
