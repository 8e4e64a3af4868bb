package dev.mainline.inbox;

import java.util.function.Predicate;

/**
 * Where the ids of accepted inbox messages wait to be handled, when that is not the process that accepted them: a
 * message broker (NATS JetStream) keeps them durably and hands each to one consumer, again until it is done. The
 * inbox table stays the record of what was accepted and what came of it; without a work queue the process that
 * accepted a message handles it ({@link InboxWorker#drainSoon()}).
 */
public interface WorkQueue extends AutoCloseable {
    /** Queues {@code id} durably; throws when the queue cannot take it (the caller then handles it itself). */
    void submit(String id);

    /**
     * Delivers queued ids to {@code handle}, one at a time: true means done (it is removed), false means not now (it
     * is delivered again later).
     */
    void start(Predicate<String> handle);

    @Override
    void close();
}
