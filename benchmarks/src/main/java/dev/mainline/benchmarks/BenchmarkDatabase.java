package dev.mainline.benchmarks;

import dev.mainline.store.Database;
import dev.mainline.store.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A fresh, migrated database for one benchmark trial: {@code h2}, a file database as the embedded default uses it, or
 * {@code postgresql}, a schema of its own in database {@code test} on 127.0.0.1:5432, dropped afterwards.
 */
final class BenchmarkDatabase implements AutoCloseable {
    private final Database database;
    private final Runnable drop;

    private BenchmarkDatabase(Database database, Runnable drop) {
        this.database = database;
        this.drop = drop;
    }

    static BenchmarkDatabase start(String engine, Path directory, String name) {
        if (engine.equals("h2")) {
            return new BenchmarkDatabase(new Database(new DatabaseConfig("jdbc:h2:file:"
                    + directory.resolve("mainline").toAbsolutePath(), "sa", "", 10, Duration.ofSeconds(30))).start(),
                    () -> {
                    });
        }
        if (!engine.equals("postgresql")) {
            throw new IllegalArgumentException("database must be h2 or postgresql, got " + engine);
        }
        String schema = name + "_" + Long.toHexString(System.nanoTime());
        DatabaseConfig admin = new DatabaseConfig("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", 2,
                Duration.ofSeconds(30));
        execute(admin, "CREATE SCHEMA " + schema);
        Database database = new Database(new DatabaseConfig("jdbc:postgresql://127.0.0.1:5432/test?currentSchema="
                + schema, "postgres", "", 10, Duration.ofSeconds(30))).start();
        return new BenchmarkDatabase(database, () -> execute(admin, "DROP SCHEMA " + schema + " CASCADE"));
    }

    Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
        drop.run();
    }

    private static void execute(DatabaseConfig config, String sql) {
        try (Connection connection = DriverManager.getConnection(config.url(), config.username(), config.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }
}
