package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A pull request waiting in the queue.
 *
 * @param failures CI failures charged to this entry (not to entries ahead of it) since it was queued or last updated
 * @param batchLimit how many entries a build may add together with this one; halves when a batch holding it fails
 */
public record QueueEntry(int pullRequest, String head, String author, Priority priority, double successEstimate,
        Instant enqueuedAt, int failures, int batchLimit) {
    public QueueEntry {
        requireNonNull(head, "head is null");
        requireNonNull(author, "author is null");
        requireNonNull(priority, "priority is null");
        requireNonNull(enqueuedAt, "enqueuedAt is null");
    }

    /**
     * Whether the queue expects this entry to fail: a failure was charged to it, or the risk model rates it more
     * likely bad than good. Builds may leave suspects out, and the entries behind a suspect do not wait for it.
     */
    public boolean isSuspect() {
        return failures > 0 || successEstimate < 0.5;
    }

    public EntryRef ref() {
        return new EntryRef(pullRequest, head);
    }

    QueueEntry withFailures(int count) {
        return new QueueEntry(pullRequest, head, author, priority, successEstimate, enqueuedAt, count, batchLimit);
    }

    QueueEntry withBatchLimit(int limit) {
        return new QueueEntry(pullRequest, head, author, priority, successEstimate, enqueuedAt, failures, limit);
    }

    QueueEntry withSuccessEstimate(double estimate) {
        return new QueueEntry(pullRequest, head, author, priority, estimate, enqueuedAt, failures, batchLimit);
    }

    QueueEntry withHead(String newHead) {
        return new QueueEntry(pullRequest, newHead, author, priority, successEstimate, enqueuedAt, 0, batchLimit);
    }
}
