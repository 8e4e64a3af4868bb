package dev.mainline.audit;

import static java.util.Objects.requireNonNull;

/** An entry of the audit log, with the sequence number the log gave it. */
public record AuditEvent(long id, AuditRecord record) {
    public AuditEvent {
        requireNonNull(record, "record is null");
    }
}
