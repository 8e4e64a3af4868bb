package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.common.Transactions;
import java.time.Clock;

/** Creating, changing and reading users. */
public final class UserService {
    private final UserStore users;
    private final Authorizer authorizer;
    private final Transactions transactions;
    private final Clock clock;

    public UserService(UserStore users, Authorizer authorizer, Transactions transactions, Clock clock) {
        this.users = requireNonNull(users, "users is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public User create(Actor actor, NewUser user) {
        authorizer.require(actor, Action.USER_CREATE, Scope.global(), target(user.login()));
        return transactions.inTransaction(() -> {
            User created = users.insert(user, clock.instant());
            authorizer.succeeded(actor, Action.USER_CREATE, target(created.login()),
                    "created user '%s' (%s)".formatted(created.login(), created.displayName()));
            return created;
        });
    }

    public User update(Actor actor, String login, UserUpdate update) {
        Login.check(login);
        authorizer.require(actor, Action.USER_UPDATE, Scope.global(), target(login));
        return transactions.inTransaction(() -> {
            User existing = require(login);
            String displayName = update.displayName().orElse(existing.displayName());
            ExternalHandles handles = update.applyTo(existing.handles());
            if (displayName.equals(existing.displayName()) && handles.equals(existing.handles())) {
                return existing;
            }
            User updated = users.update(existing.id(), displayName, handles, clock.instant());
            authorizer.succeeded(actor, Action.USER_UPDATE, target(login), "updated user '%s'".formatted(login));
            return updated;
        });
    }

    public User get(Actor actor, String login) {
        Login.check(login);
        authorizer.requireSelfOr(actor, Action.USER_READ, login, target(login));
        return require(login);
    }

    public Page<User> list(Actor actor, PageRequest page) {
        authorizer.require(actor, Action.USER_READ, Scope.global(), "user:*");
        return users.list(page);
    }

    /** The user with {@code login}, or a not-found error naming it. */
    public User require(String login) {
        Login.check(login);
        return users.findByLogin(login)
                .orElseThrow(() -> MainlineException.notFound("user '%s' does not exist", login));
    }

    static String target(String login) {
        return "user:" + login;
    }
}
