package dev.mainline.audit;

import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;

/** The append-only audit log. There is deliberately no way to change or remove an entry. */
public interface AuditLog {
    AuditEvent append(AuditRecord record);

    /** Entries matching {@code query}, newest first. */
    Page<AuditEvent> list(AuditQuery query, PageRequest page);
}
