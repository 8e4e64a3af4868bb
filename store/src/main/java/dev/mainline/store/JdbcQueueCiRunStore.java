package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Transactions;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiBuild;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.QueueCiRun;
import dev.mainline.mergequeue.QueueCiRunStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcQueueCiRunStore implements QueueCiRunStore {
    private static final String COLUMNS = "id, repository, build_id, commit_id, attempt, started_at, finished_at,"
            + " outcome, log_id, reports";
    /** Two servers never run one repository's queue, but a lost race for an attempt number is simply run again. */
    private static final int TRIES = 3;
    private static final int LOOKUP_CHUNK = 500;

    private final Jdbc jdbc;
    private final Transactions transactions;

    JdbcQueueCiRunStore(Jdbc jdbc, Transactions transactions) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public QueueCiRun started(RepositoryName repository, CiBuild build, Instant at) {
        for (int tried = 1;; tried++) {
            try {
                return transactions.inTransaction(() -> insert(repository, build, at));
            } catch (MainlineException e) {
                if (e.errorCode() != ErrorCode.ALREADY_EXISTS || tried == TRIES) {
                    throw e;
                }
            }
        }
    }

    private QueueCiRun insert(RepositoryName repository, CiBuild build, Instant at) {
        int attempt = jdbc.queryOne("SELECT COALESCE(MAX(attempt), 0) AS last FROM queue_ci_runs"
                + " WHERE repository = ? AND commit_id = ?", row -> row.getInt("last"), repository.value(),
                build.commit()).orElse(0) + 1;
        long id = jdbc.insert("INSERT INTO queue_ci_runs (repository, build_id, commit_id, attempt, started_at)"
                + " VALUES (?, ?, ?, ?, ?)", repository.value(), build.id().value(), build.commit(), attempt, at);
        List<Integer> pullRequests = build.pullRequests();
        for (int index = 0; index < pullRequests.size(); index++) {
            jdbc.update("INSERT INTO queue_ci_run_pull_requests (run_id, entry_index, pull_request) VALUES (?, ?, ?)",
                    id, index, pullRequests.get(index));
        }
        return find(id).orElseThrow();
    }

    @Override
    public QueueCiRun finished(long id, CiOutcome outcome, Optional<Long> log, int reports, Instant at) {
        int updated = jdbc.update("UPDATE queue_ci_runs SET finished_at = ?, outcome = ?, log_id = ?, reports = ?"
                + " WHERE id = ?", at, outcome.name(), log, reports, id);
        if (updated == 0) {
            throw MainlineException.notFound("the queue's CI run %d does not exist", id);
        }
        return find(id).orElseThrow();
    }

    @Override
    public Optional<QueueCiRun> latest(RepositoryName repository, BuildId build, String commit) {
        return withPullRequests(jdbc.query("SELECT " + COLUMNS + " FROM queue_ci_runs WHERE repository = ?"
                + " AND build_id = ? AND commit_id = ? ORDER BY id DESC LIMIT 1", JdbcQueueCiRunStore::run,
                repository.value(), build.value(), commit)).stream().findFirst();
    }

    @Override
    public Optional<QueueCiRun> latestOfCommit(RepositoryName repository, String commit) {
        return withPullRequests(jdbc.query("SELECT " + COLUMNS + " FROM queue_ci_runs WHERE repository = ?"
                + " AND commit_id = ? ORDER BY id DESC LIMIT 1", JdbcQueueCiRunStore::run, repository.value(),
                commit)).stream().findFirst();
    }

    @Override
    public List<QueueCiRun> ofBuilds(RepositoryName repository, Collection<BuildId> builds) {
        List<Long> ids = builds.stream().map(BuildId::value).distinct().toList();
        List<QueueCiRun> runs = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += LOOKUP_CHUNK) {
            List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + LOOKUP_CHUNK));
            List<Object> parameters = new ArrayList<>();
            parameters.add(repository.value());
            parameters.addAll(chunk);
            runs.addAll(jdbc.query("SELECT " + COLUMNS + " FROM queue_ci_runs WHERE repository = ? AND build_id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")",
                    JdbcQueueCiRunStore::run, parameters.toArray()));
        }
        runs.sort(java.util.Comparator.comparingLong(QueueCiRun::id));
        return withPullRequests(runs);
    }

    private Optional<QueueCiRun> find(long id) {
        return withPullRequests(jdbc.query("SELECT " + COLUMNS + " FROM queue_ci_runs WHERE id = ?",
                JdbcQueueCiRunStore::run, id)).stream().findFirst();
    }

    /** The runs with the pull requests their builds held, read in one query per chunk of runs. */
    private List<QueueCiRun> withPullRequests(List<QueueCiRun> runs) {
        Map<Long, List<Integer>> held = new HashMap<>();
        for (int start = 0; start < runs.size(); start += LOOKUP_CHUNK) {
            List<QueueCiRun> chunk = runs.subList(start, Math.min(runs.size(), start + LOOKUP_CHUNK));
            jdbc.query("SELECT run_id, pull_request FROM queue_ci_run_pull_requests WHERE run_id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                    + ") ORDER BY run_id, entry_index",
                    row -> held.computeIfAbsent(row.getLong("run_id"),
                            id -> new ArrayList<>()).add(row.getInt("pull_request")),
                    chunk.stream().map(QueueCiRun::id).toArray());
        }
        return runs.stream().map(run -> new QueueCiRun(run.id(), run.repository(), run.build(), run.commit(),
                held.getOrDefault(run.id(), List.of()), run.attempt(), run.startedAt(), run.finishedAt(),
                run.outcome(), run.log(), run.reports())).toList();
    }

    private static QueueCiRun run(ResultSet row) throws SQLException {
        long log = row.getLong("log_id");
        Optional<Long> kept = row.wasNull() ? Optional.empty() : Optional.of(log);
        return new QueueCiRun(row.getLong("id"), new RepositoryName(row.getString("repository")),
                new BuildId(row.getLong("build_id")), row.getString("commit_id"), List.of(), row.getInt("attempt"),
                Jdbc.instant(row, "started_at"), Optional.ofNullable(Jdbc.instant(row, "finished_at")),
                Jdbc.optionalString(row, "outcome").map(CiOutcome::valueOf), kept, row.getInt("reports"));
    }
}
