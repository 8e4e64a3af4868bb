package dev.mainline.mergequeue;

import dev.mainline.common.RepositoryName;

/** The running merge queues, one per repository. Implemented where the forges are wired (local mode, GitHub). */
public interface MergeQueues {
    /** The repository's queue; refused when it has none or it cannot run (its reason then says why). */
    QueueRunner queue(RepositoryName repository);

    /** The commit a branch of the repository points to; refused when there is no such branch. */
    String head(RepositoryName repository, String branch);

    /**
     * What is wrong with the settings on the repository's main branch, when its queue runs on its last good settings
     * instead; empty when they are in use.
     */
    default java.util.Optional<String> settingsProblem(RepositoryName repository) {
        return java.util.Optional.empty();
    }

    /**
     * What is wrong with the settings at {@code commit} (a pull request's head) when they differ from main's; empty
     * when they are the same or good.
     */
    default java.util.Optional<String> settingsProblemAt(RepositoryName repository, String commit) {
        return java.util.Optional.empty();
    }
}
