package dev.mainline.mergequeue;

import dev.mainline.common.RepositoryName;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;

/**
 * A second look at every finished CI run of a queue before the queue decides on it: the run's log and test reports
 * are kept (log archive, test analytics), and test analytics turns a failed run whose every failure is excused
 * (quarantined, or known flaky) into a pass, so such a failure is never charged to a pull request. Runs as part of the
 * CI adapter, off the queue's thread.
 */
@FunctionalInterface
public interface CiTriage {
    CiRun review(RepositoryName repository, CiBuild build, CiRun run);

    /** CI is about to start on {@code build}; called on the queue's thread, so it must be quick. */
    default void started(RepositoryName repository, CiBuild build) {
    }

    /** This look, then {@code next} on what it gave. */
    default CiTriage then(CiTriage next) {
        CiTriage first = this;
        return new CiTriage() {
            @Override
            public CiRun review(RepositoryName repository, CiBuild build, CiRun run) {
                return next.review(repository, build, first.review(repository, build, run));
            }

            @Override
            public void started(RepositoryName repository, CiBuild build) {
                first.started(repository, build);
                next.started(repository, build);
            }
        };
    }

    /** Takes every run as it is. */
    static CiTriage none() {
        return (repository, build, run) -> run;
    }
}
