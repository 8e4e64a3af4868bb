package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.AuditLog;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Outcome;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import java.time.Clock;

/**
 * The single place where the role model says yes or no. A refusal is written to the audit log before the caller is
 * told, so no refusal goes unrecorded.
 */
public final class Authorizer {
    private final AuditLog auditLog;
    private final Clock clock;

    public Authorizer(AuditLog auditLog, Clock clock) {
        this.auditLog = requireNonNull(auditLog, "auditLog is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Requires that {@code actor} may perform {@code action} on {@code scope}; {@code target} names the object. */
    public void require(Actor actor, Action action, Scope scope, String target) {
        if (actor.may(action.requiredRole(), scope)) {
            return;
        }
        throw deny(actor, action, target, reason(actor, action, scope));
    }

    /** Like {@link #require} on the global scope, but a user may always act on their own account. */
    public void requireSelfOr(Actor actor, Action action, String ownerLogin, String target) {
        if (actor.login().equals(ownerLogin)) {
            return;
        }
        require(actor, action, Scope.global(), target);
    }

    /** Records a carried-out action; call it inside the transaction that made the change. */
    public void succeeded(Actor actor, Action action, String target, String detail) {
        auditLog.append(new AuditRecord(clock.instant(), actor.login(), actor.user(), actor.channel(),
                action.key(), target, Outcome.SUCCEEDED, detail));
    }

    /** Records a refusal decided elsewhere (for example a token scope wider than its user's grants). */
    public MainlineException deny(Actor actor, Action action, String target, String reason) {
        auditLog.append(new AuditRecord(clock.instant(), actor.login(), actor.user(), actor.channel(),
                action.key(), target, Outcome.DENIED, reason));
        return new MainlineException(ErrorCode.PERMISSION_DENIED, reason);
    }

    private static String reason(Actor actor, Action action, Scope scope) {
        Role role = action.requiredRole();
        if (!actor.holds(role, scope)) {
            return "%s requires role %s on %s; user '%s' has no such grant".formatted(action.key(), role, scope,
                    actor.login());
        }
        String tokenName = actor.token().map(Actor.TokenRestriction::name).orElse("?");
        return "%s requires role %s on %s; the token '%s' is not scoped for it".formatted(action.key(), role, scope,
                tokenName);
    }
}
