package dev.mainline.releases;

/**
 * Where an app's regression runs: starting it is part of the {@code run-regression} action, and its result comes back
 * as a {@code regression-result} report (from the CI run Mainline follows, or from CI itself).
 */
@FunctionalInterface
public interface RegressionJobs {
    /**
     * Starts the regression job on {@code release}'s branch and says in a line what was started. Throws a
     * {@code MainlineException} or another runtime exception when the CI refused or could not be reached; the action is
     * then refused and nothing changes.
     */
    String start(Release release);

    /** No job is started: regression is run outside Mainline, which records that it runs and hears its result. */
    static RegressionJobs reported() {
        return release -> "";
    }
}
