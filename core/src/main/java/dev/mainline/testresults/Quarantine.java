package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A test's quarantine record: its state, who owns fixing it, why, the ticket tracking it, when the quarantine ends on
 * its own, and who changed it last and when. A quarantine past its expiry is over: the test counts again.
 */
public record Quarantine(long testId, QuarantineState state, Optional<String> owner, String reason,
        Optional<String> ticket, Optional<Instant> expiresAt, String changedBy, Instant changedAt) {
    public Quarantine {
        requireNonNull(state, "state is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(ticket, "ticket is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(changedBy, "changedBy is null");
        requireNonNull(changedAt, "changedAt is null");
    }

    /** The state in force at {@code now}: an expired quarantine is active again. */
    public QuarantineState stateAt(Instant now) {
        if (state == QuarantineState.QUARANTINED && expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            return QuarantineState.ACTIVE;
        }
        return state;
    }
}
