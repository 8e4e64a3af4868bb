package dev.mainline.logarchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.logs.FailureKind;
import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogOutcome;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.StoredLog;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs are taken whole or not at all, kept compressed, read back in ranges, searched, and their failures grouped. */
class LogArchiveTest {
    private static final RepositoryName API = new RepositoryName("acme/api");
    private static final LogSource BUILD = LogSource.build(API, "0123abcd", "unit-tests", 1).withBranch("main")
            .withOutcome(LogOutcome.FAILURE, Optional.empty(), Optional.empty());

    @TempDir
    Path directory;
    private final TestingClock clock = new TestingClock();
    private final Stores stores = new InMemoryStores().stores();
    private final Actor ci = actor("ci-bot", "engineer@repository:acme/api");
    private final Actor viewer = actor("vera", "viewer@global");
    private LogArchive archive;

    LogArchiveTest() {
        stores.repositories().insert(new NewSourceRepository(API, "main", Forge.LOCAL), clock.instant());
    }

    private LogArchive archive(long maxBytes) throws IOException {
        return new LogArchive(stores.logs(), stores.repositories(), new Authorizer(stores.auditLog(), clock), clock,
                new LocalBlobStore(directory.resolve("blobs")), directory.resolve("work"),
                new LogArchive.Settings(maxBytes, Optional.empty()));
    }

    @AfterEach
    void close() throws IOException {
        if (archive != null) {
            archive.close();
        }
    }

    private static Actor actor(String login, String permission) {
        return new Actor(login.hashCode(), login, Channel.API, List.of(Permission.parse(permission)),
                Optional.empty());
    }

    /** A build log of many lines with a Java stack trace at {@code failureLine}. */
    static String buildLog(int lines, int failureLine, String exceptionMessage) {
        StringBuilder log = new StringBuilder();
        for (int line = 1; line <= lines; line++) {
            if (line == failureLine) {
                log.append("\u001B[1;31m[ERROR]\u001B[m Tests run: 3, Failures: 0, Errors: 1\n");
                log.append("java.lang.IllegalStateException: ").append(exceptionMessage).append('\n');
                log.append("\tat com.acme.cart.Cart.checkout(Cart.java:").append(40 + line % 7).append(")\n");
                log.append("\tat com.acme.cart.CartTest.checksOut(CartTest.java:21)\n");
                log.append("\tat java.base/java.lang.Thread.run(Thread.java:1583)\n");
                line += 4;
            } else {
                log.append("[INFO] Compiling module ").append(line).append(" of ").append(lines)
                        .append(" into /tmp/build-").append(line * 31).append("/classes\n");
            }
        }
        return log.toString();
    }

    private StoredLog upload(LogSource source, String text) {
        return archive.upload(ci, source, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false,
                OptionalLong.empty(), Optional.empty()).log();
    }

