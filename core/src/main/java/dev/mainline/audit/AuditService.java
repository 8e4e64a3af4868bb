package dev.mainline.audit;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Scope;

/** Reading the audit log, which only global administrators may do. */
public final class AuditService {
    private final AuditLog auditLog;
    private final Authorizer authorizer;

    public AuditService(AuditLog auditLog, Authorizer authorizer) {
        this.auditLog = requireNonNull(auditLog, "auditLog is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
    }

    public Page<AuditEvent> list(Actor actor, AuditQuery query, PageRequest page) {
        authorizer.require(actor, Action.AUDIT_READ, Scope.global(), "audit");
        return auditLog.list(query, page);
    }
}
