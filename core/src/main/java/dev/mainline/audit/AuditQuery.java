package dev.mainline.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** Filters for reading the audit log; an empty filter matches everything. */
public record AuditQuery(Optional<String> actor, Optional<String> action, Optional<String> target,
        Optional<Outcome> outcome, Optional<Instant> since, Optional<Instant> until) {
    public AuditQuery {
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(target, "target is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(since, "since is null");
        requireNonNull(until, "until is null");
    }

    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public boolean matches(AuditRecord record) {
        return actor.map(record.actor()::equals).orElse(true)
                && action.map(record.action()::equals).orElse(true)
                && target.map(record.target()::equals).orElse(true)
                && outcome.map(value -> value == record.outcome()).orElse(true)
                && since.map(value -> !record.occurredAt().isBefore(value)).orElse(true)
                && until.map(value -> record.occurredAt().isBefore(value)).orElse(true);
    }
}
