package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.MainlineException;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseCommands;
import dev.mainline.releases.ReleaseEvent;
import dev.mainline.releases.ReleaseState;
import dev.mainline.releases.ReleaseStore;
import dev.mainline.releases.Runbook;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

final class JdbcReleaseStore implements ReleaseStore {
    private static final String COLUMNS = "id, app_key, platform, version, build, branch, state, rollout_percent,"
            + " approvals, crash_free_rate, crash_free_at, rollout_changed_at, pending_command, pending_by, pending_at,"
            + " previous_build, revision, created_at, updated_at";

    private final Jdbc jdbc;

    JdbcReleaseStore(Jdbc jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public Release insert(Release release) {
        long id = jdbc.insert("INSERT INTO releases (app_key, platform, version, build, branch, state,"
                + " rollout_percent, approvals, crash_free_rate, crash_free_at, rollout_changed_at, pending_command,"
                + " pending_by, pending_at, previous_build, revision, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                values(release, release.createdAt(),
                        release.updatedAt()));
        return release.stored(id, 1);
    }

    private static Object[] values(Release release, Object... tail) {
        Object[] head = {release.app().value(), release.platform().key(), release.version(), release.build(),
                release.branch(), release.state().name(), release.rolloutPercent(), String.join(",",
                        new TreeSet<>(release.approvals())),
                release.crashFreeRate(), release.crashFreeAt(),
                release.rolloutChangedAt(), release.pending().map(pending -> ReleaseCommands.encode(pending.command())),
                release.pending().map(Release.Pending::requestedBy),
                release.pending().map(Release.Pending::requestedAt),
                release.previousBuild()};
        Object[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Override
    public Optional<Release> find(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM releases WHERE id = ?", JdbcReleaseStore::release, id);
    }

    @Override
    public Optional<Release> find(AppKey app, Platform platform, String version) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM releases WHERE app_key = ? AND platform = ? AND version = ?",
                JdbcReleaseStore::release, app.value(), platform.key(), version);
    }

    @Override
    public List<Release> list(AppKey app, Optional<Platform> platform, int limit) {
        return platform.isPresent()
                ? jdbc.query("SELECT " + COLUMNS + " FROM releases WHERE app_key = ? AND platform = ?"
                        + " ORDER BY created_at DESC, id DESC LIMIT ?", JdbcReleaseStore::release, app.value(),
                        platform.get().key(), limit)
                : jdbc.query("SELECT " + COLUMNS + " FROM releases WHERE app_key = ? ORDER BY created_at DESC, id DESC"
                        + " LIMIT ?", JdbcReleaseStore::release, app.value(), limit);
    }

    @Override
    public List<Release> inStates(Set<ReleaseState> states, long afterId, int limit) {
        if (states.isEmpty() || limit < 1 || limit > 1000) {
            throw MainlineException.invalid("releases are listed by one state or more, 1 to 1000 at a time, got %s"
                    + " and %d", states, limit);
        }
        List<String> names = states.stream().map(ReleaseState::name).sorted().toList();
        Object[] parameters = new Object[names.size() + 2];
        for (int i = 0; i < names.size(); i++) {
            parameters[i] = names.get(i);
        }
        parameters[names.size()] = afterId;
        parameters[names.size() + 1] = limit;
        return jdbc.query("SELECT " + COLUMNS + " FROM releases WHERE state IN (" + String.join(", ",
                Collections.nCopies(names.size(), "?")) + ") AND id > ? ORDER BY id LIMIT ?",
                JdbcReleaseStore::release, parameters);
    }

    @Override
    public boolean update(Release next, long expectedRevision) {
        Object[] parameters = values(next, next.updatedAt(), expectedRevision + 1, next.id(), expectedRevision);
        return jdbc.update("UPDATE releases SET app_key = ?, platform = ?, version = ?, build = ?, branch = ?,"
                + " state = ?, rollout_percent = ?, approvals = ?, crash_free_rate = ?, crash_free_at = ?,"
                + " rollout_changed_at = ?, pending_command = ?, pending_by = ?, pending_at = ?, previous_build = ?,"
                + " updated_at = ?, revision = ? WHERE id = ? AND revision = ?", parameters) == 1;
    }

    @Override
    public void addEvent(ReleaseEvent event) {
        jdbc.update("INSERT INTO release_events (release_id, at, actor, command, outcome, state, rollout_percent,"
                + " detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", event.releaseId(), event.at(), event.actor(),
                event.command(), event.outcome(), event.state().name(), event.rolloutPercent(), event.detail());
    }

