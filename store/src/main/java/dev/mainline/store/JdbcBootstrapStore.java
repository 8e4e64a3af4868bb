package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.identity.BootstrapStore;
import java.time.Instant;
import java.util.Optional;

final class JdbcBootstrapStore implements BootstrapStore {
    private final Jdbc jdbc;

    JdbcBootstrapStore(Jdbc jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public boolean markCompleted(String adminLogin, Instant now) {
        if (completedAt().isPresent()) {
            return false;
        }
        return jdbc.insertUnlessPresent("INSERT INTO bootstrap (id, admin_login, completed_at) VALUES (1, ?, ?)",
                adminLogin, now);
    }

    @Override
    public Optional<Instant> completedAt() {
        return jdbc.queryOne("SELECT completed_at FROM bootstrap WHERE id = 1",
                row -> Jdbc.instant(row, "completed_at"));
    }
}
