package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Transactions;
import dev.mainline.testresults.DailyCounts;
import dev.mainline.testresults.DailyTrend;
import dev.mainline.testresults.FailedAttempt;
import dev.mainline.testresults.Quarantine;
import dev.mainline.testresults.QuarantineState;
import dev.mainline.testresults.Flakiness;
import dev.mainline.testresults.StoredFailure;
import dev.mainline.testresults.StoredJob;
import dev.mainline.testresults.StoredHealth;
import dev.mainline.testresults.StoredReport;
import dev.mainline.testresults.StoredRun;
import dev.mainline.testresults.StoredTest;
import dev.mainline.testresults.TestAttempt;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestHealth;
import dev.mainline.testresults.TestOwner;
import dev.mainline.testresults.TestOutcome;
import dev.mainline.testresults.TestResultStore;
import dev.mainline.testresults.TestRun;
import dev.mainline.testresults.TestSet;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test results in the database, written in bulk: a report of tens of thousands of tests is a handful of statements
 * (identities looked up through {@link TestIdentities}, new ones inserted in one batch, failures in one batch, daily
 * counts in one upsert of arrays), so it is stored and queryable well within a second.
 */
final class JdbcTestResultStore implements TestResultStore {
    /** Ids and hashes are looked up in IN lists of this many: both engines use the index for those. */
    private static final int LOOKUP_CHUNK = 1_000;

    private final Jdbc jdbc;
    private final JdbcTransactions transactions;
    private final TestIdentities identities = new TestIdentities();

    JdbcTestResultStore(Jdbc jdbc, JdbcTransactions transactions) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public Optional<Long> findRun(RepositoryName repository, String digest) {
        return jdbc.queryOne("SELECT id FROM test_runs WHERE repository = ? AND digest = ?", row -> row.getLong("id"),
                repository.value(), digest);
    }

    @Override
    public StoredReport storeRun(TestRun run, String digest, String reportName, Instant at,
            List<TestCaseResult> tests) {
        boolean outermost = transactions.currentConnection() == null;
        String[] hashes = new String[tests.size()];
        for (int i = 0; i < hashes.length; i++) {
            TestCaseResult test = tests.get(i);
            hashes[i] = TestIdentities.hash(test.suite(), test.className(), test.name());
        }
        List<TestIdentities.Identity> created = new ArrayList<>();
        StoredReport stored = transactions.inTransaction(() -> jdbc.withConnection(connection -> {
            long[] ids = identify(connection, run.repository(), tests, hashes, created);
            int failed = (int) tests.stream().filter(test -> test.outcome().failed()).count();
            long jobId = job(run, tests.size(), failed, at);
            long setId = testSet(run.repository(), ids, tests);
            long runId = jdbc.insert("INSERT INTO test_runs (repository, commit_id, branch, pull_request, job, attempt,"
                    + " report_name, digest, tests, failed, received_at, job_id, test_set_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", run.repository().value(), run.commit(),
                    run.branch(), run.pullRequest(), run.job(), run.attempt(), reportName, digest, tests.size(),
                    failed, at, jobId, setId);
            insertFailures(connection, runId, ids, tests, at);
            addCounts(connection, ids, tests, Date.valueOf(LocalDate.ofInstant(at, ZoneOffset.UTC)));
            return new StoredReport(runId, jobId, setId, ids);
        }));
        if (outermost) {
            // Only committed identities are remembered: a rolled-back insert must be looked up again.
            identities.remember(run.repository(), created);
        }
        return stored;
    }

