package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import dev.mainline.common.Transactions;
import dev.mainline.testresults.DailyCounts;
import dev.mainline.testresults.StoredFailure;
import dev.mainline.testresults.StoredTest;
import dev.mainline.testresults.TestAttempt;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestOutcome;
import dev.mainline.testresults.TestResultStore;
import dev.mainline.testresults.TestRun;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

final class JdbcTestResultStore implements TestResultStore {
    private final Jdbc jdbc;
    private final Transactions transactions;

    JdbcTestResultStore(Jdbc jdbc, Transactions transactions) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public Optional<Long> findRun(RepositoryName repository, String digest) {
        return jdbc.queryOne("SELECT id FROM test_runs WHERE repository = ? AND digest = ?", row -> row.getLong("id"),
                repository.value(), digest);
    }

    @Override
    public long storeRun(TestRun run, String digest, String reportName, Instant at, List<TestCaseResult> tests) {
        long failed = tests.stream().filter(test -> test.outcome().failed()).count();
        Date day = Date.valueOf(LocalDate.ofInstant(at, ZoneOffset.UTC));
        return transactions.inTransaction(() -> {
            long runId = jdbc.insert("INSERT INTO test_runs (repository, commit_id, branch, pull_request, job, attempt,"
                    + " report_name, digest, tests, failed, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    run.repository().value(), run.commit(), run.branch(), run.pullRequest(), run.job(), run.attempt(),
                    reportName, digest, tests.size(), (int) failed, at);
            for (TestCaseResult test : tests) {
                long testId = identity(run.repository(), test);
                int passed = 0;
                int failures = 0;
                int skipped = 0;
                List<TestAttempt> attempts = test.attempts();
                for (int index = 0; index < attempts.size(); index++) {
                    TestAttempt attempt = attempts.get(index);
                    switch (attempt.outcome()) {
                        case PASSED -> passed++;
                        case SKIPPED -> skipped++;
                        case FAILED, ERROR -> {
                            failures++;
                            jdbc.update("INSERT INTO test_failures (run_id, test_id, attempt, outcome, passed_later,"
                                    + " failure_type, message, stack_trace, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                    runId, testId, index + 1, attempt.outcome().name(), passedLater(attempts, index),
                                    attempt.failureType(), attempt.message(), attempt.stackTrace(), at);
                        }
                    }
                }
                count(testId, day, passed, failures, skipped);
            }
            return runId;
        });
    }

    private static boolean passedLater(List<TestAttempt> attempts, int index) {
        return attempts.subList(index + 1, attempts.size()).stream()
                .anyMatch(attempt -> attempt.outcome() == TestOutcome.PASSED);
    }

    private long identity(RepositoryName repository, TestCaseResult test) {
        String hash = identityHash(test.suite(), test.className(), test.name());
        Optional<Long> known = jdbc.queryOne("SELECT id FROM tests WHERE repository = ? AND identity_hash = ?",
                row -> row.getLong("id"), repository.value(), hash);
        if (known.isPresent()) {
            if (test.file().isPresent()) {
                jdbc.update("UPDATE tests SET file = ? WHERE id = ? AND file IS NULL", test.file(), known.get());
            }
            return known.get();
        }
        return jdbc.insert("INSERT INTO tests (repository, identity_hash, suite, class_name, name, file)"
                + " VALUES (?, ?, ?, ?, ?, ?)", repository.value(), hash, test.suite(), test.className(), test.name(),
                test.file());
    }

    private void count(long testId, Date day, int passed, int failed, int skipped) {
        int updated = jdbc.update("UPDATE test_daily_counts SET passed = passed + ?, failed = failed + ?,"
                + " skipped = skipped + ? WHERE test_id = ? AND run_day = ?", passed, failed, skipped, testId, day);
        if (updated == 0) {
            jdbc.update(
                    "INSERT INTO test_daily_counts (test_id, run_day, passed, failed, skipped) VALUES (?, ?, ?, ?, ?)",
                    testId, day, passed, failed, skipped);
        }
    }

    static String identityHash(String suite, String className, String name) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(suite, className, name)) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update((byte) (bytes.length >>> 24));
                sha.update((byte) (bytes.length >>> 16));
                sha.update((byte) (bytes.length >>> 8));
                sha.update((byte) bytes.length);
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<StoredTest> findTest(RepositoryName repository, String suite, String className, String name) {
        return jdbc.queryOne("SELECT id, repository, suite, class_name, name, file FROM tests"
                + " WHERE repository = ? AND identity_hash = ?",
                row -> new StoredTest(row.getLong("id"),
                        new RepositoryName(row.getString("repository")), row.getString("suite"),
                        row.getString("class_name"), row.getString("name"), Jdbc.optionalString(row, "file")),
                repository.value(), identityHash(suite, className, name));
    }

    @Override
    public List<StoredFailure> failures(long testId, int limit) {
        return jdbc.query("SELECT run_id, test_id, attempt, outcome, passed_later, failure_type, message, stack_trace,"
                + " failed_at FROM test_failures WHERE test_id = ? ORDER BY failed_at DESC, run_id DESC, attempt DESC"
                + " LIMIT ?", JdbcTestResultStore::failure, testId, limit);
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
}
