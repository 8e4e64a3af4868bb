package dev.mainline.mergequeue;

import dev.mainline.common.RepositoryName;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;

/**
 * A second look at every finished CI run of a queue before the queue decides on it: test analytics turns a failed run
 * whose every failure is excused (quarantined, or known flaky) into a pass, so such a failure is never charged to a
 * pull request. Runs as part of the CI adapter, off the queue's thread.
 */
@FunctionalInterface
public interface CiTriage {
    CiRun review(RepositoryName repository, String commit, CiRun run);

    /** This look, then {@code next} on what it gave. */
    default CiTriage then(CiTriage next) {
        return (repository, commit, run) -> next.review(repository, commit, review(repository, commit, run));
    }

    /** Takes every run as it is. */
    static CiTriage none() {
        return (repository, commit, run) -> run;
    }
}
