package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What the runbook says to a command: do it (and what the store must do), wait for a second person, or refuse. */
public sealed interface Decision {
    record Applied(Release next, String summary, Optional<StoreChange> store) implements Decision {
        public Applied {
            requireNonNull(next, "next is null");
            requireNonNull(summary, "summary is null");
            requireNonNull(store, "store is null");
        }
    }

    record AwaitingConfirmation(Release next, String summary) implements Decision {
        public AwaitingConfirmation {
            requireNonNull(next, "next is null");
            requireNonNull(summary, "summary is null");
        }
    }

    /** Refused by {@code gate} (such as {@code regression-passed}, {@code crash-free-rate}, {@code state}). */
    record Refused(String gate, String reason) implements Decision {
        public Refused {
            requireNonNull(gate, "gate is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
