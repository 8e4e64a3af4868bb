package dev.mainline.mergequeue;

import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The CI runs of the merge queues' builds, each with what it left: its log and its test reports. */
public interface QueueCiRunStore {
    /**
     * Records that CI started on {@code build} of {@code repository} at {@code at}; its attempt is one more than the
     * runs of the same commit in that repository recorded before it.
     */
    QueueCiRun started(RepositoryName repository, CiBuild build, Instant at);

    /** Records how run {@code id} ended, its log and its reports; not found when there is no such run. */
    QueueCiRun finished(long id, CiOutcome outcome, Optional<Long> log, int reports, Instant at);

    /** The latest run of {@code build} of {@code repository} at {@code commit}. */
    Optional<QueueCiRun> latest(RepositoryName repository, BuildId build, String commit);

    /** The latest run of {@code commit} in {@code repository}, whatever its build. */
    Optional<QueueCiRun> latestOfCommit(RepositoryName repository, String commit);

    /** Every run of these builds of {@code repository}, oldest first. */
    List<QueueCiRun> ofBuilds(RepositoryName repository, Collection<BuildId> builds);
}
