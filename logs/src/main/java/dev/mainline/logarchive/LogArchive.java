package dev.mainline.logarchive;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.BoundedCache;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Scope;
import dev.mainline.logs.ExtractedFailure;
import dev.mainline.logs.FailureExtractor;
import dev.mainline.logs.FailureOccurrence;
import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.LogStore;
import dev.mainline.logs.StoredLog;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Build and release logs, kept for good and searchable. An upload streams through once, whatever its size: its bytes
 * are cut into compressed blocks on local disk, checked (not binary, not cut short, not over the limit), put in the
 * blob store and recorded in the database, and only then acknowledged. One worker then indexes each acknowledged log
 * whole (Lucene) and records the failures found in it; a restart indexes what was acknowledged and not yet indexed.
 */
public final class LogArchive implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogArchive.class.getName());
    /** A NUL byte this early means the upload is not text (git's rule). */
    private static final int BINARY_SNIFF = 8000;
    private static final int CANDIDATES_PER_ROUND = 64;
    private static final int MAX_BLOCKS_READ = 1_000;
    /** Logs are committed to the index together until they add up to this much: a commit costs a flush and fsync. */
    private static final long COMMIT_EVERY_BYTES = 64L << 20;
    /**
     * A search that has read this long stops with what it found and says there may be more: a common word in a
     * narrow line (every block holds the words, few lines hold the text) would otherwise read block after block.
     */
    private static final Duration SEARCH_BUDGET = Duration.ofMillis(150);
    public static final int MAX_CONTEXT = 50;
    public static final int MAX_MATCHES = 200;
    public static final int MAX_LINES_READ = 100_000;
    /** A read of lines stops once it holds this many characters (a log may be one long line). */
    private static final long MAX_CHARS_READ = 16L << 20;

    private final LogStore store;
    private final SourceRepositoryStore repositories;
    private final Authorizer authorizer;
    private final Clock clock;
    private final BlobStore blobs;
    private final LogIndex index;
    private final FailureIndex failures;
    private final Path incoming;
    private final Settings settings;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("log-indexer").factory());
    /** Threads that hand blocks to Lucene while the indexer reads on. */
    private static final int ADDERS = 2;
    private final ExecutorService adders = Executors.newFixedThreadPool(ADDERS,
            Thread.ofPlatform().daemon().name("log-index-add-", 0).factory());
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean started;
    private final BoundedCache<Long, List<LogBlocks.Block>> tables = new BoundedCache<>(256);

    /**
     * The archive's limits: the largest log taken (its bytes once decompressed) and how long logs are kept (empty:
     * for good).
     */
    public record Settings(long maxLogBytes, Optional<Duration> retention) {
        public Settings {
            requireNonNull(retention, "retention is null");
            if (maxLogBytes < 1) {
                throw new IllegalArgumentException("the largest log must be at least one byte");
            }
        }
    }

    /** What an upload gave: the kept log, and whether the same log was kept before. */
    public record Accepted(StoredLog log, boolean duplicate) {
    }

    /** A line of a log: its number from 1 and its text, terminal codes gone. */
    public record LogLine(long number, String text) {
    }

    /** A line that matched, with the lines around it. */
    public record LogMatch(StoredLog log, long line, List<LogLine> lines) {
    }

    /** Matching lines, newest log first; {@code more} when there may be more than were looked at. */
    public record SearchResult(List<LogMatch> matches, int blocksRead, boolean more) {
    }

    public LogArchive(LogStore store, SourceRepositoryStore repositories, Authorizer authorizer, Clock clock,
            BlobStore blobs, Path workDirectory, Settings settings) throws IOException {
        this.store = requireNonNull(store, "store is null");
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.incoming = workDirectory.resolve("incoming");
        Files.createDirectories(incoming);
        // What a killed process was receiving was never acknowledged: it goes.
        try (java.util.stream.Stream<Path> left = Files.list(incoming)) {
            left.forEach(LogArchive::deleteQuietly);
        }
        this.index = new LogIndex(workDirectory.resolve("index"));
        this.failures = new FailureIndex(workDirectory.resolve("failure-index"), store);
    }

    /**
     * Indexes what was acknowledged and not yet indexed, then each upload as it comes; every minute it also groups
     * the failures of newly stored test reports, and every hour it applies the retention setting.
     */
    public void start() {
        started = true;
        failures.catchUp();
        drainSoon();
        worker.scheduleWithFixedDelay(this::drainSoon, 1, 1, TimeUnit.MINUTES);
        if (settings.retention().isPresent()) {
            worker.scheduleWithFixedDelay(() -> {
                try {
                    int removed = applyRetention();
                    if (removed > 0) {
                        LOG.info(() -> "removed %d logs older than %s".formatted(removed, settings.retention().get()));
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot apply the log retention", e);
                }
            }, 1, 60, TimeUnit.MINUTES);
        }
    }

    /**
     * Takes one log, streaming: {@code body} gzip-compressed when {@code gzipped}. {@code declaredLength} (the
     * body's length as sent) and {@code sha256} (of the log's bytes) are checked when given, so a log cut short on
     * the way is refused. Refused with nothing kept when the caller may not upload to the repository, or the log is
     * binary, too large, or not whole.
     */
    public Accepted upload(Actor actor, LogSource source, InputStream body, boolean gzipped,
            OptionalLong declaredLength, Optional<String> sha256) {
        requireNonNull(body, "body is null");
        String target = "repository:" + source.repository();
        authorizer.require(actor, Action.LOGS_UPLOAD, Scope.repository(source.repository().value()), target);
        repositories.findByName(source.repository())
                .orElseThrow(() -> MainlineException.notFound("repository '%s' does not exist", source.repository()));
        Accepted accepted = keep(source, body, gzipped, declaredLength, sha256, false);
        if (!accepted.duplicate()) {
            authorizer.succeeded(actor, Action.LOGS_UPLOAD, target, "kept the %s log of %s (attempt %d): %d bytes,"
                    .formatted(source.kind().wireName(), source.job(), source.attempt(), accepted.log().bytes())
                    + " %d lines, log %d".formatted(accepted.log().lines(), accepted.log().id()));
        }
        return accepted;
    }

    /**
     * Keeps a log this server captured itself (its local CI runner's output): no caller to check, the log is taken
     * as it is. A log that cannot be kept is only reported: the run it belongs to goes on.
     */
    /**
     * Keeps a log this server fetched itself (GitHub Actions' job logs), streaming; throws when it cannot be kept, so
     * the fetch is tried again.
     */
    public Accepted keepFetched(LogSource source, InputStream text) {
        repositories.findByName(source.repository())
                .orElseThrow(() -> MainlineException.notFound("repository '%s' does not exist", source.repository()));
        return keep(source, text, false, OptionalLong.empty(), Optional.empty(), true);
    }

    public Optional<StoredLog> keepCaptured(LogSource source, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(keep(source, in, false, OptionalLong.of(Files.size(file)), Optional.empty(), false)
                    .log());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot keep the log %s of %s".formatted(file, source.job()), e);
            return Optional.empty();
        }
    }

    /** {@code fetched}: the server is the one reading, so a broken stream is worth trying again, not a refusal. */
    private Accepted keep(LogSource source, InputStream body, boolean gzipped, OptionalLong declaredLength,
            Optional<String> sha256, boolean fetched) {
        Path data = incoming.resolve(UUID.randomUUID() + ".log.gz");
        Path table = incoming.resolve(UUID.randomUUID() + ".blocks");
        try {
            Received received;
            try {
                received = receive(body, gzipped, declaredLength, data);
            } catch (CutShort e) {
                if (fetched) {
                    throw new UncheckedIOException(e);
                }
                throw MainlineException.invalid("the upload ended early: %s", e.getMessage());
            }
            if (sha256.isPresent() && !sha256.get().equalsIgnoreCase(received.sha256())) {
                throw MainlineException.invalid("the log's SHA-256 is %s, not %s as sent: it changed or was cut short"
                        + " on the way", received.sha256(), sha256.get());
            }
            String digest = digest(source, received.sha256());
            Optional<StoredLog> earlier = store.findByDigest(digest);
            if (earlier.isPresent()) {
                return new Accepted(earlier.get(), true);
            }
            Files.write(table, LogBlocks.table(received.blocks()));
            String key = StoredLog.blobKey(source, digest);
            // The table goes first: a log whose data is there has its table too.
            blobs.put(key + ".blocks", table);
            blobs.put(key, data);
            StoredLog log;
            try {
                log = store.add(source, digest, received.bytes(), received.lines(), clock.instant());
            } catch (MainlineException e) {
                if (e.errorCode() == ErrorCode.ALREADY_EXISTS) {
                    // The same log sent twice at once: the other upload kept it.
                    return new Accepted(store.findByDigest(digest).orElseThrow(() -> e), true);
                }
                throw e;
            }
            drainSoon();
            return new Accepted(log, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the log of " + source.job(), e);
        } finally {
            deleteQuietly(data);
            deleteQuietly(table);
        }
    }

    private record Received(List<LogBlocks.Block> blocks, long bytes, long lines, String sha256) {
    }

    private Received receive(InputStream body, boolean gzipped, OptionalLong declaredLength, Path data)
            throws IOException {
        CountingInputStream counted = new CountingInputStream(body);
        MessageDigest sha = sha256();
        LogBlocks.Writer writer;
        List<LogBlocks.Block> blocks;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(data), 1 << 16)) {
            writer = new LogBlocks.Writer(out);
            InputStream in = gzipped ? new GZIPInputStream(counted, 1 << 16) : counted;
            byte[] buffer = new byte[1 << 16];
            boolean sniffed = false;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!sniffed) {
                    int limit = (int) Math.min(read, BINARY_SNIFF - writer.bytes());
                    for (int i = 0; i < limit; i++) {
                        if (buffer[i] == 0) {
                            throw new MainlineException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                                    "the upload is binary (a NUL byte at offset %d), not a text log"
                                            .formatted(writer.bytes() + i));
                        }
                    }
                    sniffed = writer.bytes() + read >= BINARY_SNIFF;
                }
                if (writer.bytes() + read > settings.maxLogBytes()) {
                    throw new MainlineException(ErrorCode.PAYLOAD_TOO_LARGE,
                            "the log is larger than the %d bytes this server keeps"
                                    .formatted(settings.maxLogBytes()));
                }
                sha.update(buffer, 0, read);
                writer.write(buffer, 0, read);
            }
            blocks = writer.finish();
        } catch (ZipException e) {
            throw MainlineException.invalid("the upload is not gzip-compressed as it says (%s)", e.getMessage());
        } catch (EOFException e) {
            throw MainlineException.invalid("the upload ended early: %s", e.getMessage() == null
                    ? "the compressed stream is cut short"
                    : e.getMessage());
        }
        if (declaredLength.isPresent() && counted.count() != declaredLength.getAsLong()) {
            throw MainlineException.invalid("the upload ended early: %d of %d bytes arrived", counted.count(),
                    declaredLength.getAsLong());
        }
        if (writer.bytes() == 0) {
            throw MainlineException.invalid("the log is empty");
        }
        return new Received(blocks, writer.bytes(), writer.lines(), HexFormat.of().formatHex(sha.digest()));
    }

    /** One id per log content and where it came from: the same text for another job or attempt is another log. */
    private static String digest(LogSource source, String contentSha) {
        MessageDigest sha = sha256();
        for (String part : List.of(source.repository().value(), source.commit().orElse(""), source.job(),
                String.valueOf(source.attempt()), source.release().orElse(""), source.kind().name(), contentSha)) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kept log {@code id}, when the caller may read its repository. */
    public StoredLog find(Actor actor, long id) {
        StoredLog log = store.find(id).orElseThrow(() -> MainlineException.notFound("log %d does not exist", id));
        authorizer.require(actor, Action.LOGS_READ, Scope.repository(log.source().repository().value()),
                "log:" + id);
        return log;
    }

    /** The log's bytes as kept: one gzip stream of all its blocks. */
    public InputStream compressed(Actor actor, long id) throws IOException {
        return blobs.read(find(actor, id).blobKey(), 0, -1);
    }

    /** Bytes {@code from} (inclusive) to {@code to} (exclusive) of the log, decompressing only the blocks needed. */
    public InputStream bytes(Actor actor, long id, long from, long to) throws IOException {
        StoredLog log = find(actor, id);
        long end = Math.min(to, log.bytes());
        if (from < 0 || from > end) {
            throw MainlineException.invalid("range %d-%d is outside the log's %d bytes", from, to, log.bytes());
        }
        List<LogBlocks.Block> blocks = table(log);
        return new BlockRangeStream(log, blocks, from, end);
    }

    /** Lines {@code from} to {@code to} (both inclusive, from 1) of a log, terminal codes gone. */
    public List<LogLine> lines(Actor actor, long id, long from, long to) throws IOException {
        StoredLog log = find(actor, id);
        if (from < 1 || to < from || to - from >= MAX_LINES_READ) {
            throw MainlineException.invalid("lines must be a range from 1 of at most %d lines, got %d-%d",
                    MAX_LINES_READ, from, to);
        }
        return lines(log, from, to);
    }

    private List<LogLine> lines(StoredLog log, long from, long to) throws IOException {
        List<LogLine> lines = new ArrayList<>();
        List<LogBlocks.Block> blocks = table(log);
        long chars = 0;
        for (int i = 0; i < blocks.size(); i++) {
            LogBlocks.Block block = blocks.get(i);
            // The next block's first line is this block's last one or the one after: a line cut at a block's end
            // goes on in the next block.
            long last = i + 1 < blocks.size() ? blocks.get(i + 1).firstLine() : Long.MAX_VALUE;
            if (last < from) {
                continue;
            }
            if (block.firstLine() > to || chars > MAX_CHARS_READ) {
                break;
            }
            int before = lines.size();
            appendLines(lines, log, block, readBlock(log, block), from, to);
            for (int line = Math.max(0, before - 1); line < lines.size(); line++) {
                chars += lines.get(line).text().length();
            }
        }
        return lines;
    }

    /** The lines of a block within {@code from}..{@code to}, a line running on from the block before joined up. */
    private void appendLines(List<LogLine> lines, StoredLog log, LogBlocks.Block block, byte[] raw, long from,
            long to) throws IOException {
        long number = block.firstLine();
        int start = 0;
        boolean continued = !lines.isEmpty() && lines.getLast().number() == number;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == '\n') {
                if (i == raw.length && start == i) {
                    break;
                }
                if (number >= from && number <= to) {
                    String text = LogText.line(raw, start, i);
                    if (continued) {
                        LogLine previous = lines.removeLast();
                        lines.add(new LogLine(number, LogText.cap(previous.text() + text)));
                        continued = false;
                    } else {
                        lines.add(new LogLine(number, text));
                    }
                }
                continued = false;
                number++;
                start = i + 1;
            }
        }
    }

    private List<LogBlocks.Block> table(StoredLog log) throws IOException {
        Optional<List<LogBlocks.Block>> cached = tables.get(log.id());
        if (cached.isPresent()) {
            return cached.get();
        }
        List<LogBlocks.Block> blocks;
        try (InputStream in = blobs.read(log.blobKey() + ".blocks", 0, -1)) {
            blocks = LogBlocks.readTable(new BufferedInputStream(in));
        }
        tables.put(log.id(), blocks);
        return blocks;
    }

    private byte[] readBlock(StoredLog log, LogBlocks.Block block) throws IOException {
        byte[] member;
        try (InputStream in = blobs.read(log.blobKey(), block.fileOffset(), block.fileLength())) {
            member = in.readNBytes(block.fileLength());
        }
        return LogBlocks.inflate(block, member);
    }

    /**
     * Lines that hold {@code text} (its first line that is not blank, any case, runs of spaces as one), newest log
     * first, each with {@code context} lines before and after.
     */
    public SearchResult search(Actor actor, String text, LogFilter filter, int context, int limit)
            throws IOException {
        requireNonNull(text, "text is null");
        authorizeRead(actor, filter);
        if (context < 0 || context > MAX_CONTEXT || limit < 1 || limit > MAX_MATCHES) {
            throw MainlineException.invalid("context must be 0 to %d lines and limit 1 to %d", MAX_CONTEXT,
                    MAX_MATCHES);
        }
        String needle = LogText.needle(text);
        List<String> words = BlockWords.words(needle);
        if (words.isEmpty()) {
            throw MainlineException.invalid("a search needs at least one letter or digit");
        }
        // The last word of a pasted piece may be the start of a word; the first may be the end of one, which the
        // index does not know: then the search goes again without it.
        boolean lastIsPrefix = Character.isLetterOrDigit(needle.charAt(needle.length() - 1));
        long deadline = System.nanoTime() + SEARCH_BUDGET.toNanos();
        SearchResult result = search(words, lastIsPrefix, needle, filter, context, limit, deadline);
        if (result.matches().isEmpty() && !result.more() && words.size() > 1
                && Character.isLetterOrDigit(needle.charAt(0)) && !index.knows(words.getFirst())) {
            result = search(words.subList(1, words.size()), lastIsPrefix, needle, filter, context, limit, deadline);
        }
        return result;
    }

    private SearchResult search(List<String> words, boolean lastIsPrefix, String needle, LogFilter filter,
            int context, int limit, long deadline) throws IOException {
        List<String> required = List.copyOf(new java.util.LinkedHashSet<>(words));
        boolean prefix = lastIsPrefix && required.getLast().equals(words.getLast());
        List<LogMatch> matches = new ArrayList<>();
        Optional<org.apache.lucene.search.FieldDoc> after = Optional.empty();
        int blocksRead = 0;
        while (matches.size() < limit) {
            List<LogIndex.Candidate> candidates = index.candidates(required, prefix, filter, after,
                    CANDIDATES_PER_ROUND);
            for (LogIndex.Candidate candidate : candidates) {
                if (matches.size() >= limit || blocksRead >= MAX_BLOCKS_READ || System.nanoTime() > deadline) {
                    return new SearchResult(matches, blocksRead, true);
                }
                Optional<StoredLog> log = store.find(candidate.logId());
                if (log.isEmpty()) {
                    continue;
                }
                blocksRead++;
                match(log.get(), candidate.block(), needle, context, limit, matches);
            }
            if (candidates.size() < CANDIDATES_PER_ROUND) {
                return new SearchResult(matches, blocksRead, false);
            }
            after = Optional.of(candidates.getLast().position());
        }
        return new SearchResult(matches, blocksRead, true);
    }

    private void match(StoredLog log, int blockIndex, String needle, int context, int limit, List<LogMatch> matches)
            throws IOException {
        List<LogBlocks.Block> blocks = table(log);
        LogBlocks.Block block = blocks.get(blockIndex);
        byte[] raw = readBlock(log, block);
        List<LogLine> own = new ArrayList<>();
        appendLines(own, log, block, raw, block.firstLine(), Long.MAX_VALUE);
        for (int i = 0; i < own.size() && matches.size() < limit; i++) {
            if (!LogText.holds(own.get(i).text(), needle)) {
                continue;
            }
            long number = own.get(i).number();
            long from = Math.max(1, number - context);
            long to = number + context;
            List<LogLine> around;
            if (i - context >= 0 && i + context < own.size()) {
                around = List.copyOf(own.subList(i - context, i + context + 1));
            } else {
                around = lines(log, from, to);
            }
            matches.add(new LogMatch(log, number, around));
        }
    }

    private void authorizeRead(Actor actor, LogFilter filter) {
        if (filter.repository().isPresent()) {
            authorizer.require(actor, Action.LOGS_READ, Scope.repository(filter.repository().get().value()),
                    "repository:" + filter.repository().get());
        } else {
            authorizer.require(actor, Action.LOGS_READ, Scope.global(), "logs");
        }
    }

    /** Kept logs that {@code filter} admits, newest first. */
    public List<StoredLog> list(Actor actor, LogFilter filter, Optional<Long> beforeId, int limit) {
        authorizeRead(actor, filter);
        if (limit < 1 || limit > 500) {
            throw MainlineException.invalid("limit must be 1 to 500, got %d", limit);
        }
        return store.list(filter, beforeId, limit);
    }

    /** The failure groups of this archive: lookups of similar failures and a release's errors. */
    public FailureSearch failureSearch() {
        return new FailureSearch(store, failures, authorizer);
    }

    // Indexing.

    /** Indexes pending logs soon, on the worker. */
    public void drainSoon() {
        if (started && drainScheduled.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        try {
            // A log that cannot be indexed now waits for the next round without holding up the others.
            java.util.Set<Long> failed = new java.util.HashSet<>();
            List<StoredLog> pending;
            while (!(pending = store.unindexed(20 + failed.size()).stream()
                    .filter(log -> !failed.contains(log.id())).toList()).isEmpty()) {
                List<Added> batch = new ArrayList<>();
                long bytes = 0;
                for (StoredLog log : pending) {
                    try {
                        batch.add(add(log));
                        bytes += log.bytes();
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.WARNING, "cannot index log %d; it is tried again later".formatted(log.id()), e);
                        failed.add(log.id());
                    }
                    if (bytes >= COMMIT_EVERY_BYTES) {
                        commit(batch, failed);
                        batch = new ArrayList<>();
                        bytes = 0;
                    }
                }
                commit(batch, failed);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "indexing stopped; it goes on with the next round", e);
        } finally {
            try {
                failures.groupReportedFailures();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot group the failures of test reports", e);
            }
        }
    }

    /** A log whose blocks were added to the index, not yet committed, and the failures found in it. */
    private record Added(StoredLog log, List<FailureOccurrence> failures) {
    }

    /**
     * Makes the logs of {@code batch} searchable together, each whole, then records each as indexed with its
     * failures; a crash before a record leaves that log to be indexed again, which replaces what was committed. Logs
     * whose record fails are put in {@code failed}: they are tried again in a later round.
     */
    private void commit(List<Added> batch, java.util.Set<Long> failed) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            index.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the log index", e);
        }
        List<FailureOccurrence> recorded = new ArrayList<>();
        for (Added added : batch) {
            try {
                store.indexed(added.log().id(), clock.instant(), added.failures());
                recorded.addAll(added.failures());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot record log %d as indexed; it is tried again later"
                        .formatted(added.log().id()), e);
                failed.add(added.log().id());
            }
        }
        failures.add(recorded);
    }

    /** Indexes one log whole and records its failures: nothing of it is searchable until all of it is. */
    void indexLog(StoredLog log) throws IOException {
        java.util.Set<Long> failed = new java.util.HashSet<>();
        commit(List.of(add(log)), failed);
        if (!failed.isEmpty()) {
            throw new IllegalStateException("log %d could not be recorded as indexed".formatted(log.id()));
        }
    }

    /**
     * Adds every block of a log to the index, uncommitted, and finds its failures; on any failure nothing of the log
     * stays in the index.
     */
    private Added add(StoredLog log) throws IOException {
        index.delete(log.id());
        FailureExtractor extractor = new FailureExtractor();
        List<LogBlocks.Block> blocks;
        try {
            blocks = table(log);
        } catch (FileNotFoundException e) {
            LOG.warning(() -> "log %d has no content in the blob store; it is recorded as empty".formatted(log.id()));
            return new Added(log, List.of());
        }
        // This thread reads, decompresses and looks for failures line by line, in order; Lucene takes the blocks'
        // words on other threads meanwhile.
        List<Future<?>> added = new ArrayList<>();
        Semaphore inFlight = new Semaphore(ADDERS * 4);
        try {
            for (LogBlocks.Block block : blocks) {
                byte[] raw = readBlock(log, block);
                String text = LogText.plain(raw, block, extractor);
                inFlight.acquireUninterruptibly();
                added.add(adders.submit(() -> {
                    try {
                        index.add(log, block.index(), text);
                        return null;
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Future<?> add : added) {
                add.get();
            }
        } catch (IOException | RuntimeException | InterruptedException | ExecutionException e) {
            // Every add has ended (a cancelled one could still be running) before the log's blocks are deleted.
            for (Future<?> add : added) {
                try {
                    add.get();
                } catch (ExecutionException ignored) {
                    // Failed: nothing of it to delete.
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            // What was added for this log goes, so a later commit cannot make half of it searchable.
            index.delete(log.id());
            if (e instanceof ExecutionException failed && failed.getCause() instanceof IOException io) {
                throw io;
            }
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("indexing log %d failed".formatted(log.id()), e);
        }
        List<FailureOccurrence> found = new ArrayList<>();
        for (ExtractedFailure failure : extractor.finish()) {
            found.add(FailureOccurrence.inLog(failure, log));
        }
        return new Added(log, found);
    }

    /** Removes logs received longer ago than the retention setting allows; none when it is unset. */
    public int applyRetention() throws IOException {
        if (settings.retention().isEmpty()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(settings.retention().get());
        int removed = 0;
        List<StoredLog> old;
        while (!(old = store.receivedBefore(cutoff, 100)).isEmpty()) {
            for (StoredLog log : old) {
                index.delete(log.id());
                index.commit();
                store.delete(log.id());
                blobs.delete(log.blobKey());
                blobs.delete(log.blobKey() + ".blocks");
                removed++;
            }
        }
        return removed;
    }

    /** Waits until what is pending now is indexed: for tests and benchmarks. */
    public void awaitIndexed(Duration timeout) throws InterruptedException {
        java.util.concurrent.Future<?> done = worker.submit(this::drain);
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("indexing did not finish in " + timeout, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning(() -> "cannot remove " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
        adders.shutdown();
        index.close();
        failures.close();
    }

    /** The bytes of a range of a log, read block by block. */
    private final class BlockRangeStream extends InputStream {
        private final StoredLog log;
        private final List<LogBlocks.Block> blocks;
        private long position;
        private final long end;
        private byte[] current;
        private long currentStart;

        BlockRangeStream(StoredLog log, List<LogBlocks.Block> blocks, long from, long end) {
            this.log = log;
            this.blocks = blocks;
            this.position = from;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= end) {
                return -1;
            }
            if (current == null || position >= currentStart + current.length) {
                LogBlocks.Block block = blockAt(position);
                current = readBlock(log, block);
                currentStart = block.rawOffset();
            }
            int from = (int) (position - currentStart);
            int count = (int) Math.min(Math.min(length, current.length - from), end - position);
            System.arraycopy(current, from, buffer, offset, count);
            position += count;
            return count;
        }

        private LogBlocks.Block blockAt(long offset) {
            int low = 0;
            int high = blocks.size() - 1;
            while (low < high) {
                int middle = (low + high + 1) >>> 1;
                if (blocks.get(middle).rawOffset() <= offset) {
                    low = middle;
                } else {
                    high = middle - 1;
                }
            }
            return blocks.get(low);
        }
    }

    /** The sender's stream broke (the client went away): nothing of the upload is kept. */
    private static final class CutShort extends IOException {
        CutShort(long received, IOException cause) {
            super("the connection broke after %d bytes (%s)".formatted(received, cause.getMessage()), cause);
        }
    }

    /** Counts what is read through it; a broken read is a {@link CutShort}, unlike a failing disk. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int value = super.read();
                if (value >= 0) {
                    count++;
                }
                return value;
            } catch (EOFException e) {
                throw e;
            } catch (IOException e) {
                throw new CutShort(count, e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int read = super.read(buffer, offset, length);
                if (read > 0) {
                    count += read;
                }
                return read;
            } catch (EOFException e) {
                throw e;
            } catch (IOException e) {
                throw new CutShort(count, e);
            }
        }

        long count() {
            return count;
        }
    }
}
