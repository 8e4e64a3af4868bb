package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

final class JdbcSourceRepositoryStore implements SourceRepositoryStore {
    private static final String COLUMNS = "id, name, default_branch, forge, created_at";

    private final Jdbc jdbc;

    JdbcSourceRepositoryStore(Jdbc jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public SourceRepository insert(NewSourceRepository repository, Instant now) {
        long id = jdbc.insert(
                "INSERT INTO source_repositories (name, default_branch, forge, created_at) VALUES (?, ?, ?, ?)",
                repository.name().value(), repository.defaultBranch(), repository.forge().key(), now);
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM source_repositories WHERE id = ?",
                JdbcSourceRepositoryStore::repository, id).orElseThrow();
    }

    @Override
    public Optional<SourceRepository> findByName(RepositoryName name) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM source_repositories WHERE name = ?",
                JdbcSourceRepositoryStore::repository, name.value());
    }

    @Override
    public Page<SourceRepository> list(PageRequest page) {
        long after = page.after().map(cursor -> cursor.position()).orElse(0L);
        return Page.fromRows(
                jdbc.query("SELECT " + COLUMNS + " FROM source_repositories WHERE id > ? ORDER BY id LIMIT ?",
                        JdbcSourceRepositoryStore::repository, after, page.limit() + 1),
                page.limit(), SourceRepository::id);
    }

    private static SourceRepository repository(ResultSet row) throws SQLException {
        return new SourceRepository(row.getLong("id"), new RepositoryName(row.getString("name")),
                row.getString("default_branch"), Forge.fromKey(row.getString("forge")),
                Jdbc.instant(row, "created_at"));
    }
}
