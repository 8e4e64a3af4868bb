package dev.mainline.server.health;

import static java.util.Objects.requireNonNull;

import dev.mainline.store.Database;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Reports DOWN when the database stops answering, so the health endpoint tells the truth about storage. */
@Component("databaseHealthIndicator")
public class DatabaseHealthIndicator implements HealthIndicator {
    private final Database database;

    public DatabaseHealthIndicator(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    @Override
    public Health health() {
        Health.Builder builder = database.isReachable() ? Health.up() : Health.down();
        return builder.withDetail("dialect", database.dialect().name().toLowerCase(java.util.Locale.ROOT)).build();
    }
}
