package dev.mainline.benchmarks;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.audit.Channel;
import dev.mainline.identity.Permission;
import dev.mainline.inbox.InboxMessage;
import dev.mainline.junit.JUnitReportParser;
import dev.mainline.junit.TestUploads;
import dev.mainline.store.Database;
import dev.mainline.store.JdbcStores;
import dev.mainline.testresults.FlakinessClassifier;
import dev.mainline.testresults.TestHealthTracker;
import dev.mainline.testresults.TestOwnership;
import dev.mainline.ownership.RepositoryFiles;
import dev.mainline.testresults.TestRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * One 47,000-test Surefire report (about 8 MB) from the upload call until it is fully queryable: read and checked,
 * archived compressed and forced to disk, queued in the inbox, then stored by the worker (identities, failures, the
 * report's test set, daily counts, the job run's totals) and its failed or unhealthy tests classified again. Each
 * invocation is a new commit of the same tests, with outcomes drawn afresh (about 2% failing, 1% flaky, 1% skipped),
 * on the embedded H2 file database or on PostgreSQL at 127.0.0.1:5432 (a fresh schema of database {@code test}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 20)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class ReportIngestBenchmark {
    private static final RepositoryName REPOSITORY = new RepositoryName("acme/mobile");
    private static final int VARIANTS = 8;

    @Param({"h2", "postgresql"})
    public String database;

    @Param({"47000"})
    public int tests;

    private Path directory;
    private Database started;
    private BenchmarkDatabase benchmarkDatabase;
    private Stores stores;
    private TestUploads uploads;
    private final byte[][] reports = new byte[VARIANTS][];
    private final Random random = new Random(11);
    private final Actor ci = new Actor(1, "ci-bot", Channel.API,
            List.of(Permission.parse("engineer@repository:acme/mobile")), Optional.empty());
    private int uploaded;

    @Setup(Level.Trial)
    public void start() throws IOException {
        directory = Files.createTempDirectory("mainline-ingest-benchmark");
        for (int variant = 0; variant < VARIANTS; variant++) {
            Path file = directory.resolve("report-" + variant + ".xml");
            JUnitParseBenchmark.writeSurefireReport(file, tests, new Random(5), new Random(100 + variant));
            reports[variant] = Files.readAllBytes(file);
            Files.delete(file);
        }
        benchmarkDatabase = BenchmarkDatabase.start(database, directory, "ingest_benchmark");
        started = benchmarkDatabase.database();
        stores = JdbcStores.create(started);
        Clock clock = Clock.systemUTC();
        stores.repositories().insert(new NewSourceRepository(REPOSITORY, "main", Forge.LOCAL), clock.instant());
        uploads = new TestUploads(directory.resolve("test-reports"), new JUnitReportParser(), stores.testResults(),
                new TestHealthTracker(stores.testResults(), new FlakinessClassifier(), clock, Duration.ofDays(30)),
                new TestOwnership(stores.testResults(), RepositoryFiles.none(), clock, Duration.ofMinutes(5)),
                Optional.empty(),
                stores.inbox(), stores.repositories(), stores.pullRequests(), new Authorizer(stores.auditLog(), clock),
                clock);
        uploads.start();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        System.out.printf("%n%s: %d reports stored, %s%n", database, uploaded, passesFootprint());
        uploads.close();
        benchmarkDatabase.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Upload, then wait for the worker to have stored and classified it. */
    @Benchmark
    public String uploadUntilQueryable() {
        String commit = HexFormat.of().formatHex(HexFormat.of().parseHex("%016x".formatted(random.nextLong())));
        TestRun run = new TestRun(REPOSITORY, commit + commit.substring(0, 8), Optional.of("feature"),
                Optional.of(1 + uploaded % 500), "android-unit", 1);
        byte[] report = reports[uploaded++ % VARIANTS];
        TestUploads.Accepted accepted = uploads.upload(ci, run, "TEST-all.xml", new ByteArrayInputStream(report),
                false);
        while (true) {
            InboxMessage message = stores.inbox().find(TestUploads.SOURCE, accepted.upload()).orElseThrow();
            if (message.doneAt().isPresent()) {
                if (!message.outcome().orElse("").startsWith("stored as run")) {
                    throw new IllegalStateException("not stored: " + message.outcome());
                }
                return message.outcome().get();
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** What passes cost on disk here: the daily-count rows and the test sets, per pass stored. */
    private String passesFootprint() {
        try (Connection connection = started.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            long passes;
            try (ResultSet rows = statement.executeQuery("SELECT SUM(passed) FROM test_daily_counts")) {
                rows.next();
                passes = rows.getLong(1);
            }
            String size = database.equals("h2")
                    ? "SELECT DISK_SPACE_USED('TEST_DAILY_COUNTS') + DISK_SPACE_USED('TEST_SETS')"
                    : "SELECT pg_total_relation_size('test_daily_counts') + pg_total_relation_size('test_sets')";
            try (ResultSet rows = statement.executeQuery(size)) {
                rows.next();
                long bytes = rows.getLong(1);
                return "%d passes in %d bytes of daily counts and test sets (%.2f bytes a pass, all on one day)"
                        .formatted(passes, bytes, passes == 0 ? 0.0 : (double) bytes / passes);
            }
        } catch (SQLException e) {
            return "footprint unknown: " + e.getMessage();
        }
    }
}
