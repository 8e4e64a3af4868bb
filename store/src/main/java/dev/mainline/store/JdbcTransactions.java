package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Transactions over JDBC. The transaction's connection is bound to the thread, so every store called inside uses it;
 * outside a transaction each store call takes its own auto-committed connection.
 */
public final class JdbcTransactions implements Transactions {
    private final Database database;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    public JdbcTransactions(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            current.set(connection);
            try {
                T result = work.get();
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } finally {
                // Closing hands the connection back to the pool, which rolls back anything left open and restores
                // auto-commit; switching auto-commit on here could commit work whose rollback failed.
                current.remove();
            }
        } catch (SQLException e) {
            throw new StoreException("transaction failed", e);
        }
    }

    /** The connection of the transaction running on this thread, or null outside one. */
    Connection currentConnection() {
        return current.get();
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
