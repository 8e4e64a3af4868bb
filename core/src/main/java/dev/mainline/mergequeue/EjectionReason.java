package dev.mainline.mergequeue;

/** Why an entry left the queue without merging. */
public enum EjectionReason {
    /** It does not merge cleanly onto what is ahead of it. */
    MERGE_CONFLICT,
    /** Its CI failures went past the failure tolerance. */
    CI_FAILED,
    /** Its head commit is no longer in the repository (force-pushed away or deleted). */
    HEAD_MISSING,
    /** Merged, it would leave main with a {@code .mainline.yml} the queue cannot run with. */
    INVALID_SETTINGS
}
