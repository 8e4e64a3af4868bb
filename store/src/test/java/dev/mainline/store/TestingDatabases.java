package dev.mainline.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Fresh, migrated databases for tests: a private in-memory H2 database, or a private schema on the real PostgreSQL
 * server (127.0.0.1:5432, database {@code test}, user {@code postgres} unless {@code MAINLINE_TEST_POSTGRES_URL},
 * {@code _USER} and {@code _PASSWORD} say otherwise). PostgreSQL being down fails the test: it is never skipped.
 */
public final class TestingDatabases {
    public static final String POSTGRES_URL = env("MAINLINE_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = env("MAINLINE_TEST_POSTGRES_USER", "postgres");
    public static final String POSTGRES_PASSWORD = env("MAINLINE_TEST_POSTGRES_PASSWORD", "");

    private TestingDatabases() {
    }

    /** A started database and how to throw it away. */
    public record TestingDatabase(Database database, DatabaseConfig config, Runnable dropper) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            dropper.run();
        }
    }

    public static TestingDatabase h2() {
        String name = "test_" + UUID.randomUUID().toString().replace("-", "");
        DatabaseConfig config = new DatabaseConfig("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", 4,
                Duration.ofSeconds(5));
        Database database = new Database(config).start();
        return new TestingDatabase(database, config, () -> execute(config, "SHUTDOWN"));
    }

    public static TestingDatabase postgres() {
        String schema = "test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toLowerCase(Locale.ROOT);
        DatabaseConfig admin = postgresConfig(POSTGRES_URL);
        execute(admin, "CREATE SCHEMA " + schema);
        String separator = POSTGRES_URL.contains("?") ? "&" : "?";
        DatabaseConfig config = postgresConfig(POSTGRES_URL + separator + "currentSchema=" + schema);
        Database database = new Database(config).start();
        return new TestingDatabase(database, config, () -> execute(admin, "DROP SCHEMA " + schema + " CASCADE"));
    }

    public static DatabaseConfig postgresConfig(String url) {
        return new DatabaseConfig(url, POSTGRES_USER, POSTGRES_PASSWORD, 4, Duration.ofSeconds(5));
    }

    public static void execute(DatabaseConfig config, String sql) {
        try (Connection connection = DriverManager.getConnection(config.url(), config.username(), config.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(("cannot run '%s' on %s: %s. The store tests need the PostgreSQL server; "
                    + "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start")
                    .formatted(sql, config.url(), e.getMessage()), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