    /** The id of each test, in order: remembered, else looked up in one query per chunk, else inserted in a batch. */
    private long[] identify(Connection connection, RepositoryName repository, List<TestCaseResult> tests,
            String[] hashes, List<TestIdentities.Identity> created) throws SQLException {
        long[] ids = new long[tests.size()];
        List<Integer> unknown = new ArrayList<>();
        List<Long> fileLearned = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            TestIdentities.Identity known = identities.find(repository, hashes[i]);
            if (known == null) {
                unknown.add(i);
            } else {
                ids[i] = known.id();
                if (!known.hasFile() && tests.get(i).file().isPresent()) {
                    fileLearned.add(known.id());
                    files.add(tests.get(i).file().get());
                    created.add(new TestIdentities.Identity(hashes[i], known.id(), true));
                }
            }
        }
        if (!unknown.isEmpty()) {
            for (int start = 0; start < unknown.size(); start += LOOKUP_CHUNK) {
                List<Integer> chunk = unknown.subList(start, Math.min(unknown.size(), start + LOOKUP_CHUNK));
                lookUp(connection, repository, chunk, hashes, ids, created, tests, fileLearned, files);
            }
            insertIdentities(connection, repository, tests, hashes, ids, created);
        }
        if (!fileLearned.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE tests SET file = ? WHERE id = ? AND file IS NULL")) {
                for (int i = 0; i < fileLearned.size(); i++) {
                    update.setString(1, files.get(i));
                    update.setLong(2, fileLearned.get(i));
                    update.addBatch();
                }
                update.executeBatch();
            }
        }
        return ids;
    }

    private static void lookUp(Connection connection, RepositoryName repository, List<Integer> chunk,
            String[] hashes, long[] ids, List<TestIdentities.Identity> found, List<TestCaseResult> tests,
            List<Long> fileLearned, List<String> files) throws SQLException {
        java.util.Map<String, Integer> positions = new java.util.HashMap<>();
        String[] wanted = new String[chunk.size()];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = hashes[chunk.get(i)];
            positions.put(wanted[i], chunk.get(i));
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT id, identity_hash, file FROM tests"
                + " WHERE repository = ? AND identity_hash IN (" + placeholders(wanted.length) + ")")) {
            select.setString(1, repository.value());
            for (int i = 0; i < wanted.length; i++) {
                select.setString(i + 2, wanted[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String hash = rows.getString("identity_hash");
                    Integer position = positions.get(hash);
                    if (position == null) {
                        continue;
                    }
                    long id = rows.getLong("id");
                    ids[position] = id;
                    boolean hasFile = rows.getString("file") != null;
                    if (!hasFile && tests.get(position).file().isPresent()) {
                        fileLearned.add(id);
                        files.add(tests.get(position).file().get());
                        hasFile = true;
                    }
                    found.add(new TestIdentities.Identity(hash, id, hasFile));
                }
            }
        }
    }

    private static void insertIdentities(Connection connection, RepositoryName repository,
            List<TestCaseResult> tests, String[] hashes, long[] ids, List<TestIdentities.Identity> created)
            throws SQLException {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == 0) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tests (repository, identity_hash,"
                + " suite, class_name, name, file) VALUES (?, ?, ?, ?, ?, ?)", new String[]{"id"})) {
            for (int index : missing) {
                TestCaseResult test = tests.get(index);
                insert.setString(1, repository.value());
                insert.setString(2, hashes[index]);
                insert.setString(3, test.suite());
                insert.setString(4, test.className());
                insert.setString(5, test.name());
                insert.setString(6, test.file().orElse(null));
                insert.addBatch();
            }
            insert.executeBatch();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                for (int index : missing) {
                    if (!keys.next()) {
                        throw new IllegalStateException("fewer generated ids than new tests");
                    }
                    ids[index] = keys.getLong(1);
                    created.add(new TestIdentities.Identity(hashes[index], ids[index],
                            tests.get(index).file().isPresent()));
                }
            }
        }
    }

    private long job(TestRun run, int tests, int failed, Instant at) {
        int updated = jdbc.update("UPDATE test_jobs SET reports = reports + 1, tests = tests + ?, failed = failed + ?,"
                + " last_at = ?, author = COALESCE(author, ?) WHERE repository = ? AND commit_id = ? AND job = ?"
                + " AND attempt = ?", tests, failed, at, run.author(), run.repository().value(), run.commit(),
                run.job(), run.attempt());
        if (updated == 0) {
            return jdbc.insert("INSERT INTO test_jobs (repository, commit_id, job, attempt, branch, pull_request,"
                    + " author, reports, tests, failed, first_at, last_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)", run.repository().value(), run.commit(),
                    run.job(), run.attempt(), run.branch(), run.pullRequest(), run.author(), tests, failed, at, at);
        }
        return jdbc.queryOne("SELECT id FROM test_jobs WHERE repository = ? AND commit_id = ? AND job = ?"
                + " AND attempt = ?", row -> row.getLong("id"), run.repository().value(), run.commit(), run.job(),
                run.attempt()).orElseThrow();
    }

    private long testSet(RepositoryName repository, long[] ids, List<TestCaseResult> tests) {
        boolean[] skipped = new boolean[ids.length];
        for (int i = 0; i < skipped.length; i++) {
            skipped[i] = tests.get(i).outcome() == TestOutcome.SKIPPED;
        }
        byte[] members = TestSet.of(ids, skipped).encode();
        String hash = TestIdentities.sha256(members);
        Optional<Long> known = jdbc.queryOne("SELECT id FROM test_sets WHERE repository = ? AND set_hash = ?",
                row -> row.getLong("id"), repository.value(), hash);
        return known.orElseGet(() -> jdbc.insert("INSERT INTO test_sets (repository, set_hash, size, members)"
                + " VALUES (?, ?, ?, ?)", repository.value(), hash, ids.length, members));
    }

    private static void insertFailures(Connection connection, long runId, long[] ids, List<TestCaseResult> tests,
            Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO test_failures (run_id, test_id,"
                + " attempt, outcome, passed_later, failure_type, message, stack_trace, failed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int batched = 0;
            for (int i = 0; i < ids.length; i++) {
                List<TestAttempt> attempts = tests.get(i).attempts();
                for (int index = 0; index < attempts.size(); index++) {
                    TestAttempt attempt = attempts.get(index);
                    if (!attempt.outcome().failed()) {
                        continue;
                    }
                    Jdbc.bind(insert, new Object[]{runId, ids[i], index + 1, attempt.outcome().name(),
                            passedLater(attempts, index), attempt.failureType(), attempt.message(),
                            attempt.stackTrace(), at});
                    insert.addBatch();
                    batched++;
                }
            }
            if (batched > 0) {
                insert.executeBatch();
            }
        }
    }

    private static boolean passedLater(List<TestAttempt> attempts, int index) {
        return attempts.subList(index + 1, attempts.size()).stream()
                .anyMatch(attempt -> attempt.outcome() == TestOutcome.PASSED);
    }

    /** Adds each test's attempts to its row for the day: one statement whatever the number of tests. */
    private void addCounts(Connection connection, long[] ids, List<TestCaseResult> tests, Date day)
            throws SQLException {
        Long[] testIds = new Long[ids.length];
        Integer[] passed = new Integer[ids.length];
        Integer[] failed = new Integer[ids.length];
        Integer[] skipped = new Integer[ids.length];
        // Rows in id order, so two reports written at once lock them in the same order and cannot deadlock.
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (left, right) -> Long.compare(ids[left], ids[right]));
        for (int position = 0; position < ids.length; position++) {
            int i = order[position];
            testIds[position] = ids[i];
            int pass = 0;
            int fail = 0;
            int skip = 0;
            for (TestAttempt attempt : tests.get(i).attempts()) {
                switch (attempt.outcome()) {
                    case PASSED -> pass++;
                    case SKIPPED -> skip++;
                    case FAILED, ERROR -> fail++;
                }
            }
            passed[position] = pass;
            failed[position] = fail;
            skipped[position] = skip;
        }
        String sql = switch (jdbc.dialect()) {
            case POSTGRESQL -> "INSERT INTO test_daily_counts (test_id, run_day, passed, failed, skipped)"
                    + " SELECT n.t, ?, n.p, n.f, n.s FROM unnest(?::bigint[], ?::int[], ?::int[], ?::int[])"
                    + " AS n(t, p, f, s) ON CONFLICT (test_id, run_day) DO UPDATE SET"
                    + " passed = test_daily_counts.passed + EXCLUDED.passed,"
                    + " failed = test_daily_counts.failed + EXCLUDED.failed,"
                    + " skipped = test_daily_counts.skipped + EXCLUDED.skipped";
            case H2 -> "MERGE INTO test_daily_counts c USING (SELECT CAST(? AS DATE) AS d, n.t, n.p, n.f, n.s"
                    + " FROM UNNEST(CAST(? AS BIGINT ARRAY), CAST(? AS INTEGER ARRAY), CAST(? AS INTEGER ARRAY),"
                    + " CAST(? AS INTEGER ARRAY)) AS n(t, p, f, s)) AS n"
                    + " ON c.test_id = n.t AND c.run_day = n.d"
                    + " WHEN MATCHED THEN UPDATE SET passed = c.passed + n.p, failed = c.failed + n.f,"
                    + " skipped = c.skipped + n.s"
                    + " WHEN NOT MATCHED THEN INSERT (test_id, run_day, passed, failed, skipped)"
                    + " VALUES (n.t, n.d, n.p, n.f, n.s)";
        };
        try (PreparedStatement upsert = connection.prepareStatement(sql)) {
            upsert.setDate(1, day);
            upsert.setArray(2, connection.createArrayOf("BIGINT", testIds));
            upsert.setArray(3, connection.createArrayOf("INTEGER", passed));
            upsert.setArray(4, connection.createArrayOf("INTEGER", failed));
            upsert.setArray(5, connection.createArrayOf("INTEGER", skipped));
            upsert.executeUpdate();
        }
    }

    @Override
    public Optional<StoredTest> findTest(RepositoryName repository, String suite, String className, String name) {
        return jdbc.queryOne("SELECT id, repository, suite, class_name, name, file FROM tests"
                + " WHERE repository = ? AND identity_hash = ?", JdbcTestResultStore::test, repository.value(),
                TestIdentities.hash(suite, className, name));
    }

    @Override
    public Optional<StoredTest> test(long testId) {
        return jdbc.queryOne("SELECT id, repository, suite, class_name, name, file FROM tests WHERE id = ?",
                JdbcTestResultStore::test, testId);
    }

    @Override
    public List<StoredTest> tests(Collection<Long> testIds) {
        List<StoredTest> tests = new ArrayList<>();
        List<Long> ids = List.copyOf(testIds);
        for (int start = 0; start < ids.size(); start += LOOKUP_CHUNK) {
            List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + LOOKUP_CHUNK));
            tests.addAll(jdbc.query("SELECT id, repository, suite, class_name, name, file FROM tests WHERE id IN ("
                    + placeholders(chunk.size()) + ")", JdbcTestResultStore::test, chunk.toArray()));
        }
        return tests;
    }

    private static StoredTest test(ResultSet row) throws SQLException {
        return new StoredTest(row.getLong("id"), new RepositoryName(row.getString("repository")),
                row.getString("suite"), row.getString("class_name"), row.getString("name"),
                Jdbc.optionalString(row, "file"));
    }

    @Override
    public Optional<StoredJob> job(RepositoryName repository, String commit, String job, int attempt) {
        return jdbc.queryOne("SELECT id, repository, commit_id, job, attempt, branch, pull_request, author, reports,"
                + " tests, failed, first_at, last_at FROM test_jobs WHERE repository = ? AND commit_id = ?"
                + " AND job = ? AND attempt = ?",
                row -> new StoredJob(row.getLong("id"), new TestRun(
                        new RepositoryName(row.getString("repository")), row.getString("commit_id"),
                        Jdbc.optionalString(row, "branch"),
                        Optional.ofNullable(row.getObject("pull_request", Integer.class)), row.getString("job"),
                        row.getInt("attempt"), Jdbc.optionalString(row, "author")), row.getInt("reports"),
                        row.getInt("tests"), row.getInt("failed"), Jdbc.instant(row, "first_at"),
                        Jdbc.instant(row, "last_at")),
                repository.value(), commit, job, attempt);
    }

    @Override
    public List<StoredFailure> jobFailures(long jobId, int limit) {
        return jdbc.query("SELECT f.run_id, f.test_id, f.attempt, f.outcome, f.passed_later, f.failure_type,"
                + " f.message, f.stack_trace, f.failed_at FROM test_failures f JOIN test_runs r ON r.id = f.run_id"
                + " WHERE r.job_id = ? ORDER BY f.run_id, f.test_id, f.attempt LIMIT ?", JdbcTestResultStore::failure,
                jobId, limit);
    }

    @Override
    public List<StoredFailure> failures(long testId, int limit) {
        return jdbc.query("SELECT run_id, test_id, attempt, outcome, passed_later, failure_type, message, stack_trace,"
                + " failed_at FROM test_failures WHERE test_id = ? ORDER BY failed_at DESC, run_id DESC, attempt DESC"
                + " LIMIT ?", JdbcTestResultStore::failure, testId, limit);
    }

    @Override
    public List<FailedAttempt> failedAttemptsSince(Collection<Long> testIds, Instant since) {
        List<FailedAttempt> failures = new ArrayList<>();
        List<Long> ids = List.copyOf(testIds);
        for (int start = 0; start < ids.size(); start += LOOKUP_CHUNK) {
            List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + LOOKUP_CHUNK));
            List<Object> parameters = new ArrayList<>(chunk);
            parameters.add(since);
            failures.addAll(jdbc.query("SELECT run_id, test_id, attempt, outcome, passed_later FROM test_failures"
                    + " WHERE test_id IN (" + placeholders(chunk.size()) + ") AND failed_at >= ?",
                    row -> new FailedAttempt(row.getLong("run_id"), row.getLong("test_id"), row.getInt("attempt"),
                            TestOutcome.valueOf(row.getString("outcome")), row.getBoolean("passed_later")),
                    parameters.toArray()));
        }
        return failures;
    }

    private static StoredFailure failure(ResultSet row) throws SQLException {
        return new StoredFailure(row.getLong("run_id"), row.getLong("test_id"), row.getInt("attempt"),
                TestOutcome.valueOf(row.getString("outcome")), row.getBoolean("passed_later"),
                Jdbc.optionalString(row, "failure_type"), Jdbc.optionalString(row, "message"),
                Jdbc.optionalString(row, "stack_trace"), Jdbc.instant(row, "failed_at"));
    }

    @Override
    public Optional<DailyCounts> counts(long testId, LocalDate day) {
        return jdbc.queryOne("SELECT test_id, run_day, passed, failed, skipped FROM test_daily_counts"
                + " WHERE test_id = ? AND run_day = ?",
                row -> new DailyCounts(row.getLong("test_id"),
                        row.getDate("run_day").toLocalDate(), row.getLong("passed"), row.getLong("failed"),
                        row.getLong("skipped")),
                testId, Date.valueOf(day));
    }

    @Override
    public Optional<TestSet> testSet(long testSetId) {
        return jdbc.queryOne("SELECT members FROM test_sets WHERE id = ?", row -> TestSet.decode(row.getBytes(1)),
                testSetId);
    }

    @Override
    public List<Long> testSetsSince(RepositoryName repository, Instant since) {
        return jdbc.query("SELECT DISTINCT test_set_id FROM test_runs WHERE repository = ? AND received_at >= ?"
                + " AND test_set_id IS NOT NULL ORDER BY test_set_id", row -> row.getLong(1), repository.value(),
                since);
    }

    @Override
    public List<StoredRun> runsWithTestSets(Collection<Long> testSetIds, Instant since) {
        List<Long> ids = List.copyOf(testSetIds);
        List<StoredRun> runs = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += LOOKUP_CHUNK) {
            List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + LOOKUP_CHUNK));
            List<Object> parameters = new ArrayList<>(chunk);
            parameters.add(since);
            runs.addAll(jdbc.query("SELECT r.id, r.job_id, r.commit_id, r.branch, r.received_at, r.test_set_id,"
                    + " j.tests, j.failed FROM test_runs r JOIN test_jobs j ON j.id = r.job_id"
                    + " WHERE r.test_set_id IN (" + placeholders(chunk.size()) + ") AND r.received_at >= ?",
                    row -> new StoredRun(row.getLong("id"), row.getLong("job_id"), row.getString("commit_id"),
                            Jdbc.optionalString(row, "branch"), Jdbc.instant(row, "received_at"),
                            row.getLong("test_set_id"), row.getInt("tests"), row.getInt("failed")),
                    parameters.toArray()));
        }
        runs.sort(Comparator.comparing(StoredRun::at).thenComparingLong(StoredRun::id));
        return runs;
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    @Override
    public void recordHealth(Map<Long, Flakiness> classified, Instant at) {
        if (classified.isEmpty()) {
            return;
        }
        int[] updated = jdbc.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE tests SET health = ?, flakiness = ?,"
                    + " health_reasons = ?, health_at = ? WHERE id = ?")) {
                for (Map.Entry<Long, Flakiness> entry : classified.entrySet()) {
                    Flakiness flakiness = entry.getValue();
                    String reasons = String.join("\n", flakiness.reasons());
                    Jdbc.bind(update, new Object[]{flakiness.health().name(), flakiness.score(),
                            reasons.length() > 2000 ? reasons.substring(0, 2000) : reasons, at, entry.getKey()});
                    update.addBatch();
                }
                return update.executeBatch();
            }
        });
        List<Long> ids = List.copyOf(classified.keySet());
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                throw MainlineException.notFound("test %d does not exist", ids.get(i));
            }
        }
    }

    @Override
    public Optional<StoredHealth> health(long testId) {
        return jdbc.queryOne("SELECT id, health, flakiness, health_reasons, health_at FROM tests WHERE id = ?"
                + " AND health_at IS NOT NULL", JdbcTestResultStore::health, testId);
    }

    @Override
    public List<Long> testsFailedOnBranch(Optional<RepositoryName> repository, String branch, int limit) {
        String select = "SELECT f.test_id, MAX(f.failed_at) AS last_failed FROM test_failures f"
                + " JOIN test_runs r ON r.id = f.run_id WHERE r.branch = ?";
        String order = " GROUP BY f.test_id ORDER BY last_failed DESC, f.test_id LIMIT ?";
        return repository.isPresent()
                ? jdbc.query(select + " AND r.repository = ?" + order, row -> row.getLong(1), branch,
                        repository.get().value(), limit)
                : jdbc.query(select + order, row -> row.getLong(1), branch, limit);
    }

    @Override
    public List<StoredTest> testsOf(RepositoryName repository) {
        return jdbc.query("SELECT id, repository, suite, class_name, name, file FROM tests WHERE repository = ?"
                + " ORDER BY id", JdbcTestResultStore::test, repository.value());
    }

    @Override
    public Optional<String> ownershipVersion(RepositoryName repository) {
        return jdbc.queryOne("SELECT version FROM test_ownership_versions WHERE repository = ?",
                row -> row.getString(1), repository.value());
    }

    @Override
    public void replaceOwnership(RepositoryName repository, String version, Map<Long, TestOwner> owners,
            Instant at) {
        transactions.inTransaction(() -> jdbc.withConnection(connection -> {
            jdbc.update("DELETE FROM test_owners WHERE repository = ?", repository.value());
            jdbc.update("UPDATE tests SET path = NULL WHERE repository = ? AND path IS NOT NULL", repository.value());
            try (PreparedStatement path = connection.prepareStatement("UPDATE tests SET path = ? WHERE id = ?");
                    PreparedStatement owner = connection.prepareStatement("INSERT INTO test_owners (test_id,"
                            + " repository, owner) SELECT id, repository, ? FROM tests WHERE id = ? AND repository = ?")) {
                for (Map.Entry<Long, TestOwner> entry : owners.entrySet()) {
                    if (entry.getValue().path().isPresent()) {
                        path.setString(1, entry.getValue().path().get());
                        path.setLong(2, entry.getKey());
                        path.addBatch();
                    }
                    for (String name : new java.util.LinkedHashSet<>(entry.getValue().owners())) {
                        owner.setString(1, name);
                        owner.setLong(2, entry.getKey());
                        owner.setString(3, repository.value());
                        owner.addBatch();
                    }
                }
                path.executeBatch();
                owner.executeBatch();
            }
            if (jdbc.update("UPDATE test_ownership_versions SET version = ?, refreshed_at = ? WHERE repository = ?",
                    version, at, repository.value()) == 0) {
                jdbc.update("INSERT INTO test_ownership_versions (repository, version, refreshed_at) VALUES (?, ?, ?)",
                        repository.value(), version, at);
            }
            return null;
        }));
    }

    @Override
    public List<Long> flakyTestsOwnedBy(String owner) {
        return jdbc.query("SELECT t.id FROM test_owners o JOIN tests t ON t.id = o.test_id WHERE o.owner = ?"
                + " AND t.health = 'FLAKY' ORDER BY t.id", row -> row.getLong(1), owner);
    }

    @Override
    public List<Long> flakyTestsFailedFor(Collection<String> authors, Instant since) {
        if (authors.isEmpty()) {
            return List.of();
        }
        List<Object> parameters = new ArrayList<>(authors);
        parameters.add(since);
        return jdbc.query("SELECT DISTINCT t.id FROM test_jobs j JOIN test_runs r ON r.job_id = j.id"
                + " JOIN test_failures f ON f.run_id = r.id JOIN tests t ON t.id = f.test_id"
                + " WHERE j.author IN (" + placeholders(authors.size()) + ") AND j.first_at >= ?"
                + " AND t.health = 'FLAKY' ORDER BY t.id", row -> row.getLong(1), parameters.toArray());
    }

    @Override
    public List<Long> flakyTestsIn(RepositoryName repository, Collection<String> paths) {
        List<Long> ids = new ArrayList<>();
        List<String> all = List.copyOf(paths);
        for (int start = 0; start < all.size(); start += LOOKUP_CHUNK) {
            List<Object> parameters = new ArrayList<>();
            parameters.add(repository.value());
            parameters.addAll(all.subList(start, Math.min(all.size(), start + LOOKUP_CHUNK)));
            ids.addAll(jdbc.query("SELECT id FROM tests WHERE repository = ? AND path IN ("
                    + placeholders(parameters.size() - 1) + ") AND health = 'FLAKY' ORDER BY id",
                    row -> row.getLong(1), parameters.toArray()));
        }
        return ids;
    }

    @Override
    public List<DailyTrend> trends(RepositoryName repository, Optional<String> team, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        // Days are counted from the epoch in UTC, whatever the session's time zone.
        String day = "FLOOR(EXTRACT(EPOCH FROM %s) / 86400)";
        Map<Long, int[]> days = new java.util.TreeMap<>();
        for (long epochDay = from.toEpochDay(); epochDay <= to.toEpochDay(); epochDay++) {
            days.put(epochDay, new int[4]);
        }
        jdbc.query("SELECT " + day.formatted("first_at") + " AS d, COUNT(*) AS jobs FROM test_jobs"
                + " WHERE repository = ? AND first_at >= ? AND first_at < ? GROUP BY " + day.formatted("first_at"),
                row -> add(days, row.getLong("d"), 0, row.getInt("jobs")), repository.value(), start, end);
        String owned = team.isPresent() ? " JOIN test_owners o ON o.test_id = f.test_id AND o.owner = ?" : "";
        List<Object> parameters = new ArrayList<>();
        team.ifPresent(parameters::add);
        parameters.addAll(List.of(repository.value(), start, end));
        jdbc.query("SELECT " + day.formatted("j.first_at") + " AS d, COUNT(DISTINCT j.id) AS failed_jobs"
                + " FROM test_jobs j JOIN test_runs r ON r.job_id = j.id JOIN test_failures f ON f.run_id = r.id"
                + owned + " WHERE j.repository = ? AND j.first_at >= ? AND j.first_at < ? AND f.passed_later = FALSE"
                + " GROUP BY " + day.formatted("j.first_at"),
                row -> add(days, row.getLong("d"), 1, row.getInt("failed_jobs")), parameters.toArray());
        jdbc.query("SELECT " + day.formatted("f.failed_at") + " AS d, COUNT(*) AS failures,"
                + " SUM(CASE WHEN f.passed_later OR t.health = 'FLAKY' THEN 1 ELSE 0 END) AS flaky"
                + " FROM test_failures f JOIN tests t ON t.id = f.test_id" + owned
                + " WHERE t.repository = ? AND f.failed_at >= ? AND f.failed_at < ?"
                + " GROUP BY " + day.formatted("f.failed_at"), row -> {
                    add(days, row.getLong("d"), 2, row.getInt("failures"));
                    return add(days, row.getLong("d"), 3, row.getInt("flaky"));
                }, parameters.toArray());
        return days.entrySet().stream().map(entry -> new DailyTrend(LocalDate.ofEpochDay(entry.getKey()),
                entry.getValue()[0], entry.getValue()[1], entry.getValue()[2], entry.getValue()[3])).toList();
    }

    private static int add(Map<Long, int[]> days, long epochDay, int field, int value) {
        int[] counts = days.get(epochDay);
        if (counts != null) {
            counts[field] += value;
        }
        return value;
    }

    @Override
    public void saveQuarantine(Quarantine quarantine) {
        transactions.inTransaction(() -> {
            jdbc.update("DELETE FROM test_quarantines WHERE test_id = ?", quarantine.testId());
            int inserted = jdbc.update(
                    "INSERT INTO test_quarantines (test_id, repository, state, owner, reason, ticket,"
                            + " expires_at, changed_by, changed_at) SELECT id, repository, ?, ?, ?, ?, ?, ?, ? FROM tests"
                            + " WHERE id = ?",
                    quarantine.state().name(), quarantine.owner(), quarantine.reason(),
                    quarantine.ticket(), quarantine.expiresAt(), quarantine.changedBy(), quarantine.changedAt(),
                    quarantine.testId());
            if (inserted == 0) {
                throw MainlineException.notFound("test %d does not exist", quarantine.testId());
            }
            return null;
        });
    }

    @Override
    public Optional<Quarantine> quarantine(long testId) {
        return jdbc.queryOne("SELECT test_id, state, owner, reason, ticket, expires_at, changed_by, changed_at"
                + " FROM test_quarantines WHERE test_id = ?", JdbcTestResultStore::quarantine, testId);
    }

    @Override
    public List<Quarantine> quarantines(RepositoryName repository) {
        return jdbc.query("SELECT test_id, state, owner, reason, ticket, expires_at, changed_by, changed_at"
                + " FROM test_quarantines WHERE repository = ? ORDER BY test_id", JdbcTestResultStore::quarantine,
                repository.value());
    }

    private static Quarantine quarantine(ResultSet row) throws SQLException {
        return new Quarantine(row.getLong("test_id"), QuarantineState.valueOf(row.getString("state")),
                Jdbc.optionalString(row, "owner"), row.getString("reason"), Jdbc.optionalString(row, "ticket"),
                Optional.ofNullable(Jdbc.instant(row, "expires_at")), row.getString("changed_by"),
                Jdbc.instant(row, "changed_at"));
    }

    private static StoredHealth health(ResultSet row) throws SQLException {
        String reasons = row.getString("health_reasons");
        return new StoredHealth(row.getLong("id"), TestHealth.valueOf(row.getString("health")),
                row.getDouble("flakiness"),
                reasons == null || reasons.isEmpty() ? List.of() : Arrays.asList(reasons.split("\n")),
                Jdbc.instant(row, "health_at"));
    }

    @Override
    public List<StoredHealth> testsNotHealthy(RepositoryName repository) {
        return jdbc.query("SELECT id, health, flakiness, health_reasons, health_at FROM tests WHERE repository = ?"
                + " AND health <> 'HEALTHY' ORDER BY id", JdbcTestResultStore::health, repository.value());
    }
}
