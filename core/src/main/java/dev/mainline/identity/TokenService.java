package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.Channel;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Minting, listing, revoking and checking API tokens. */
public final class TokenService {
    private final UserService userService;
    private final UserStore users;
    private final GrantStore grants;
    private final TokenStore tokens;
    private final TokenSecrets secrets;
    private final TokenPolicy policy;
    private final Authorizer authorizer;
    private final Transactions transactions;
    private final Clock clock;

    public TokenService(UserService userService, UserStore users, GrantStore grants, TokenStore tokens,
            TokenSecrets secrets, TokenPolicy policy, Authorizer authorizer, Transactions transactions, Clock clock) {
        this.userService = requireNonNull(userService, "userService is null");
        this.users = requireNonNull(users, "users is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Mints a token for {@code login}: users mint their own, administrators anyone's. */
    public MintedToken mint(Actor actor, String login, TokenRequest request) {
        Login.check(login);
        authorizer.requireSelfOr(actor, Action.TOKEN_MINT, login, UserService.target(login));
        requireWithinActorToken(actor, login, request);
        return transactions.inTransaction(() -> {
            User user = userService.require(login);
            MintedToken minted = issue(user, request, parentToken(actor, user));
            authorizer.succeeded(actor, Action.TOKEN_MINT, UserService.target(login),
                    "minted token %d '%s' (%s) scoped %s, expiring %s".formatted(minted.token().id(), request.name(),
                            minted.token().prefix(), describe(request.scopes()), minted.token().expiresAt()));
            return minted;
        });
    }

    /**
     * Token scopes only ever narrow, so an actor who came with a token may not mint one that may do more than that token
     * (without this, any narrowly scoped token could mint its user an unrestricted one).
     */
    private void requireWithinActorToken(Actor actor, String login, TokenRequest request) {
        for (Permission scope : request.scopes()) {
            if (!actor.tokenAllows(scope.role(), scope.scope())) {
                Actor.TokenRestriction restriction = actor.token().orElseThrow();
                throw authorizer.deny(actor, Action.TOKEN_MINT, UserService.target(login),
                        "token.mint of a token scoped %s needs the token '%s' to allow it, but it is scoped %s"
                                .formatted(scope, restriction.name(), describe(restriction.scopes())));
            }
        }
    }

    public List<ApiToken> list(Actor actor, String login) {
        Login.check(login);
        authorizer.requireSelfOr(actor, Action.TOKEN_READ, login, UserService.target(login));
        return tokens.listForUser(userService.require(login).id());
    }

    public void revoke(Actor actor, String login, long tokenId) {
        Login.check(login);
        authorizer.requireSelfOr(actor, Action.TOKEN_REVOKE, login, UserService.target(login));
        User user = userService.require(login);
        ApiToken token = tokens.findById(tokenId)
                .filter(found -> found.userId() == user.id())
                .orElseThrow(() -> MainlineException.notFound("user '%s' has no token %d", login, tokenId));
        // Checked before the transaction, so the refusal's audit entry is not rolled back with it.
        requireNoBroaderThanActorToken(actor, login, token);
        if (token.isRevoked()) {
            // Revoking is idempotent: the token is as the caller wants it, and nothing changes.
            return;
        }
        transactions.inTransaction(() -> {
            List<ApiToken> revoked = new ArrayList<>();
            revokeWithDescendants(token, tokens.listForUser(user.id()), revoked);
            authorizer.succeeded(actor, Action.TOKEN_REVOKE, UserService.target(login),
                    "revoked token %d '%s' (%s)%s".formatted(token.id(), token.name(), token.prefix(),
                            revoked.size() > 1
                                    ? " and the %d tokens minted with it".formatted(revoked.size() - 1)
                                    : ""));
        });
    }

    /**
     * A token may revoke itself, and other tokens no more powerful than itself: a leaked narrow token must not be able
     * to cut its user off from their other tokens.
     */
    private void requireNoBroaderThanActorToken(Actor actor, String login, ApiToken target) {
        Optional<Actor.TokenRestriction> restriction = actor.token();
        if (restriction.isEmpty() || restriction.get().tokenId() == target.id()) {
            return;
        }
        for (Permission scope : target.scopes()) {
            if (!actor.tokenAllows(scope.role(), scope.scope())) {
                throw authorizer.deny(actor, Action.TOKEN_REVOKE, UserService.target(login),
                        "token.revoke of token %d scoped %s needs the token '%s' to allow it, but it is scoped %s"
                                .formatted(target.id(), scope, restriction.get().name(),
                                        describe(restriction.get().scopes())));
            }
        }
    }

    /** Checks a presented secret; a refusal says why without revealing anything about other tokens. */
    public Authentication authenticate(String secret, Channel channel) {
        requireNonNull(secret, "secret is null");
        requireNonNull(channel, "channel is null");
        if (!TokenSecrets.looksLikeSecret(secret)) {
            return new Authentication.Refused(ErrorCode.TOKEN_INVALID, "the bearer token is not a Mainline token");
        }
        Optional<ApiToken> found = tokens.findBySecretHash(TokenSecrets.hash(secret));
        if (found.isEmpty()) {
            return new Authentication.Refused(ErrorCode.TOKEN_INVALID, "the bearer token is not known");
        }
        ApiToken token = found.get();
        if (token.isRevoked()) {
            return new Authentication.Refused(ErrorCode.TOKEN_REVOKED,
                    "the token '%s' (%s) was revoked".formatted(token.name(), token.prefix()));
        }
        if (token.isExpiredAt(clock.instant())) {
            return new Authentication.Refused(ErrorCode.TOKEN_EXPIRED,
                    "the token '%s' (%s) expired at %s".formatted(token.name(), token.prefix(), token.expiresAt()));
        }
        Optional<User> user = users.findById(token.userId());
        if (user.isEmpty()) {
            return new Authentication.Refused(ErrorCode.TOKEN_INVALID, "the token's user no longer exists");
        }
        List<Permission> held = grants.listForUser(token.userId()).stream().map(RoleGrant::permission).toList();
        Actor actor = new Actor(token.userId(), user.get().login(), channel, held,
                Optional.of(new Actor.TokenRestriction(token.id(), token.name(), token.scopes())));
        return new Authentication.Authenticated(actor);
    }

    /** Creates a token without any authorization check; callers have done it. */
    MintedToken issue(User user, TokenRequest request, Optional<ApiToken> parent) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(policy.lifetime(request.lifetime()));
        if (parent.isPresent() && parent.get().expiresAt().isBefore(expiresAt)) {
            expiresAt = parent.get().expiresAt();
        }
        String secret = secrets.newSecret();
        ApiToken token = tokens.insert(new NewApiToken(user.id(), request.name(), TokenSecrets.displayPrefix(secret),
                TokenSecrets.hash(secret), request.scopes(), now, expiresAt, parent.map(ApiToken::id)));
        return new MintedToken(token, secret);
    }

    /**
     * The token a user minted this one with, when they mint for themselves with a token: the new token never outlives
     * it and is revoked with it, so a leaked short-lived token cannot buy lasting access.
     */
    private Optional<ApiToken> parentToken(Actor actor, User user) {
        if (actor.userId() != user.id()) {
            return Optional.empty();
        }
        return actor.token().flatMap(restriction -> tokens.findById(restriction.tokenId()));
    }

    private void revokeWithDescendants(ApiToken token, List<ApiToken> all, List<ApiToken> revoked) {
        if (tokens.revoke(token.id(), clock.instant())) {
            revoked.add(token);
        }
        for (ApiToken candidate : all) {
            if (candidate.parentTokenId().equals(Optional.of(token.id())) && !revoked.contains(candidate)) {
                revokeWithDescendants(candidate, all, revoked);
            }
        }
    }

    static String describe(List<Permission> scopes) {
        return scopes.stream().map(Permission::toString).collect(Collectors.joining(", "));
    }
}
