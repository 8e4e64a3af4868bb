package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import dev.mainline.common.Transactions;
import dev.mainline.logs.ExtractedFailure;
import dev.mainline.logs.FailureGroup;
import dev.mainline.logs.FailureKind;
import dev.mainline.logs.FailureOccurrence;
import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogKind;
import dev.mainline.logs.LogOutcome;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.LogStore;
import dev.mainline.logs.ReportedFailure;
import dev.mainline.logs.StoredLog;
import dev.mainline.logs.StoredOccurrence;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class JdbcLogStore implements LogStore {
    private static final String LOG_COLUMNS = "id, digest, repository, commit_id, branch, pull_request, job, attempt,"
            + " release_version, platform, kind, started_at, finished_at, outcome, bytes, line_count, received_at,"
            + " indexed_at, failures";
    private static final String GROUP_COLUMNS = "id, fingerprint, kind, title, signature, sample, first_seen,"
            + " last_seen, occurrences";
    private static final String OCCURRENCE_COLUMNS = "group_id, repository, commit_id, branch, pull_request, job,"
            + " release_version, log_id, line_number, test_name, seen_at";
    private static final String REPORTS_CURSOR = "test-reports";

    private final Jdbc jdbc;
    private final Transactions transactions;

    JdbcLogStore(Jdbc jdbc, Transactions transactions) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public StoredLog add(LogSource source, String digest, long bytes, long lines, Instant receivedAt) {
        long id = jdbc.insert("INSERT INTO logs (digest, repository, commit_id, branch, pull_request, job, attempt,"
                + " release_version, platform, kind, started_at, finished_at, outcome, log_time, bytes, line_count,"
                + " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", digest,
                source.repository().value(), source.commit(), source.branch(), source.pullRequest(), source.job(),
                source.attempt(), source.release(), source.platform(), source.kind().name(), source.startedAt(),
                source.finishedAt(), source.outcome().name(), source.time(receivedAt), bytes, lines, receivedAt);
        return new StoredLog(id, source, digest, bytes, lines, receivedAt, Optional.empty(), 0);
    }

    @Override
    public Optional<StoredLog> find(long id) {
        return jdbc.queryOne("SELECT " + LOG_COLUMNS + " FROM logs WHERE id = ?", JdbcLogStore::log, id);
    }

    @Override
    public Optional<StoredLog> findByDigest(String digest) {
        return jdbc.queryOne("SELECT " + LOG_COLUMNS + " FROM logs WHERE digest = ?", JdbcLogStore::log, digest);
    }

    @Override
    public List<StoredLog> unindexed(int limit) {
        return jdbc.query("SELECT " + LOG_COLUMNS + " FROM logs WHERE indexed_at IS NULL ORDER BY id LIMIT ?",
                JdbcLogStore::log, limit);
    }

    @Override
    public List<StoredLog> list(LogFilter filter, Optional<Long> beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + LOG_COLUMNS + " FROM logs WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        filter.repository().ifPresent(value -> condition(sql, parameters, " AND repository = ?", value.value()));
        filter.branch().ifPresent(value -> condition(sql, parameters, " AND branch = ?", value));
        filter.job().ifPresent(value -> condition(sql, parameters, " AND job = ?", value));
        filter.release().ifPresent(value -> condition(sql, parameters, " AND release_version = ?", value));
        filter.outcome().ifPresent(value -> condition(sql, parameters, " AND outcome = ?", value.name()));
        filter.from().ifPresent(value -> condition(sql, parameters, " AND log_time >= ?", value));
        filter.to().ifPresent(value -> condition(sql, parameters, " AND log_time < ?", value));
        beforeId.ifPresent(value -> {
            // The page after log {@code value} in the listing's own order: older, or as old with a lower id.
            sql.append(" AND (log_time < (SELECT b.log_time FROM logs b WHERE b.id = ?) OR (log_time ="
                    + " (SELECT b.log_time FROM logs b WHERE b.id = ?) AND id < ?))");
            parameters.add(value);
            parameters.add(value);
            parameters.add(value);
        });
        sql.append(" ORDER BY log_time DESC, id DESC LIMIT ?");
        parameters.add(limit);
        return jdbc.query(sql.toString(), JdbcLogStore::log, parameters.toArray());
    }

    private static void condition(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        sql.append(condition);
        parameters.add(value);
    }

    @Override
    public void indexed(long logId, Instant at, List<FailureOccurrence> failures) {
        transactions.inTransaction(() -> {
            jdbc.update("DELETE FROM failure_occurrences WHERE log_id = ?", logId);
            record(failures);
            jdbc.update("UPDATE logs SET indexed_at = ?, failures = ? WHERE id = ?", at, failures.size(), logId);
            return null;
        });
    }

    @Override
    public void recordReportedFailures(List<FailureOccurrence> failures, long throughRunId) {
        transactions.inTransaction(() -> {
            record(failures);
            if (jdbc.update("UPDATE failure_cursors SET position = ? WHERE name = ?", throughRunId,
                    REPORTS_CURSOR) == 0) {
                jdbc.update("INSERT INTO failure_cursors (name, position) VALUES (?, ?)", REPORTS_CURSOR,
                        throughRunId);
            }
            return null;
        });
    }

    /** Adds each occurrence to its group, making the group when it is the first. */
    private void record(List<FailureOccurrence> failures) {
        for (FailureOccurrence occurrence : failures) {
            ExtractedFailure failure = occurrence.failure();
            long groupId = jdbc.queryOne("SELECT id FROM failure_groups WHERE fingerprint = ?",
                    row -> row.getLong(1), failure.fingerprint())
                    .map(id -> {
                        jdbc.update("UPDATE failure_groups SET occurrences = occurrences + 1,"
                                + " first_seen = LEAST(first_seen, ?), last_seen = GREATEST(last_seen, ?),"
                                + " sample = CASE WHEN ? >= last_seen THEN ? ELSE sample END WHERE id = ?",
                                occurrence.at(), occurrence.at(), occurrence.at(), failure.excerpt(), id);
                        return id;
                    })
                    .orElseGet(() -> jdbc.insert("INSERT INTO failure_groups (fingerprint, kind, title, signature,"
                            + " sample, first_seen, last_seen, occurrences) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                            failure.fingerprint(), failure.kind().name(), failure.title(), failure.signature(),
                            failure.excerpt(), occurrence.at(), occurrence.at()));
            jdbc.update("INSERT INTO failure_occurrences (" + OCCURRENCE_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", groupId, occurrence.repository().value(),
                    occurrence.commit(), occurrence.branch(), occurrence.pullRequest(), occurrence.job(),
                    occurrence.release(), occurrence.logId(), failure.line(), occurrence.test(), occurrence.at());
        }
    }

    @Override
    public Optional<FailureGroup> group(long id) {
        return jdbc.queryOne("SELECT " + GROUP_COLUMNS + " FROM failure_groups WHERE id = ?", JdbcLogStore::group,
                id);
    }

    @Override
    public List<FailureGroup> groupsByFingerprint(Collection<String> fingerprints) {
        List<FailureGroup> groups = new ArrayList<>();
        List<String> all = List.copyOf(fingerprints);
        for (int start = 0; start < all.size(); start += 100) {
            List<String> part = all.subList(start, Math.min(all.size(), start + 100));
            groups.addAll(jdbc.query("SELECT " + GROUP_COLUMNS + " FROM failure_groups WHERE fingerprint IN ("
                    + "?, ".repeat(part.size() - 1) + "?)", JdbcLogStore::group, part.toArray()));
        }
        return groups;
    }

    @Override
    public List<FailureGroup> groupsAfter(long afterId, int limit) {
        return jdbc.query("SELECT " + GROUP_COLUMNS + " FROM failure_groups WHERE id > ? ORDER BY id LIMIT ?",
                JdbcLogStore::group, afterId, limit);
    }

    @Override
    public List<FailureGroup> groupsInRelease(String version, int limit) {
        return jdbc.query("SELECT g.id, g.fingerprint, g.kind, g.title, g.signature, g.sample, g.first_seen,"
                + " g.last_seen, g.occurrences FROM failure_groups g JOIN (SELECT group_id, COUNT(*) AS here"
                + " FROM failure_occurrences WHERE release_version = ? GROUP BY group_id) r ON r.group_id = g.id"
                + " ORDER BY r.here DESC, g.last_seen DESC LIMIT ?", JdbcLogStore::group, version, limit);
    }

    @Override
    public List<StoredOccurrence> occurrences(long groupId, int limit) {
        return jdbc.query("SELECT " + OCCURRENCE_COLUMNS + " FROM failure_occurrences WHERE group_id = ?"
                + " ORDER BY seen_at DESC, id DESC LIMIT ?", JdbcLogStore::occurrence, groupId, limit);
    }

    @Override
    public List<ReportedFailure> reportedFailuresAfter(long afterRunId, int runs) {
        return jdbc.query("SELECT r.id, r.repository, r.commit_id, r.branch, r.pull_request, r.job, t.class_name,"
                + " t.name, f.failure_type, f.message, f.stack_trace, f.failed_at FROM test_failures f"
                + " JOIN (SELECT id, repository, commit_id, branch, pull_request, job FROM test_runs"
                + " WHERE id > ? AND failed > 0 ORDER BY id LIMIT ?) r ON r.id = f.run_id"
                + " JOIN tests t ON t.id = f.test_id ORDER BY r.id, f.test_id, f.attempt",
                row -> new ReportedFailure(row.getLong(1), new RepositoryName(row.getString(2)), row.getString(3),
                        Optional.ofNullable(row.getString(4)), Optional.ofNullable((Integer) row.getObject(5)),
                        row.getString(6), testName(row.getString(7), row.getString(8)),
                        Optional.ofNullable(row.getString(9)), Optional.ofNullable(row.getString(10)),
                        Optional.ofNullable(row.getString(11)), Jdbc.instant(row, "failed_at")),
                afterRunId, runs);
    }

    private static String testName(String className, String name) {
        return className.isEmpty() ? name : className + "." + name;
    }

    @Override
    public long reportedFailuresCursor() {
        return jdbc.queryOne("SELECT position FROM failure_cursors WHERE name = ?", row -> row.getLong(1),
                REPORTS_CURSOR).orElse(0L);
    }

    @Override
    public List<StoredLog> receivedBefore(Instant cutoff, int limit) {
        return jdbc.query("SELECT " + LOG_COLUMNS + " FROM logs WHERE received_at < ? ORDER BY received_at, id"
                + " LIMIT ?", JdbcLogStore::log, cutoff, limit);
    }

    @Override
    public void delete(long id) {
        transactions.inTransaction(() -> {
            jdbc.update("DELETE FROM failure_occurrences WHERE log_id = ?", id);
            jdbc.update("DELETE FROM logs WHERE id = ?", id);
            return null;
        });
    }

    private static StoredLog log(ResultSet row) throws SQLException {
        LogSource source = new LogSource(new RepositoryName(row.getString("repository")),
                Optional.ofNullable(row.getString("commit_id")), Optional.ofNullable(row.getString("branch")),
                Optional.ofNullable((Integer) row.getObject("pull_request")), row.getString("job"),
                row.getInt("attempt"), Optional.ofNullable(row.getString("release_version")),
                Optional.ofNullable(row.getString("platform")), LogKind.valueOf(row.getString("kind")),
                Optional.ofNullable(Jdbc.instant(row, "started_at")),
                Optional.ofNullable(Jdbc.instant(row, "finished_at")), LogOutcome.valueOf(row.getString("outcome")));
        return new StoredLog(row.getLong("id"), source, row.getString("digest"), row.getLong("bytes"),
                row.getLong("line_count"), Jdbc.instant(row, "received_at"),
                Optional.ofNullable(Jdbc.instant(row, "indexed_at")), row.getInt("failures"));
    }

    private static FailureGroup group(ResultSet row) throws SQLException {
        return new FailureGroup(row.getLong(1), row.getString(2), FailureKind.valueOf(row.getString(3)),
                row.getString(4), row.getString(5), row.getString(6), Jdbc.instant(row, "first_seen"),
                Jdbc.instant(row, "last_seen"), row.getLong(9));
    }

    private static StoredOccurrence occurrence(ResultSet row) throws SQLException {
        return new StoredOccurrence(row.getLong("group_id"), new RepositoryName(row.getString("repository")),
                Optional.ofNullable(row.getString("commit_id")), Optional.ofNullable(row.getString("branch")),
                Optional.ofNullable((Integer) row.getObject("pull_request")),
                Optional.ofNullable(row.getString("job")), Optional.ofNullable(row.getString("release_version")),
                Optional.ofNullable((Long) row.getObject("log_id")), row.getLong("line_number"),
                Optional.ofNullable(row.getString("test_name")), Jdbc.instant(row, "seen_at"));
    }
}
