package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled connection to H2 or PostgreSQL with its schema migrated. Owns the pool: {@link #start()} opens and migrates,
 * {@link #close()} closes.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final DatabaseConfig config;
    private HikariDataSource dataSource;

    public Database(DatabaseConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    /** Opens the pool and brings the schema up to date; fails with the reason when the database cannot be reached. */
    public Database start() {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.username());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setPoolName("mainline");
        hikari.setAutoCommit(true);
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException(
                    "cannot connect to the database at %s: %s".formatted(config.redactedUrl(), rootMessage(e)), e);
        }
        MigrateResult result;
        try {
            result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/common",
                            "classpath:db/migration/" + config.dialect().migrationFolder())
                    .failOnMissingLocations(false)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new DatabaseUnavailableException("cannot bring the schema of %s up to date: %s"
                    .formatted(config.redactedUrl(), rootMessage(e)), e);
        }
        log.info("Database {} is at schema version {} ({} migrations applied now)", config.redactedUrl(),
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
        return this;
    }

    public Dialect dialect() {
        return config.dialect();
    }

    public DataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("the database is not started");
        }
        return dataSource;
    }

    /** Whether the database answers a trivial query within a second. */
    public boolean isReachable() {
        try (Connection connection = dataSource().getConnection()) {
            return connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    private static String rootMessage(Throwable throwable) {
        Throwable root = throwable;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
