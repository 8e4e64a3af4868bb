package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
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
        try {
            jdbc.update("INSERT INTO bootstrap (id, admin_login, completed_at) VALUES (1, ?, ?)", adminLogin, now);
            return true;
        } catch (MainlineException e) {
            if (e.errorCode() == ErrorCode.ALREADY_EXISTS) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Instant> completedAt() {
        return jdbc.queryOne("SELECT completed_at FROM bootstrap WHERE id = 1",
                row -> Jdbc.instant(row, "completed_at"));
    }
}
