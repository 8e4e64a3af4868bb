package dev.mainline.benchmarks;

import dev.mainline.audit.Channel;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.ownership.RepositoryFiles;
import dev.mainline.store.Database;
import dev.mainline.store.JdbcStores;
import dev.mainline.testresults.TestSet;
import dev.mainline.testresults.TestSummary;
import dev.mainline.testresults.TestViews;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "Flaky tests for team Y" and "for author X" with 100 million stored results: seed 000's two apps (26,000 Android
 * and 21,000 iOS tests) each run 2,128 times over 60 days (35 CI jobs a day each, one report per job, each job
 * authored by one of 200 engineers), so 2,128 × 47,000 = 100,016,000 test results. About 0.45% of results are
 * failures kept whole (117 a run, half of them on the 2% of tests classified flaky); passes are daily counts (one
 * row per test and day) and the two shared test sets. 50 teams own the tests through CODEOWNERS-derived rows. The
 * data is written straight into a fresh schema with SQL (writing it through uploads would take hours), then each
 * operation asks the views a real user would: the flaky tests of a random team, or of a random author (failed on
 * their jobs in the last 30 days).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class FlakyViewsBenchmark {
    private static final int ANDROID = 26_000;
    private static final int IOS = 21_000;
    private static final int RUNS_PER_APP = 2_128;
    private static final int DAYS = 60;
    private static final int AUTHORS = 200;
    private static final int TEAMS = 50;
    private static final int FLAKY_FAILURES_PER_RUN = 59;
    private static final int OTHER_FAILURES_PER_RUN = 58;
    private static final RepositoryName ANDROID_APP = new RepositoryName("acme/android");
    private static final RepositoryName IOS_APP = new RepositoryName("acme/ios");

    @Param({"h2", "postgresql"})
    public String database;

    private Path directory;
    private Database started;
    private BenchmarkDatabase benchmarkDatabase;
    private TestViews views;
    private final Random random = new Random(3);
    private final Actor viewer = new Actor(1, "reader", Channel.API, List.of(Permission.parse("viewer@global")),
            Optional.empty());

    @Setup(Level.Trial)
    public void populate() throws Exception {
        directory = Files.createTempDirectory("mainline-flaky-views-benchmark");
        benchmarkDatabase = BenchmarkDatabase.start(database, directory, "flaky_views");
        started = benchmarkDatabase.database();
        Stores stores = JdbcStores.create(started);
        long begin = System.nanoTime();
        try (Connection connection = started.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            write(connection);
            connection.commit();
        }
        System.out.printf("%n%s: populated in %d s; %s%n", database,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin), footprint());
        Clock clock = Clock.systemUTC();
        views = new TestViews(stores.testResults(), new Authorizer(stores.auditLog(), clock), clock);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        benchmarkDatabase.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public List<TestSummary> flakyTestsOfATeam() {
        return views.flakyForTeam(viewer, random.nextBoolean() ? ANDROID_APP : IOS_APP,
                "@acme/team-" + random.nextInt(TEAMS));
    }

    @Benchmark
    public TestViews.AuthorFlakyTests flakyTestsOfAnAuthor() {
        return views.flakyForAuthor(viewer, random.nextBoolean() ? ANDROID_APP : IOS_APP,
                Set.of("dev" + random.nextInt(AUTHORS)), RepositoryFiles.none(), Duration.ofDays(30));
    }

    private void write(Connection connection) throws SQLException, NoSuchAlgorithmException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant first = now.minus(Duration.ofDays(DAYS));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (PreparedStatement tests = connection.prepareStatement("INSERT INTO tests (id, repository, identity_hash,"
                + " suite, class_name, name, health, flakiness, health_reasons, health_at, path)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement owners = connection.prepareStatement("INSERT INTO test_owners (test_id, repository,"
                        + " owner) VALUES (?, ?, ?)")) {
            for (int id = 1; id <= ANDROID + IOS; id++) {
                String repository = repository(id).value();
                boolean flaky = id % 50 == 0;
                String className = "com.acme.feature%d.Feature%dTest".formatted(id / 2_000, id / 40);
                tests.setLong(1, id);
                tests.setString(2, repository);
                tests.setString(3, HexFormat.of().formatHex(sha.digest(("test " + id).getBytes())));
                tests.setString(4, className);
                tests.setString(5, className);
                tests.setString(6, "behaves_as_specified_" + id);
                tests.setString(7, flaky ? "FLAKY" : "HEALTHY");
                tests.setDouble(8, flaky ? 0.3 : 0);
                tests.setString(9, flaky ? "failed, then passed on retry, in 4 runs" : null);
                tests.setObject(10, now.atOffset(ZoneOffset.UTC));
                tests.setString(11, "app/src/test/java/" + className.replace('.', '/') + ".java");
                tests.addBatch();
                owners.setLong(1, id);
                owners.setString(2, repository);
                owners.setString(3, "@acme/team-" + (id / 500) % TEAMS);
                owners.addBatch();
                if (id % 5_000 == 0) {
                    tests.executeBatch();
                    owners.executeBatch();
                }
            }
            tests.executeBatch();
            owners.executeBatch();
        }
        long[] sets = {testSet(connection, ANDROID_APP, 1, ANDROID), testSet(connection, IOS_APP, ANDROID + 1,
                ANDROID + IOS)};
        try (PreparedStatement jobs = connection.prepareStatement("INSERT INTO test_jobs (id, repository, commit_id,"
                + " job, attempt, branch, pull_request, author, reports, tests, failed, first_at, last_at)"
                + " VALUES (?, ?, ?, ?, 1, ?, ?, ?, 1, ?, ?, ?, ?)");
                PreparedStatement runs = connection.prepareStatement("INSERT INTO test_runs (id, repository,"
                        + " commit_id, branch, pull_request, job, attempt, report_name, digest, tests, failed,"
                        + " received_at, job_id, test_set_id) VALUES (?, ?, ?, ?, ?, ?, 1, 'TEST-all.xml', ?, ?, ?, ?,"
                        + " ?, ?)")) {
            long id = 0;
            for (int app = 0; app < 2; app++) {
                RepositoryName repository = app == 0 ? ANDROID_APP : IOS_APP;
                int size = app == 0 ? ANDROID : IOS;
                for (int run = 0; run < RUNS_PER_APP; run++) {
                    id++;
                    OffsetDateTime at = first.plus(Duration.ofDays(DAYS).multipliedBy(run).dividedBy(RUNS_PER_APP))
                            .atOffset(ZoneOffset.UTC);
                    String commit = "%040x".formatted(id);
                    jobs.setLong(1, id);
                    jobs.setString(2, repository.value());
                    jobs.setString(3, commit);
                    jobs.setString(4, app == 0 ? "android-unit" : "ios-unit");
                    jobs.setString(5, "feature-" + run);
                    jobs.setInt(6, 1 + run % 900);
                    jobs.setString(7, "dev" + random.nextInt(AUTHORS));
                    jobs.setInt(8, size);
                    jobs.setInt(9, FLAKY_FAILURES_PER_RUN + OTHER_FAILURES_PER_RUN);
                    jobs.setObject(10, at);
                    jobs.setObject(11, at);
                    jobs.addBatch();
                    runs.setLong(1, id);
                    runs.setString(2, repository.value());
                    runs.setString(3, commit);
                    runs.setString(4, "feature-" + run);
                    runs.setInt(5, 1 + run % 900);
                    runs.setString(6, app == 0 ? "android-unit" : "ios-unit");
                    runs.setString(7, "%064x".formatted(id));
                    runs.setInt(8, size);
                    runs.setInt(9, FLAKY_FAILURES_PER_RUN + OTHER_FAILURES_PER_RUN);
                    runs.setObject(10, at);
                    runs.setLong(11, id);
                    runs.setLong(12, sets[app]);
                    runs.addBatch();
                }
            }
            jobs.executeBatch();
            runs.executeBatch();
        }
        String series = database.equals("h2") ? "SYSTEM_RANGE(0, %d) k(x)" : "generate_series(0, %d) k(x)";
        String stack = "java.lang.AssertionError: expected true\\n\\tat com.acme.Feature.check(Feature.java:42)";
        try (Statement statement = connection.createStatement()) {
            // Half the failures on flaky tests (every 50th id), half elsewhere (never a multiple of 50), none twice.
            statement.execute("INSERT INTO test_failures (run_id, test_id, attempt, outcome, passed_later,"
                    + " failure_type, message, stack_trace, failed_at)"
                    + " SELECT r.id, CASE WHEN r.test_set_id = %d THEN 0 ELSE %d END".formatted(sets[0], ANDROID)
                    + " + 50 * (1 + MOD(r.id * 31 + k.x * 11, CASE WHEN r.test_set_id = %d THEN %d ELSE %d END)),"
                            .formatted(sets[0], ANDROID / 50 - 1, IOS / 50 - 1)
                    + " 1, 'FAILED', MOD(r.id + k.x, 2) = 0, 'java.lang.AssertionError', 'expected true', '"
                    + stack + "', r.received_at FROM test_runs r CROSS JOIN "
                    + series.formatted(FLAKY_FAILURES_PER_RUN - 1));
            statement.execute("INSERT INTO test_failures (run_id, test_id, attempt, outcome, passed_later,"
                    + " failure_type, message, stack_trace, failed_at)"
                    + " SELECT r.id, CASE WHEN r.test_set_id = %d THEN 0 ELSE %d END".formatted(sets[0], ANDROID)
                    + " + 50 * MOD(r.id * 31 + k.x * 17, CASE WHEN r.test_set_id = %d THEN %d ELSE %d END)"
                            .formatted(sets[0], ANDROID / 50, IOS / 50)
                    + " + 1 + MOD(r.id + k.x, 49), 1, 'FAILED', FALSE, 'java.lang.AssertionError', 'expected true',"
                    + " '" + stack + "', r.received_at FROM test_runs r CROSS JOIN "
                    + series.formatted(OTHER_FAILURES_PER_RUN - 1));
            // Passes: per test and day, the runs of its app that day, less its failures (kept as they would be).
            String day = database.equals("h2") ? "DATEADD('DAY', d.x, CAST(? AS DATE))" : "CAST(? AS DATE) + d.x";
            try (PreparedStatement counts = connection.prepareStatement("INSERT INTO test_daily_counts (test_id,"
                    + " run_day, passed, failed, skipped) SELECT t.id, " + day + ", ?, 0, 0 FROM tests t CROSS JOIN "
                    + (database.equals("h2") ? "SYSTEM_RANGE(0, ?) d(x)" : "generate_series(0, ?) d(x)"))) {
                counts.setObject(1, first.atOffset(ZoneOffset.UTC).toLocalDate());
                counts.setInt(2, RUNS_PER_APP / DAYS);
                counts.setInt(3, DAYS);
                counts.executeUpdate();
            }
        }
    }

    private static long testSet(Connection connection, RepositoryName repository, int from, int to)
            throws SQLException {
        long[] ids = new long[to - from + 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = from + i;
        }
        byte[] members = TestSet.of(ids, new boolean[ids.length]).encode();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO test_sets (repository, set_hash,"
                + " size, members) VALUES (?, ?, ?, ?)", new String[]{"id"})) {
            insert.setString(1, repository.value());
            insert.setString(2, "%064d".formatted(from));
            insert.setInt(3, ids.length);
            insert.setBytes(4, members);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static RepositoryName repository(int id) {
        return id <= ANDROID ? ANDROID_APP : IOS_APP;
    }

    /** Results stored, and what passes cost: daily counts and test sets, per pass. */
    private String footprint() {
        try (Connection connection = started.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            long passes;
            long failures;
            try (ResultSet rows = statement.executeQuery("SELECT SUM(passed) FROM test_daily_counts")) {
                rows.next();
                passes = rows.getLong(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM test_failures")) {
                rows.next();
                failures = rows.getLong(1);
            }
            if (database.equals("h2")) {
                return "%,d passes (daily counts) and %,d failures".formatted(passes, failures);
            }
            try (ResultSet rows = statement.executeQuery("SELECT pg_total_relation_size('test_daily_counts'),"
                    + " pg_total_relation_size('test_sets'), pg_total_relation_size('test_failures')")) {
                rows.next();
                long passBytes = rows.getLong(1) + rows.getLong(2);
                return "%,d passes (daily counts) and %,d failures; passes take %,d bytes (%.2f bytes a pass),"
                        .formatted(passes, failures, passBytes, (double) passBytes / passes)
                        + " failures %,d bytes".formatted(rows.getLong(3));
            }
        } catch (SQLException e) {
            return "footprint unknown: " + e.getMessage();
        }
    }
}
