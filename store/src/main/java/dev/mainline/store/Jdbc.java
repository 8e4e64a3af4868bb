package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The small JDBC toolkit the stores share: binds parameters, maps rows, joins the thread's transaction, and turns
 * constraint violations into the domain's already-exists and not-found errors.
 */
final class Jdbc {
    /** SQLSTATE class 23: both H2 and PostgreSQL use these codes. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    /** H2 reports a missing parent row with its own code in the same class. */
    private static final String H2_PARENT_MISSING = "23506";

    /** What each named constraint protects, for the message a violation produces. */
    private static final Map<String, String> CONSTRAINT_MESSAGES = Map.ofEntries(
            Map.entry("users_login_unique", "a user with this login already exists"),
            Map.entry("users_github_login_unique", "this GitHub login is already linked to another user"),
            Map.entry("users_slack_user_id_unique", "this Slack user id is already linked to another user"),
            Map.entry("users_email_unique", "this email is already linked to another user"),
            Map.entry("role_grants_unique", "the user already holds this permission"),
            Map.entry("role_grants_user_fk", "the user does not exist"),
            Map.entry("api_tokens_hash_unique", "a token with this secret already exists"),
            Map.entry("api_tokens_user_fk", "the user does not exist"),
            Map.entry("apps_key_unique", "an app with this key already exists"),
            Map.entry("source_repositories_name_unique", "a repository with this name already exists"),
            Map.entry("inbox_messages_pk", "this message was received before"),
            Map.entry("pull_requests_pk", "a pull request with this number already exists"));

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Database database;
    private final JdbcTransactions transactions;

    Jdbc(Database database, JdbcTransactions transactions) {
        this.database = requireNonNull(database, "database is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                try (ResultSet rows = statement.executeQuery()) {
                    List<T> result = new ArrayList<>();
                    while (rows.next()) {
                        result.add(mapper.map(rows));
                    }
                    return result;
                }
            }
        });
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = query(sql, mapper, parameters);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got %d for %s".formatted(rows.size(), sql));
        }
        return rows.stream().findFirst();
    }

    int update(String sql, Object... parameters) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                return statement.executeUpdate();
            }
        });
    }

    /** Runs an insert; false, with nothing changed, when a row with the same unique key is already there. */
    boolean insertUnlessPresent(String sql, Object... parameters) {
        try {
            update(sql, parameters);
            return true;
        } catch (MainlineException e) {
            if (e.errorCode() == ErrorCode.ALREADY_EXISTS) {
                return false;
            }
            throw e;
        }
    }

    /** Runs an insert and returns the generated {@code id}. */
    long insert(String sql, Object... parameters) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql, new String[]{"id"})) {
                bind(statement, parameters);
                statement.executeUpdate();
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new IllegalStateException("no generated id for " + sql);
                    }
                    return keys.getLong(1);
                }
            }
        });
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Optional<String> optionalString(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column));
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    Dialect dialect() {
        return database.dialect();
    }

    /** Runs {@code work} on the thread's transaction, or on a connection of its own outside one. */
    <T> T withConnection(ConnectionWork<T> work) {
        Connection bound = transactions.currentConnection();
        try {
            if (bound != null) {
                return work.run(bound);
            }
            try (Connection connection = database.dataSource().getConnection()) {
                return work.run(connection);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            bind(statement, i + 1, parameters[i]);
        }
    }

    /** Binds one parameter the way {@link #bind(PreparedStatement, Object[])} binds each. */
    static void bind(PreparedStatement statement, int index, Object parameter) throws SQLException {
        Object value = parameter;
        if (value instanceof Optional<?> optional) {
            value = optional.orElse(null);
        }
        if (value instanceof Instant instant) {
            value = timestamp(instant);
        }
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof OffsetDateTime timestamp) {
            statement.setObject(index, timestamp, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, value);
        }
    }

    static RuntimeException translate(SQLException e) {
        String state = e.getSQLState();
        if (UNIQUE_VIOLATION.equals(state)) {
            return new MainlineException(ErrorCode.ALREADY_EXISTS, constraintMessage(e, "the value is already taken"),
                    e);
        }
        if (FOREIGN_KEY_VIOLATION.equals(state) || H2_PARENT_MISSING.equals(state)) {
            return new MainlineException(ErrorCode.NOT_FOUND,
                    constraintMessage(e, "a referenced object does not exist"), e);
        }
        return new StoreException("database operation failed: " + e.getMessage(), e);
    }

    private static String constraintMessage(SQLException e, String fallback) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return CONSTRAINT_MESSAGES.entrySet().stream()
                .filter(entry -> message.contains(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(fallback);
    }
}
