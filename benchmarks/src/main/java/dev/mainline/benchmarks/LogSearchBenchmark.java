package dev.mainline.benchmarks;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.logarchive.LocalBlobStore;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogOutcome;
import dev.mainline.logs.LogSource;
import dev.mainline.store.JdbcStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The log archive under load, by hand (never in CI): {@code benchmarks/log-search [gigabytes] [h2|postgresql]}.
 * Makes up that many gigabytes of CI logs ({@link SyntheticLogs}), uploads them (acknowledged: compressed, on disk,
 * in the database), then indexes them all, then times searches of several kinds, then times a plain scan of the same
 * kept files with {@code zgrep} for a few of the same searches, and prints every figure.
 */
public final class LogSearchBenchmark {
    private static final int REPOSITORIES = 8;
    private static final String[] JOBS = {"unit-tests", "integration", "lint", "android-build", "ios-build",
            "e2e", "package", "deploy-staging"};

    private record Search(String kind, String text, LogFilter filter) {
    }

    public static void main(String[] arguments) throws Exception {
        double gigabytes = arguments.length > 0 ? Double.parseDouble(arguments[0]) : 1;
        String engine = arguments.length > 1 ? arguments[1] : "h2";
        Path directory = Files.createTempDirectory("mainline-log-bench");
        long target = (long) (gigabytes * (1L << 30));
        System.out.printf("log search benchmark: %.1f GB of logs, %s, in %s, %d cores, max heap %d MB%n", gigabytes,
                engine, directory, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        List<String> failures = failures();
        try (BenchmarkDatabase database = BenchmarkDatabase.start(engine, directory, "logbench")) {
            Stores stores = JdbcStores.create(database.database());
            Clock clock = Clock.systemUTC();
            for (int i = 0; i < REPOSITORIES; i++) {
                stores.repositories().insert(new NewSourceRepository(new RepositoryName("acme/shop-" + i), "main",
                        Forge.LOCAL), clock.instant());
            }
            Actor ci = new Actor(1, "bench", Channel.API, List.of(Permission.parse("admin@global")), Optional.empty());
            LogArchive.Settings settings = new LogArchive.Settings(1L << 34, Optional.empty());
            Path blobs = directory.resolve("blobs");
            long bytes = 0;
            int logs = 0;
            try (LogArchive archive = new LogArchive(stores.logs(), stores.repositories(),
                    new Authorizer(stores.auditLog(), clock), clock, new LocalBlobStore(blobs),
                    directory.resolve("work"), settings)) {
                SyntheticLogs synthetic = new SyntheticLogs(42, failures);
                SplittableRandom random = new SplittableRandom(7);
                Instant start = Instant.parse("2026-08-01T00:00:00Z");
                // Spread over 90 days, whatever the size.
                long spacing = Math.max(1, Duration.ofDays(90).toSeconds() / Math.max(1, target / (17L << 19)));
                long generating = 0;
                long uploading = 0;
                while (bytes < target) {
                    long begin = System.nanoTime();
                    boolean failing = logs % SyntheticLogs.FAILING_EVERY == 0;
                    byte[] log = synthetic.log((1 + random.nextInt(16)) << 20, failing);
                    long generated = System.nanoTime();
                    Instant finished = start.plusSeconds(logs * spacing);
                    LogSource source = new LogSource(new RepositoryName("acme/shop-" + logs % REPOSITORIES),
                            Optional.of(Long.toHexString(random.nextLong() | 1L << 60)),
                            Optional.of(logs % 3 == 0 ? "main" : "feature-" + logs % 50), Optional.empty(),
                            JOBS[logs % JOBS.length], 1, Optional.of("5." + (logs / 100) + ".0"), Optional.empty(),
                            dev.mainline.logs.LogKind.BUILD, Optional.of(finished.minusSeconds(300)),
                            Optional.of(finished), failing ? LogOutcome.FAILURE : LogOutcome.SUCCESS);
                    archive.upload(ci, source, new ByteArrayInputStream(log), false, OptionalLong.empty(),
                            Optional.empty());
                    long uploaded = System.nanoTime();
                    generating += generated - begin;
                    uploading += uploaded - generated;
                    bytes += log.length;
                    logs++;
                    if (logs % 100 == 0) {
                        System.out.printf("  %d logs, %.2f GB uploaded%n", logs, bytes / (double) (1L << 30));
                    }
                }
                System.out.printf("upload (read, checked, compressed, forced to disk, recorded): %d logs, %.2f GB,"
                        + " %.1f MB/s (generating them took %.0f s more)%n", logs, bytes / (double) (1L << 30),
                        mbPerSecond(bytes, uploading), generating / 1e9);

                long indexing = System.nanoTime();
                archive.start();
                archive.awaitIndexed(Duration.ofHours(6));
                indexing = System.nanoTime() - indexing;
                System.out.printf("indexing (read back, decompressed, terminal codes stripped, failures extracted,"
                        + " Lucene, committed log by log): %.2f GB in %.1f s, %.1f MB/s%n",
                        bytes / (double) (1L << 30), indexing / 1e9, mbPerSecond(bytes, indexing));
                System.out.printf("kept on disk: logs %.2f GB compressed, index %.2f GB%n",
                        size(blobs) / (double) (1L << 30), size(directory.resolve("work")) / (double) (1L << 30));

                List<Search> searches = searches();
                for (int warm = 0; warm < 3; warm++) {
                    for (Search search : searches) {
                        archive.search(ci, search.text(), search.filter(), 3, 20);
                    }
                }
                List<Long> all = new ArrayList<>();
                for (Search search : searches) {
                    long[] samples = new long[20];
                    int found = 0;
                    boolean more = false;
                    for (int i = 0; i < samples.length; i++) {
                        long begin = System.nanoTime();
                        LogArchive.SearchResult result = archive.search(ci, search.text(), search.filter(), 3, 20);
                        found = result.matches().size();
                        more = result.more();
                        samples[i] = System.nanoTime() - begin;
                        all.add(samples[i]);
                    }
                    Arrays.sort(samples);
                    System.out.printf("  %-9s %-58s %2d matches%s  p50 %6.1f ms  p95 %6.1f ms%n", search.kind(),
                            "'" + search.text() + "'", found, more ? "+" : " ", samples[10] / 1e6, samples[18] / 1e6);
                }
                long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
                double p95 = sorted[(int) (sorted.length * 0.95)] / 1e6;
                System.out.printf("search over %.2f GB, %d searches: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n",
                        bytes / (double) (1L << 30), sorted.length, sorted[sorted.length / 2] / 1e6, p95,
                        sorted[(int) (sorted.length * 0.99)] / 1e6);

                for (Search search : List.of(searches.get(0), searches.get(3), searches.get(searches.size() - 1))) {
                    long begin = System.nanoTime();
                    String matches = zgrep(blobs, search.text());
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    System.out.printf("zgrep -i -F -c over the same kept files, '%s': %.1f s (%s matching lines);"
                            + " %.0f times the search's p95%n", search.text(), seconds, matches, seconds * 1000 / p95);
                }
            }
        } finally {
            if (!Boolean.getBoolean("keep")) {
                delete(directory);
            }
        }
    }

    private static List<Search> searches() {
        LogFilter shop3 = LogFilter.ALL.inRepository(new RepositoryName("acme/shop-3"));
        LogFilter failedMain = new LogFilter(Optional.empty(), Optional.of("main"), Optional.empty(),
                Optional.empty(), Optional.of(LogOutcome.FAILURE), Optional.empty(), Optional.empty());
        LogFilter september = new LogFilter(Optional.empty(), Optional.empty(), Optional.of("unit-tests"),
                Optional.empty(), Optional.empty(), Optional.of(Instant.parse("2026-09-01T00:00:00Z")),
                Optional.of(Instant.parse("2026-09-08T00:00:00Z")));
        return List.of(
                new Search("rare", "cannot find symbol", LogFilter.ALL),
                new Search("rare", "called `Option::unwrap()` on a `None` value", LogFilter.ALL),
                new Search("rare", "KeyError: 'DATABASE_URL'", LogFilter.ALL),
                new Search("rare", "NullPointerException", LogFilter.ALL),
                new Search("rare", "Assertion `rb->count < rb->capacity' failed", LogFilter.ALL),
                new Search("filtered", "NullPointerException", shop3),
                new Search("filtered", "cannot find symbol", failedMain),
                new Search("filtered", "Tests run", september),
                new Search("common", "Downloaded from central", LogFilter.ALL),
                new Search("common", "Failures: 0, Errors: 0", LogFilter.ALL),
                new Search("partial", "checkout.Cart", LogFilter.ALL),
                new Search("none", "zebra quantum flux capacitor", LogFilter.ALL));
    }

    /** The real failures of the labelled set, one log each. */
    private static List<String> failures() throws IOException {
        Path root = Path.of("logs/src/test/resources/failure-logs");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("run from the repository's root: " + root + " is missing");
        }
        List<String> failures = new ArrayList<>();
        try (Stream<Path> scenarios = Files.list(root)) {
            for (Path scenario : scenarios.filter(path -> Files.isRegularFile(path.resolve("run-1.log"))).sorted()
                    .toList()) {
                failures.add(Files.readString(scenario.resolve("run-1.log")).replaceAll("\u001B\\[[0-9;]*m", ""));
            }
        }
        return failures;
    }

    private static String zgrep(Path blobs, String text) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", "find \"$1\" -type f ! -name '*.blocks' -print0"
                + " | xargs -0 zgrep -i -F -h -c -- \"$2\" | awk '{ s += $1 } END { print s }'", "zgrep",
                blobs
                        .toString(),
                text).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        process.waitFor();
        return output;
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / (double) (1 << 20) / (nanos / 1e9);
    }

    private static long size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
