package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.identity.GrantStore;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.RoleGrant;
import dev.mainline.identity.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbcGrantStore implements GrantStore {
    private static final String COLUMNS = "id, user_id, role, scope_kind, scope_name, granted_by, granted_at";

    private final Jdbc jdbc;

    JdbcGrantStore(Jdbc jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public RoleGrant insert(long userId, Permission permission, String grantedBy, Instant now) {
        long id = jdbc.insert("""
                INSERT INTO role_grants (user_id, role, scope_kind, scope_name, granted_by, granted_at)
                VALUES (?, ?, ?, ?, ?, ?)""",
                userId, permission.role().key(), permission.scope().kind().key(), permission.scope().name(), grantedBy,
                now);
        return findById(id).orElseThrow();
    }

    @Override
    public List<RoleGrant> listForUser(long userId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM role_grants WHERE user_id = ? ORDER BY id",
                JdbcGrantStore::grant,
                userId);
    }

    @Override
    public Optional<RoleGrant> findById(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM role_grants WHERE id = ?", JdbcGrantStore::grant, id);
    }

    @Override
    public boolean delete(long id) {
        return jdbc.update("DELETE FROM role_grants WHERE id = ?", id) > 0;
    }

    @Override
    public boolean anyGlobalAdmin() {
        return !jdbc.query("SELECT id FROM role_grants WHERE role = ? AND scope_kind = ? LIMIT 1",
                row -> row.getLong("id"), Role.ADMIN.key(), Scope.Kind.GLOBAL.key()).isEmpty();
    }

    private static RoleGrant grant(ResultSet row) throws SQLException {
        String kind = row.getString("scope_kind");
        String name = row.getString("scope_name");
        Scope scope = kind.equals(Scope.Kind.GLOBAL.key()) ? Scope.global() : Scope.parse(kind + ":" + name);
        return new RoleGrant(row.getLong("id"), row.getLong("user_id"),
                Permission.of(Role.fromKey(row.getString("role")), scope), row.getString("granted_by"),
                Jdbc.instant(row, "granted_at"));
    }
}
