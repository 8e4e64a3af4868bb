package dev.mainline.mergequeue;

import java.util.List;

/**
 * Where a queue's events are kept before the engine acts on them. Replaying them into a fresh engine gives back the
 * exact state, so a queue that was killed resumes with nothing lost.
 */
public interface EventJournal {
    /** Keeps {@code event}; when this returns, it survives a crash. */
    void append(QueueEvent event);

    /** Every event kept, oldest first. */
    List<QueueEvent> readAll();

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
