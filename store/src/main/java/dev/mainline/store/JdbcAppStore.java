package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.App;
import dev.mainline.catalog.AppStore;
import dev.mainline.catalog.NewApp;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

final class JdbcAppStore implements AppStore {
    private static final String COLUMNS = "id, app_key, display_name, platforms, created_at, updated_at";

    private final Jdbc jdbc;

    JdbcAppStore(Jdbc jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public App insert(NewApp app, Instant now) {
        long id = jdbc.insert(
                "INSERT INTO apps (app_key, display_name, platforms, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                app.key().value(), app.displayName(), platforms(app.platforms()), now, now);
        return findById(id);
    }

    @Override
    public App update(long id, String displayName, Set<Platform> platforms, Instant now) {
        int updated = jdbc.update("UPDATE apps SET display_name = ?, platforms = ?, updated_at = ? WHERE id = ?",
                displayName, platforms(platforms), now, id);
        if (updated == 0) {
            throw MainlineException.notFound("app %d does not exist", id);
        }
        return findById(id);
    }

    @Override
    public Optional<App> findByKey(AppKey key) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM apps WHERE app_key = ?", JdbcAppStore::app, key.value());
    }

    @Override
    public Page<App> list(PageRequest page) {
        long after = page.after().map(cursor -> cursor.position()).orElse(0L);
        return Page.fromRows(jdbc.query("SELECT " + COLUMNS + " FROM apps WHERE id > ? ORDER BY id LIMIT ?",
                JdbcAppStore::app, after, page.limit() + 1), page.limit(), App::id);
    }

    private App findById(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM apps WHERE id = ?", JdbcAppStore::app, id).orElseThrow();
    }

    private static String platforms(Set<Platform> platforms) {
        return platforms.stream().map(Platform::key).sorted().collect(Collectors.joining(","));
    }

    private static App app(ResultSet row) throws SQLException {
        Set<Platform> platforms = Arrays.stream(row.getString("platforms").split(","))
                .map(Platform::fromKey)
                .collect(Collectors.toSet());
        return new App(row.getLong("id"), new AppKey(row.getString("app_key")), row.getString("display_name"),
                platforms,
                Jdbc.instant(row, "created_at"), Jdbc.instant(row, "updated_at"));
    }
}
