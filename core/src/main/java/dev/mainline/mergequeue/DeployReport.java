package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

/**
 * What a reported deploy did: how many of the merges the drift limit counted it covered, in words, and the queue
 * after it.
 *
 * @param mergesDeployed the merges not deployed before that the deployed commit holds; 0 when it changed nothing
 */
public record DeployReport(String environment, String commit, int mergesDeployed, String detail, QueueStatus queue) {
    public DeployReport {
        requireNonNull(environment, "environment is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(queue, "queue is null");
        if (mergesDeployed < 0) {
            throw new IllegalArgumentException("mergesDeployed must not be negative, got " + mergesDeployed);
        }
    }
}
