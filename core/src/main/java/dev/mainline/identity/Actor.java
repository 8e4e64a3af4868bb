package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.Channel;
import java.util.List;
import java.util.Optional;

/**
 * Who is acting, through which channel, with which permissions. An actor may act with a role on a scope only when one
 * of the user's grants allows it and, when the actor came with a token, one of the token's scopes allows it too.
 */
public record Actor(long userId, String login, Channel channel, List<Permission> grants,
        Optional<TokenRestriction> token) {
    /** The token an actor authenticated with: its id, name and the scopes that narrow the user's grants. */
    public record TokenRestriction(long tokenId, String name, List<Permission> scopes) {
        public TokenRestriction {
            requireNonNull(name, "name is null");
            scopes = List.copyOf(requireNonNull(scopes, "scopes is null"));
        }
    }

    public Actor {
        requireNonNull(login, "login is null");
        requireNonNull(channel, "channel is null");
        grants = List.copyOf(requireNonNull(grants, "grants is null"));
        requireNonNull(token, "token is null");
    }

    /**
     * Mainline itself acting on what an outside system reported (a CI run's result, a store's review verdict), with
     * {@code permission} only; {@code login} names the source in the audit log, such as {@code ci:github-actions}.
     */
    public static Actor system(String login, Permission permission) {
        return new Actor(0, login, Channel.SYSTEM, List.of(permission), Optional.empty());
    }

    /** The user acting, when a user is (none when Mainline itself acts, or someone no user is linked to). */
    public Optional<Long> user() {
        return channel == Channel.SYSTEM || userId <= 0 ? Optional.empty() : Optional.of(userId);
    }

    /** Someone on an outside system ({@code slack:U024BE7LH}) linked to no user: no one to the role model. */
    public static Actor unlinked(String login, Channel channel) {
        return new Actor(0, login, channel, List.of(), Optional.empty());
    }

    public boolean holds(Role role, Scope target) {
        return Permission.anyAllows(grants, role, target);
    }

    public boolean tokenAllows(Role role, Scope target) {
        return token.map(restriction -> Permission.anyAllows(restriction.scopes(), role, target)).orElse(true);
    }

    public boolean may(Role role, Scope target) {
        return holds(role, target) && tokenAllows(role, target);
    }
}
