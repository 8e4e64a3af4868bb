package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.identity.ApiToken;
import dev.mainline.identity.NewApiToken;
import dev.mainline.identity.Permission;
import dev.mainline.identity.TokenStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

final class JdbcTokenStore implements TokenStore {
    private static final String COLUMNS = "id, user_id, name, prefix, secret_hash, scopes, created_at, expires_at, revoked_at, parent_token_id";
    // Permissions never contain a space, so a space-separated list round-trips exactly.
    private static final String SCOPE_SEPARATOR = " ";

    private final Jdbc jdbc;

    JdbcTokenStore(Jdbc jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public ApiToken insert(NewApiToken token) {
        String scopes = token.scopes().stream().map(Permission::toString).collect(Collectors.joining(SCOPE_SEPARATOR));
        long id = jdbc.insert(
                """
                        INSERT INTO api_tokens (user_id, name, prefix, secret_hash, scopes, created_at, expires_at, parent_token_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                token.userId(), token.name(), token.prefix(), token.secretHash(), scopes, token.createdAt(),
                token.expiresAt(), token.parentTokenId());
        return findById(id).orElseThrow();
    }

    @Override
    public Optional<ApiToken> findBySecretHash(String secretHash) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM api_tokens WHERE secret_hash = ?", JdbcTokenStore::token,
                secretHash);
    }

    @Override
    public Optional<ApiToken> findById(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM api_tokens WHERE id = ?", JdbcTokenStore::token, id);
    }

    @Override
    public List<ApiToken> listForUser(long userId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_tokens WHERE user_id = ? ORDER BY id", JdbcTokenStore::token,
                userId);
    }

    @Override
    public boolean revoke(long id, Instant now) {
        return jdbc.update("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id) > 0;
    }

    private static ApiToken token(ResultSet row) throws SQLException {
        List<Permission> scopes = Arrays.stream(row.getString("scopes").split(SCOPE_SEPARATOR))
                .map(Permission::parse)
                .toList();
        return new ApiToken(row.getLong("id"), row.getLong("user_id"), row.getString("name"), row.getString("prefix"),
                row.getString("secret_hash"), scopes, Jdbc.instant(row, "created_at"), Jdbc.instant(row, "expires_at"),
                Optional.ofNullable(Jdbc.instant(row, "revoked_at")), parentTokenId(row));
    }

    private static Optional<Long> parentTokenId(ResultSet row) throws SQLException {
        long parent = row.getLong("parent_token_id");
        return row.wasNull() ? Optional.empty() : Optional.of(parent);
    }
}
