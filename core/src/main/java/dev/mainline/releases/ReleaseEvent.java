package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One thing that happened to a release, or was refused: who, which command, what came of it ({@code applied},
 * {@code awaiting} confirmation or {@code refused}), the state and rollout percentage after it, and a line of detail
 * (the summary, or the gate and why).
 */
public record ReleaseEvent(long releaseId, Instant at, String actor, String command, String outcome,
        ReleaseState state, double rolloutPercent, String detail) {
    public static final int MAX_DETAIL = 1000;

    public ReleaseEvent {
        requireNonNull(at, "at is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(command, "command is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(state, "state is null");
        requireNonNull(detail, "detail is null");
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 1) + "…";
        }
    }
}
