package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Transactions;
import java.time.Clock;
import java.util.List;

/** Granting and revoking roles. Only global administrators change who may do what. */
public final class GrantService {
    private final UserService userService;
    private final GrantStore grants;
    private final ScopeDirectory scopes;
    private final Authorizer authorizer;
    private final Transactions transactions;
    private final Clock clock;

    public GrantService(UserService userService, GrantStore grants, ScopeDirectory scopes, Authorizer authorizer,
            Transactions transactions, Clock clock) {
        this.userService = requireNonNull(userService, "userService is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.scopes = requireNonNull(scopes, "scopes is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public RoleGrant grant(Actor actor, String login, Permission permission) {
        Login.check(login);
        authorizer.require(actor, Action.ROLE_GRANT, Scope.global(), UserService.target(login));
        return transactions.inTransaction(() -> {
            User user = userService.require(login);
            if (!scopes.exists(permission.scope())) {
                throw MainlineException.notFound("%s does not exist; register it before granting roles on it",
                        permission.scope());
            }
            RoleGrant grant = grants.insert(user.id(), permission, actor.login(), clock.instant());
            authorizer.succeeded(actor, Action.ROLE_GRANT, UserService.target(login),
                    "granted %s to '%s'".formatted(permission, login));
            return grant;
        });
    }

    public void revoke(Actor actor, String login, long grantId) {
        Login.check(login);
        authorizer.require(actor, Action.ROLE_REVOKE, Scope.global(), UserService.target(login));
        transactions.inTransaction(() -> {
            User user = userService.require(login);
            RoleGrant grant = grants.findById(grantId)
                    .filter(found -> found.userId() == user.id())
                    .orElseThrow(() -> MainlineException.notFound("user '%s' has no grant %d", login, grantId));
            grants.delete(grant.id());
            if (!grants.anyGlobalAdmin()) {
                throw new MainlineException(ErrorCode.LAST_ADMINISTRATOR,
                        "%s is the last global administrator grant; grant admin@global to someone else first"
                                .formatted(grant.permission()));
            }
            authorizer.succeeded(actor, Action.ROLE_REVOKE, UserService.target(login),
                    "revoked %s from '%s'".formatted(grant.permission(), login));
        });
    }

    public List<RoleGrant> list(Actor actor, String login) {
        Login.check(login);
        authorizer.requireSelfOr(actor, Action.ROLE_READ, login, UserService.target(login));
        return grants.listForUser(userService.require(login).id());
    }
}