    @Test
    void aLogIsKeptCompressedReadBackInRangesAndFoundByAnyPartOfALine() throws Exception {
        archive = archive(1L << 30);
        archive.start();
        String text = buildLog(20_000, 12_345, "cart 42 is already checked out");
        StoredLog log = upload(BUILD, text);
        archive.awaitIndexed(Duration.ofSeconds(30));

        assertThat(log.bytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(log.lines()).isEqualTo(20_000);
        try (InputStream whole = new GZIPInputStream(archive.compressed(viewer, log.id()))) {
            assertThat(new String(whole.readAllBytes(), StandardCharsets.UTF_8)).as("one gzip stream").isEqualTo(text);
        }
        try (InputStream range = archive.bytes(viewer, log.id(), 100_000, 100_050)) {
            assertThat(range.readAllBytes()).isEqualTo(text.substring(100_000, 100_050).getBytes());
        }
        List<LogArchive.LogLine> lines = archive.lines(viewer, log.id(), 12_344, 12_346);
        assertThat(lines).extracting(LogArchive.LogLine::number).containsExactly(12_344L, 12_345L, 12_346L);
        assertThat(lines.get(1).text()).as("terminal codes gone").isEqualTo("[ERROR] Tests run: 3, Failures: 0,"
                + " Errors: 1");

        LogArchive.SearchResult found = archive.search(viewer, "IllegalStateException: cart 42 is already",
                LogFilter.ALL, 2, 10);
        assertThat(found.matches()).singleElement().satisfies(match -> {
            assertThat(match.log().id()).isEqualTo(log.id());
            assertThat(match.line()).isEqualTo(12_346);
            assertThat(match.lines()).extracting(LogArchive.LogLine::number)
                    .containsExactly(12_344L, 12_345L, 12_346L, 12_347L, 12_348L);
            assertThat(match.lines().get(3).text()).startsWith("\tat com.acme.cart.Cart.checkout");
        });
        assertThat(archive.search(viewer, "ALREADY   checked", LogFilter.ALL, 0, 10).matches())
                .as("any case, spaces collapsed").hasSize(1);
        assertThat(archive.search(viewer, "Cart.checkout(Cart", LogFilter.ALL, 0, 10).matches()).hasSize(1);
        assertThat(archive.search(viewer, "already checked out", LogFilter.ALL.inRepository(
                new RepositoryName("acme/web")), 0, 10).matches()).as("another repository").isEmpty();
        assertThat(archive.search(viewer, "cart 43 is already", LogFilter.ALL, 0, 10).matches())
                .as("every word of a block is there, but not the line").isEmpty();
        assertThat(archive.search(viewer, "into", LogFilter.ALL, 0, 200).matches()).hasSize(200);
    }

    @Test
    void searchesAreNarrowedByBranchJobReleaseOutcomeAndTime() throws Exception {
        archive = archive(1L << 30);
        archive.start();
        clock.advance(Duration.ofHours(1));
        StoredLog onMain = upload(BUILD, "deploy step failed: quota exceeded\n");
        StoredLog released = upload(LogSource.build(API, "4567ef01", "ship", 1).withRelease("5.2.0",
                Optional.of("ios")), "deploy step failed: quota exceeded\n");
        archive.awaitIndexed(Duration.ofSeconds(10));

        assertThat(ids(archive.search(viewer, "quota exceeded", LogFilter.ALL, 0, 10))).containsExactly(released.id(),
                onMain.id());
        LogFilter release = LogFilter.ofRelease("5.2.0");
        assertThat(ids(archive.search(viewer, "quota exceeded", release, 0, 10))).containsExactly(released.id());
        LogFilter failedOnMain = new LogFilter(Optional.of(API), Optional.of("main"), Optional.of("unit-tests"),
                Optional.empty(), Optional.of(LogOutcome.FAILURE), Optional.of(clock.instant().minusSeconds(1)),
                Optional.of(clock.instant().plusSeconds(1)));
        assertThat(ids(archive.search(viewer, "quota", failedOnMain, 0, 10))).containsExactly(onMain.id());
        LogFilter before = new LogFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(clock.instant()));
        assertThat(ids(archive.search(viewer, "quota", before, 0, 10))).isEmpty();
        assertThat(archive.list(viewer, release, Optional.empty(), 10)).containsExactly(stores.logs()
                .find(released.id()).orElseThrow());
    }

    private static List<Long> ids(LogArchive.SearchResult result) {
        return result.matches().stream().map(match -> match.log().id()).toList();
    }

