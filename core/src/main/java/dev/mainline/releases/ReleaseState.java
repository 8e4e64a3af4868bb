package dev.mainline.releases;

import java.util.Locale;

/** Where a release is in its runbook. */
public enum ReleaseState {
    /** Its branch is cut; no build yet. */
    CUT,
    /** A build is recorded; regression has not passed on it. */
    BUILT,
    REGRESSION_RUNNING,
    REGRESSION_FAILED,
    /** Regression passed on the current build: it may be approved and submitted. */
    REGRESSION_PASSED,
    /** Waiting for the store's review. */
    IN_REVIEW,
    /** The store approved it; the rollout may start. */
    READY,
    ROLLING_OUT,
    /** The rollout stopped where it was, to go on later (App Store: paused phased release). */
    PAUSED,
    /** The rollout stopped for a problem: no more users get it (Google Play: halted). */
    HALTED,
    /** Everyone has it. */
    COMPLETED,
    /** The store review refused it; a new build goes through the runbook again. */
    REJECTED,
    /** Users went back to the previous build. */
    ROLLED_BACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether nothing more can happen to it. */
    public boolean ended() {
        return this == ROLLED_BACK;
    }
}