    @Override
    public List<ReleaseEvent> events(long releaseId, int limit) {
        // The newest {@code limit}, given oldest first.
        return jdbc.query("SELECT release_id, at, actor, command, outcome, state, rollout_percent, detail FROM"
                + " (SELECT * FROM release_events WHERE release_id = ? ORDER BY id DESC LIMIT ?) newest ORDER BY id",
                row -> new ReleaseEvent(
                        row.getLong(1), Jdbc.instant(row, "at"), row.getString(3), row.getString(4),
                        row.getString(5), ReleaseState.valueOf(row.getString(6)), row.getDouble(7),
                        row.getString(8)),
                releaseId, limit);
    }

    @Override
    public Optional<Runbook> runbook(AppKey app) {
        return jdbc.queryOne("SELECT rollout_steps, required_approvals, min_crash_free_rate, two_person_halt,"
                + " two_person_full FROM release_runbooks WHERE app_key = ?",
                row -> new Runbook(
                        Arrays.stream(row.getString(1).split(",")).map(Double::valueOf).toList(), row.getInt(2),
                        row.getDouble(3), row.getBoolean(4), row.getBoolean(5)),
                app.value());
    }

    @Override
    public void saveRunbook(AppKey app, Runbook runbook, Instant at) {
        String steps = String.join(",", runbook.rolloutSteps().stream().map(String::valueOf).toList());
        if (jdbc.update("UPDATE release_runbooks SET rollout_steps = ?, required_approvals = ?,"
                + " min_crash_free_rate = ?, two_person_halt = ?, two_person_full = ?, updated_at = ?"
                + " WHERE app_key = ?", steps, runbook.requiredApprovals(), runbook.minCrashFreeRate(),
                runbook.twoPersonHalt(), runbook.twoPersonFull(), at, app.value()) == 0) {
            jdbc.update("INSERT INTO release_runbooks (app_key, rollout_steps, required_approvals,"
                    + " min_crash_free_rate, two_person_halt, two_person_full, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", app.value(), steps, runbook.requiredApprovals(),
                    runbook.minCrashFreeRate(), runbook.twoPersonHalt(), runbook.twoPersonFull(), at);
        }
    }

    @Override
    public boolean follow(long userId, AppKey app, Instant at) {
        if (jdbc.queryOne("SELECT 1 FROM release_follows WHERE user_id = ? AND app_key = ?", row -> 1, userId,
                app.value()).isPresent()) {
            return false;
        }
        try {
            jdbc.update("INSERT INTO release_follows (user_id, app_key, followed_at) VALUES (?, ?, ?)", userId,
                    app.value(), at);
            return true;
        } catch (dev.mainline.common.MainlineException e) {
            // Followed meanwhile by another request of the same user.
            if (e.errorCode() == dev.mainline.common.ErrorCode.ALREADY_EXISTS) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean unfollow(long userId, AppKey app) {
        return jdbc.update("DELETE FROM release_follows WHERE user_id = ? AND app_key = ?", userId, app.value()) > 0;
    }

    @Override
    public List<AppKey> followed(long userId) {
        return jdbc.query("SELECT app_key FROM release_follows WHERE user_id = ? ORDER BY app_key",
                row -> new AppKey(row.getString(1)), userId);
    }

    private static Release release(ResultSet row) throws SQLException {
        String approvals = row.getString("approvals");
        Set<String> logins = approvals.isEmpty() ? Set.of() : Set.of(approvals.split(","));
        Optional<Release.Pending> pending = Optional.ofNullable(row.getString("pending_command"))
                .map(command -> {
                    try {
                        return new Release.Pending(ReleaseCommands.decode(command), row.getString("pending_by"),
                                Jdbc.instant(row, "pending_at"));
                    } catch (SQLException e) {
                        throw Jdbc.translate(e);
                    }
                });
        return new Release(row.getLong("id"), new AppKey(row.getString("app_key")),
                Platform.fromKey(row.getString("platform")), row.getString("version"),
                Optional.ofNullable(row.getString("build")), row.getString("branch"),
                ReleaseState.valueOf(row.getString("state")), row.getDouble("rollout_percent"), logins,
                Optional.ofNullable((Double) row.getObject("crash_free_rate")),
                Optional.ofNullable(Jdbc.instant(row, "crash_free_at")),
                Optional.ofNullable(Jdbc.instant(row, "rollout_changed_at")), pending,
                Optional.ofNullable(row.getString("previous_build")), row.getLong("revision"),
                Jdbc.instant(row, "created_at"), Jdbc.instant(row, "updated_at"));
    }
}
