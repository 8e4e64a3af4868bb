package dev.mainline.identity;

import java.time.Instant;
import java.util.Optional;

/** Remembers that the first administrator was created, so the bootstrap can happen once only, ever. */
public interface BootstrapStore {
    /** Records the bootstrap; false when it had already happened. */
    boolean markCompleted(String adminLogin, Instant now);

    Optional<Instant> completedAt();
}
