package dev.mainline.server.identity;

import dev.mainline.identity.ApiToken;
import dev.mainline.identity.ExternalHandles;
import dev.mainline.identity.MintedToken;
import dev.mainline.identity.NewUser;
import dev.mainline.identity.Permission;
import dev.mainline.identity.RoleGrant;
import dev.mainline.identity.User;
import dev.mainline.identity.UserUpdate;
import dev.mainline.server.http.Requests;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/** The JSON shapes of users, grants and tokens. */
final class UserViews {
    private UserViews() {
    }

    record UserView(long id, String login, String displayName, String githubLogin, String slackUserId, String email,
            Instant createdAt, Instant updatedAt) {
        static UserView of(User user) {
            return new UserView(user.id(), user.login(), user.displayName(), user.handles().githubLogin().orElse(null),
                    user.handles().slackUserId().orElse(null), user.handles().email().orElse(null), user.createdAt(),
                    user.updatedAt());
        }
    }

    record CreateUserRequest(String login, String displayName, String githubLogin, String slackUserId, String email) {
        NewUser toNewUser() {
            return new NewUser(login, displayName, handles(githubLogin, slackUserId, email));
        }
    }

    /** Absent fields stay as they are; an empty string clears a handle. */
    record UpdateUserRequest(String displayName, String githubLogin, String slackUserId, String email) {
        UserUpdate toUpdate() {
            Set<ExternalHandles.Kind> cleared = EnumSet.noneOf(ExternalHandles.Kind.class);
            if ("".equals(githubLogin)) {
                cleared.add(ExternalHandles.Kind.GITHUB_LOGIN);
            }
            if ("".equals(slackUserId)) {
                cleared.add(ExternalHandles.Kind.SLACK_USER_ID);
            }
            if ("".equals(email)) {
                cleared.add(ExternalHandles.Kind.EMAIL);
            }
            return new UserUpdate(Optional.ofNullable(displayName),
                    handles(emptyToNull(githubLogin), emptyToNull(slackUserId), emptyToNull(email)), cleared);
        }

        private static String emptyToNull(String value) {
            return "".equals(value) ? null : value;
        }
    }

    static ExternalHandles handles(String githubLogin, String slackUserId, String email) {
        return new ExternalHandles(Optional.ofNullable(githubLogin), Optional.ofNullable(slackUserId),
                Optional.ofNullable(email));
    }

    record GrantView(long id, String role, String scope, String permission, String grantedBy, Instant grantedAt) {
        static GrantView of(RoleGrant grant) {
            return new GrantView(grant.id(), grant.permission().role().key(), grant.permission().scope().toString(),
                    grant.permission().toString(), grant.grantedBy(), grant.grantedAt());
        }
    }

    record GrantRequest(String role, String scope) {
        Permission toPermission() {
            return Permission.parse(Requests.required(role, "role") + "@" + Requests.required(scope, "scope"));
        }
    }

    record TokenView(long id, String name, String prefix, List<String> scopes, Instant createdAt, Instant expiresAt,
            Instant revokedAt) {
        static TokenView of(ApiToken token) {
            return new TokenView(token.id(), token.name(), token.prefix(),
                    token.scopes().stream().map(Permission::toString).toList(), token.createdAt(), token.expiresAt(),
                    token.revokedAt().orElse(null));
        }
    }

    record MintTokenRequest(String name, List<String> scopes, Integer expiresInDays) {
    }

    record MintedTokenView(TokenView token, String secret, String notice) {
        static MintedTokenView of(MintedToken minted) {
            return new MintedTokenView(TokenView.of(minted.token()), minted.secret(),
                    "Store this secret now: Mainline keeps only its hash and cannot show it again.");
        }
    }

    record MeView(UserView user, List<GrantView> grants, String tokenName, List<String> tokenScopes) {
    }
}