    @Test
    void theSameFailureInTwoRunsIsOneGroupFoundFromAPastedPiece() throws Exception {
        archive = archive(1L << 30);
        archive.start();
        StoredLog first = upload(BUILD, buildLog(300, 100, "cart 42 is already checked out"));
        clock.advance(Duration.ofHours(2));
        StoredLog second = upload(LogSource.build(API, "89abcdef", "unit-tests", 1).withRelease("5.2.0",
                Optional.empty()), buildLog(500, 321, "cart 977 is already checked out"));
        upload(LogSource.build(API, "89abcdef", "lint", 1), "src/Cart.java:12: error: cannot find symbol\n"
                + "  symbol: variable total\n");
        archive.awaitIndexed(Duration.ofSeconds(10));

        FailureSearch failures = archive.failureSearch();
        List<FailureSearch.SimilarFailure> similar = failures.similar(viewer,
                "java.lang.IllegalStateException: cart 7 is already checked out\n"
                        + "    at com.acme.cart.Cart.checkout(Cart.java:99)",
                5);
        assertThat(similar).isNotEmpty();
        FailureSearch.SimilarFailure best = similar.getFirst();
        assertThat(best.exact()).isTrue();
        assertThat(best.group().kind()).isEqualTo(FailureKind.STACK_TRACE);
        assertThat(best.group().count()).isEqualTo(2);
        assertThat(best.group().firstSeen()).isEqualTo(first.time());
        assertThat(best.group().lastSeen()).isEqualTo(second.time());
        assertThat(best.recent()).extracting(occurrence -> occurrence.logId().orElseThrow())
                .containsExactly(second.id(), first.id());

        FailureSearch.GroupView group = failures.group(viewer, best.group().id());
        assertThat(group.logs()).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(group.releases()).containsExactly("5.2.0");
        assertThat(group.occurrences().get(1).line()).isEqualTo(101);

        FailureSearch.ReleaseView release = failures.release(viewer, "5.2.0", 10);
        assertThat(release.logs()).extracting(StoredLog::id).containsExactly(second.id());
        assertThat(release.errors()).extracting(error -> error.id()).containsExactly(best.group().id());

        assertThat(failures.similar(viewer, "cannot find symbol total", 5).getFirst().group().kind())
                .isEqualTo(FailureKind.COMPILER);
    }

    @Test
    void anAcknowledgedLogIsIndexedAfterARestart() throws Exception {
        archive = archive(1L << 30);
        StoredLog log = upload(BUILD, buildLog(1000, 500, "stopped before indexing"));
        archive.close();
        assertThat(stores.logs().unindexed(10)).extracting(StoredLog::id).containsExactly(log.id());

        archive = archive(1L << 30);
        archive.start();
        archive.awaitIndexed(Duration.ofSeconds(10));
        assertThat(ids(archive.search(viewer, "stopped before indexing", LogFilter.ALL, 0, 10)))
                .containsExactly(log.id());
        assertThat(stores.logs().unindexed(10)).isEmpty();
    }

