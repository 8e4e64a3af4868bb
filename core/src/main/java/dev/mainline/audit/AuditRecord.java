package dev.mainline.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * An entry to append to the audit log: who ({@code actor}, and their user id when they have one), through which
 * channel, what ({@code action}, such as {@code user.create}), on which object ({@code target}, such as
 * {@code user:ada}), when, how it ended, and a human-readable detail.
 */
public record AuditRecord(Instant occurredAt, String actor, Optional<Long> actorUserId, Channel channel, String action,
        String target, Outcome outcome, String detail) {
    public static final int MAX_DETAIL_LENGTH = 2000;
    public static final int MAX_ACTOR_LENGTH = 100;
    public static final int MAX_TARGET_LENGTH = 300;

    public AuditRecord {
        requireNonNull(occurredAt, "occurredAt is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(actorUserId, "actorUserId is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(action, "action is null");
        requireNonNull(target, "target is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(detail, "detail is null");
        actor = truncate(actor, MAX_ACTOR_LENGTH);
        target = truncate(target, MAX_TARGET_LENGTH);
        if (detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH - 1) + "…";
        }
    }

    private static String truncate(String value, int maxLength) {
        return value.length() <= maxLength ? value : value.substring(0, maxLength - 1) + "…";
    }
}
