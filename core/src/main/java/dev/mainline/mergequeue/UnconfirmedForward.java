package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A fast-forward the engine asked for while handling its latest event, with the entries it merged, so that a refusal
 * (main had moved: a lost race) can put them back at the front of the queue. Refusals are reported before any other
 * event, so only the latest event's fast-forwards are kept.
 */
public record UnconfirmedForward(String from, String to, List<QueueEntry> entries, Optional<Emergency> emergency) {
    /** The emergency merge a fast-forward lands, to be built again if it is refused. */
    public record Emergency(EntryRef ref, String author) {
        public Emergency {
            requireNonNull(ref, "ref is null");
            requireNonNull(author, "author is null");
        }
    }

    public UnconfirmedForward {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
        requireNonNull(emergency, "emergency is null");
    }
}