    @Test
    void aLogThatCannotBeReadWholeIsNotSearchableAtAll() throws Exception {
        archive = archive(1L << 30);
        String text = buildLog(30_000, 29_000, "the end of a damaged log");
        StoredLog log = upload(BUILD, text);
        // Damage the last block: the first ones index, then reading fails.
        Path blob = directory.resolve("blobs").resolve(log.blobKey());
        byte[] bytes = Files.readAllBytes(blob);
        for (int i = bytes.length - 200; i < bytes.length - 8; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(blob, bytes);

        assertThatThrownBy(() -> archive.indexLog(log)).isInstanceOf(IOException.class);
        // Another log indexed and committed afterwards must not carry the damaged one's first blocks along.
        StoredLog other = upload(LogSource.build(API, "fedcba98", "unit-tests", 1), "Compiling module 1\n");
        archive.indexLog(other);
        assertThat(ids(archive.search(viewer, "Compiling module", LogFilter.ALL, 0, 10)))
                .containsExactly(other.id());
        assertThat(stores.logs().find(log.id()).orElseThrow().indexedAt()).isEmpty();
    }

    @Test
    void badUploadsAreRefusedWithAClearErrorAndNothingIsKept() throws Exception {
        archive = archive(10_000);
        byte[] text = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);

        assertRefused(() -> archive.upload(ci, BUILD, new ByteArrayInputStream(new byte[]{'E', 'L', 'F', 0, 1}),
                false, OptionalLong.empty(), Optional.empty()), ErrorCode.UNSUPPORTED_MEDIA_TYPE, "binary");
        byte[] gzipped = gzip(text);
        byte[] truncated = java.util.Arrays.copyOf(gzipped, gzipped.length - 6);
        assertRefused(() -> archive.upload(ci, BUILD, new ByteArrayInputStream(truncated), true,
                OptionalLong.empty(), Optional.empty()), ErrorCode.INVALID_ARGUMENT, "ended early");
        assertRefused(() -> archive.upload(ci, BUILD, new ByteArrayInputStream(text), true, OptionalLong.empty(),
                Optional.empty()), ErrorCode.INVALID_ARGUMENT, "not gzip-compressed");
        assertRefused(() -> archive.upload(ci, BUILD, new ByteArrayInputStream(text), false,
                OptionalLong.of(text.length + 100), Optional.empty()), ErrorCode.INVALID_ARGUMENT,
                "18 of 118 bytes arrived");
        InputStream brokenConnection = new java.io.SequenceInputStream(new ByteArrayInputStream(text),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Connection reset by peer");
                    }
                });
        assertRefused(() -> archive.upload(ci, BUILD, brokenConnection, false, OptionalLong.empty(),
                Optional.empty()), ErrorCode.INVALID_ARGUMENT, "the connection broke after 18 bytes");
        assertRefused(() -> archive.upload(ci, BUILD, new ByteArrayInputStream(text), false, OptionalLong.empty(),
                Optional.of("0".repeat(64))), ErrorCode.INVALID_ARGUMENT, "SHA-256");
        assertRefused(() -> archive.upload(ci, BUILD, new ByteArrayInputStream("x\n".repeat(6000).getBytes()), false,
                OptionalLong.empty(), Optional.empty()), ErrorCode.PAYLOAD_TOO_LARGE, "larger than the 10000 bytes");
        byte[] zeros = gzip(new byte[1_000_000]);
        assertRefused(() -> archive.upload(ci, BUILD, new ByteArrayInputStream(zeros), true,
                OptionalLong.empty(), Optional.empty()), ErrorCode.UNSUPPORTED_MEDIA_TYPE, "binary");
        assertRefused(() -> archive.upload(ci, BUILD, new ByteArrayInputStream(new byte[0]), false,
                OptionalLong.empty(), Optional.empty()), ErrorCode.INVALID_ARGUMENT, "empty");
        assertRefused(() -> archive.upload(viewer, BUILD, new ByteArrayInputStream(text), false, OptionalLong.empty(),
                Optional.empty()), ErrorCode.PERMISSION_DENIED, "");
        assertRefused(() -> archive.upload(ci, LogSource.build(new RepositoryName("acme/nope"), "0123abcd", "unit",
                1), new ByteArrayInputStream(text), false, OptionalLong.empty(), Optional.empty()),
                ErrorCode.PERMISSION_DENIED, "");

        assertThat(stores.logs().list(LogFilter.ALL, Optional.empty(), 10)).isEmpty();
        try (Stream<Path> left = Files.walk(directory).filter(Files::isRegularFile)
                .filter(file -> !file.startsWith(directory.resolve("work/index"))
                        && !file.startsWith(directory.resolve("work/failure-index")))) {
            assertThat(left).as("no file kept").isEmpty();
        }

        StoredLog kept = archive.upload(ci, BUILD, new ByteArrayInputStream(text), false,
                OptionalLong.of(text.length), Optional.of(sha256(text))).log();
        assertThat(archive.upload(ci, BUILD, new ByteArrayInputStream(gzip(text)), true, OptionalLong.empty(),
                Optional.empty())).isEqualTo(new LogArchive.Accepted(kept, true));
    }

    private static void assertRefused(Runnable upload, ErrorCode code, String message) {
        assertThatThrownBy(upload::run).isInstanceOfSatisfying(MainlineException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void theLocalRunnersLogOfAFinishedCiRunIsKept() throws Exception {
        archive = archive(1L << 30);
        archive.start();
        Path file = directory.resolve("ci.log");
        Files.writeString(file, "npm test\nTypeError: Cannot read properties of undefined (reading 'id')\n"
                + "    at render (src/cart.js:10:5)\n");
        var failed = new dev.mainline.mergequeue.ContinuousIntegration.CiRun(
                dev.mainline.mergequeue.CiOutcome.FAILED, "exit 1", Optional.of(file.toString()), List.of());
        var onGitHub = new dev.mainline.mergequeue.ContinuousIntegration.CiRun(
                dev.mainline.mergequeue.CiOutcome.PASSED, "ok", Optional.of("https://github.com/acme/api/runs/1"),
                List.of());

        var run = new dev.mainline.mergequeue.QueueCiRun(5, API, new dev.mainline.mergequeue.BuildId(7),
                "0123abcd", List.of(12, 14), 2, clock.instant(), Optional.empty(), Optional.empty(), Optional.empty(),
                0);

        CapturedCiLogs capture = new CapturedCiLogs(archive, clock);
        Optional<StoredLog> kept = capture.keep(run, failed);
        assertThat(capture.keep(run, onGitHub)).isEmpty();
        archive.awaitIndexed(Duration.ofSeconds(10));

        assertThat(stores.logs().list(LogFilter.ALL, Optional.empty(), 10)).singleElement().satisfies(log -> {
            assertThat(log.id()).isEqualTo(kept.orElseThrow().id());
            assertThat(log.source().job()).isEqualTo(CapturedCiLogs.JOB);
            assertThat(log.source().commit()).contains("0123abcd");
            assertThat(log.source().branch()).contains("mainline/builds/7");
            assertThat(log.source().pullRequest()).as("the last pull request the build holds").contains(14);
            assertThat(log.source().attempt()).isEqualTo(2);
            assertThat(log.source().outcome()).isEqualTo(LogOutcome.FAILURE);
            assertThat(log.failures()).isEqualTo(1);
        });
        assertThat(archive.failureSearch().similar(viewer, "TypeError: Cannot read properties of undefined", 1))
                .singleElement().satisfies(found -> assertThat(found.exact()).isTrue());
    }

    @Test
    void failuresOfStoredTestReportsAreGroupedWithTheSameFailureInLogs() throws Exception {
        archive = archive(1L << 30);
        archive.start();
        StoredLog log = upload(BUILD, buildLog(200, 50, "cart 42 is already checked out"));
        String trace = "java.lang.IllegalStateException: cart 9 is already checked out\n"
                + "\tat com.acme.cart.Cart.checkout(Cart.java:47)\n"
                + "\tat com.acme.cart.CartTest.checksOut(CartTest.java:21)\n"
                + "\tat java.base/java.lang.Thread.run(Thread.java:1583)\n";
        // The report holds the trace the log printed (Surefire trims both alike).
        var failed = new dev.mainline.testresults.TestAttempt(dev.mainline.testresults.TestOutcome.ERROR,
                Duration.ofMillis(5), Optional.of("java.lang.IllegalStateException"),
                Optional.of("cart 9 is already checked out"), Optional.of(trace));
        stores.testResults().storeRun(new dev.mainline.testresults.TestRun(API, "89abcdef", Optional.of("topic"),
                Optional.of(31), "unit-tests", 1), "d".repeat(64), "TEST-CartTest.xml", clock.instant(),
                List.of(new dev.mainline.testresults.TestCaseResult("CartTest", "com.acme.cart.CartTest", "checksOut",
                        Optional.empty(), List.of(failed))));
        archive.awaitIndexed(Duration.ofSeconds(10));

        FailureSearch.SimilarFailure found = archive.failureSearch().similar(viewer,
                "IllegalStateException: cart 1 is already checked out", 1).getFirst();
        FailureSearch.GroupView group = archive.failureSearch().group(viewer, found.group().id());
        assertThat(group.logs()).containsExactly(log.id());
        assertThat(group.tests()).containsExactly("com.acme.cart.CartTest.checksOut");
        assertThat(group.pullRequests()).containsExactly("acme/api#31");
        assertThat(stores.logs().reportedFailuresCursor()).isPositive();
    }

    @Test
    void retentionRemovesOnlyLogsOlderThanItsSettingAndNothingByDefault() throws Exception {
        archive = archive(1L << 30);
        archive.start();
        StoredLog old = upload(BUILD, "an old build\n");
        archive.awaitIndexed(Duration.ofSeconds(10));
        clock.advance(Duration.ofDays(40));
        StoredLog recent = upload(LogSource.build(API, "fedcba98", "unit-tests", 1), "a recent build\n");
        archive.awaitIndexed(Duration.ofSeconds(10));
        assertThat(archive.applyRetention()).as("kept for good by default").isZero();
        archive.close();

        archive = new LogArchive(stores.logs(), stores.repositories(), new Authorizer(stores.auditLog(), clock), clock,
                new LocalBlobStore(directory.resolve("blobs")), directory.resolve("work"),
                new LogArchive.Settings(1L << 30, Optional.of(Duration.ofDays(30))));
        assertThat(archive.applyRetention()).isEqualTo(1);
        assertThat(stores.logs().find(old.id())).isEmpty();
        assertThat(Files.exists(directory.resolve("blobs").resolve(old.blobKey()))).isFalse();
        assertThat(ids(archive.search(viewer, "build", LogFilter.ALL, 0, 10))).containsExactly(recent.id());
    }

    @Test
    void aLineLongerThanABlockIsReadAcrossBlocksAndShownCut() throws Exception {
        archive = archive(1L << 30);
        String text = "first\n" + "x".repeat((1 << 20) + 10) + "\nA\nB\nC\n";
        StoredLog log = upload(BUILD, text);
        assertThat(log.lines()).isEqualTo(5);
        assertThat(archive.lines(viewer, log.id(), 5, 5)).extracting(LogArchive.LogLine::text).containsExactly("C");
        assertThat(archive.lines(viewer, log.id(), 3, 5)).extracting(LogArchive.LogLine::text)
                .containsExactly("A", "B", "C");
        assertThat(archive.lines(viewer, log.id(), 2, 2)).singleElement().satisfies(line -> assertThat(line.text())
                .hasSize(LogText.MAX_LINE + " …[line cut]".length()).endsWith("…[line cut]"));
    }

    @Test
    void aLogThatCannotBeRecordedAsIndexedDoesNotHoldUpTheOthers() throws Exception {
        StoredLog stuck = upload(archiveFor(null), BUILD, "the first log\n");
        long stuckId = stuck.id();
        dev.mainline.logs.LogStore failing = (dev.mainline.logs.LogStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{dev.mainline.logs.LogStore.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("indexed") && (long) arguments[0] == stuckId) {
                        throw new IllegalStateException("the database refused this one");
                    }
                    try {
                        return method.invoke(stores.logs(), arguments);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        archive.close();
        archive = archiveFor(failing);
        StoredLog next = upload(LogSource.build(API, "fedcba98", "unit-tests", 1), "the second log\n");
        archive.start();
        archive.awaitIndexed(Duration.ofSeconds(10));
        assertThat(stores.logs().find(next.id()).orElseThrow().indexedAt()).isPresent();
        assertThat(stores.logs().find(stuckId).orElseThrow().indexedAt()).isEmpty();
    }

    private StoredLog upload(LogArchive into, LogSource source, String text) {
        archive = into;
        return upload(source, text);
    }

    private LogArchive archiveFor(dev.mainline.logs.LogStore store) throws IOException {
        return new LogArchive(store == null ? stores.logs() : store, stores.repositories(),
                new Authorizer(stores.auditLog(), clock), clock, new LocalBlobStore(directory.resolve("blobs")),
                directory.resolve("work"), new LogArchive.Settings(1L << 30, Optional.empty()));
    }

    @Test
    void whatAKilledProcessWasReceivingIsClearedAtStart() throws Exception {
        Path incoming = directory.resolve("work/incoming");
        Files.createDirectories(incoming);
        Files.writeString(incoming.resolve("left-by-a-crash.log.gz"), "half");
        archive = archive(1L << 30);
        try (Stream<Path> left = Files.list(incoming)) {
            assertThat(left).isEmpty();
        }
    }
}
