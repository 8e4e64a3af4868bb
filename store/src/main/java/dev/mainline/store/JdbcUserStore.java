package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.identity.ExternalHandles;
import dev.mainline.identity.NewUser;
import dev.mainline.identity.User;
import dev.mainline.identity.UserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

final class JdbcUserStore implements UserStore {
    private static final String COLUMNS = "id, login, display_name, github_login, slack_user_id, email, created_at, updated_at";

    private final Jdbc jdbc;

    JdbcUserStore(Jdbc jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public User insert(NewUser user, Instant now) {
        long id = jdbc.insert("""
                INSERT INTO users (login, display_name, github_login, slack_user_id, email, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                user.login(), user.displayName(), user.handles().githubLogin(), user.handles().slackUserId(),
                user.handles().email(), now, now);
        return findById(id).orElseThrow();
    }

    @Override
    public User update(long id, String displayName, ExternalHandles handles, Instant now) {
        int updated = jdbc.update("""
                UPDATE users SET display_name = ?, github_login = ?, slack_user_id = ?, email = ?, updated_at = ?
                WHERE id = ?""",
                displayName, handles.githubLogin(), handles.slackUserId(), handles.email(), now, id);
        if (updated == 0) {
            throw MainlineException.notFound("user %d does not exist", id);
        }
        return findById(id).orElseThrow();
    }

    @Override
    public Optional<User> findById(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE id = ?", JdbcUserStore::user, id);
    }

    @Override
    public Optional<User> findByLogin(String login) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE login = ?", JdbcUserStore::user, login);
    }

    @Override
    public Optional<User> findByGithubLogin(String githubLogin) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE github_login = ?", JdbcUserStore::user,
                githubLogin);
    }

    @Override
    public Optional<User> findBySlackUserId(String slackUserId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE slack_user_id = ?", JdbcUserStore::user,
                slackUserId);
    }

    @Override
    public Page<User> list(PageRequest page) {
        long after = page.after().map(cursor -> cursor.position()).orElse(0L);
        return Page.fromRows(
                jdbc.query("SELECT " + COLUMNS + " FROM users WHERE id > ? ORDER BY id LIMIT ?", JdbcUserStore::user,
                        after, page.limit() + 1),
                page.limit(), User::id);
    }

    private static User user(ResultSet row) throws SQLException {
        return new User(row.getLong("id"), row.getString("login"), row.getString("display_name"),
                new ExternalHandles(Jdbc.optionalString(row, "github_login"), Jdbc.optionalString(row, "slack_user_id"),
                        Jdbc.optionalString(row, "email")),
                Jdbc.instant(row, "created_at"), Jdbc.instant(row, "updated_at"));
    }
}
