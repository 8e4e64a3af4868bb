package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.Channel;
import java.util.Locale;
import java.util.Optional;

/**
 * The Mainline user behind an account on an outside system, acting with their own grants. Someone whose account is
 * linked to no user is no one to the role model, and may do nothing.
 */
public final class LinkedAccounts {
    private final UserStore users;
    private final GrantStore grants;

    public LinkedAccounts(UserStore users, GrantStore grants) {
        this.users = requireNonNull(users, "users is null");
        this.grants = requireNonNull(grants, "grants is null");
    }

    /** The user whose Slack user id is {@code slackUserId}, acting through Slack. */
    public Optional<Actor> slack(String slackUserId) {
        return users.findBySlackUserId(slackUserId).map(user -> new Actor(user.id(), user.login(), Channel.SLACK,
                grants.listForUser(user.id()).stream().map(RoleGrant::permission).toList(), Optional.empty()));
    }

    /** The user whose GitHub login is {@code login}, acting through GitHub. */
    public Optional<Actor> github(String login) {
        return users.findByGithubLogin(login.toLowerCase(Locale.ROOT))
                .map(user -> new Actor(user.id(), user.login(), Channel.GITHUB,
                        grants.listForUser(user.id()).stream().map(RoleGrant::permission).toList(),
                        Optional.empty()));
    }
}
