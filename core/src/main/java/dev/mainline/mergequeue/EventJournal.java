package dev.mainline.mergequeue;

import java.util.List;
import java.util.Optional;

/**
 * Where a queue's events are kept before the engine acts on them. Replaying them into a fresh engine gives back the
 * exact state, so a queue that was killed resumes with nothing lost.
 */
public interface EventJournal {
    /** Keeps {@code event}; when this returns, it survives a crash. */
    void append(QueueEvent event);

    /** Every event kept since the snapshot (every event, when there is none), oldest first. */
    List<QueueEvent> readAll();

    /** The state the kept events start from, when the journal was compacted; empty otherwise. */
    default Optional<MergeQueueState> snapshot() {
        return Optional.empty();
    }

    /** How many events were appended (or read back) since the snapshot, to decide when to compact. */
    default long eventsSinceSnapshot() {
        return 0;
    }

    /**
     * Replaces everything kept with {@code state}, the state after every event appended so far; later events are
     * kept after it. A journal that cannot compact ignores this.
     */
    default void compact(MergeQueueState state) {
    }

    /** A journal that keeps nothing, for queues whose state needs no keeping (the simulator, tests). */
    static EventJournal none() {
        return new EventJournal() {
            @Override
            public void append(QueueEvent event) {
            }

            @Override
            public List<QueueEvent> readAll() {
                return List.of();
            }
        };
    }
}
