package dev.mainline.mergequeue;

import dev.mainline.common.RepositoryName;

/** The running merge queues, one per repository. Implemented where the forges are wired (local mode, GitHub). */
public interface MergeQueues {
    /** The repository's queue; refused when it has none or it cannot run (its reason then says why). */
    QueueRunner queue(RepositoryName repository);

    /** The commit a branch of the repository points to; refused when there is no such branch. */
    String head(RepositoryName repository, String branch);
}
