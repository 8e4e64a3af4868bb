package dev.mainline.junit;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Scope;
import dev.mainline.inbox.InboxMessage;
import dev.mainline.inbox.InboxStore;
import dev.mainline.inbox.InboxWorker;
import dev.mainline.inbox.WorkQueue;
import dev.mainline.pullrequest.PullRequest;
import dev.mainline.pullrequest.PullRequestStore;
import dev.mainline.testresults.StoredReport;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestHealthTracker;
import dev.mainline.testresults.TestOwnership;
import dev.mainline.testresults.TestReport;
import dev.mainline.testresults.TestResultStore;
import dev.mainline.testresults.TestRun;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Test reports uploaded by CI. An upload is read whole once, at once, so whatever is wrong with it is answered to the
 * uploader (and nothing is kept); a good one is archived compressed under {@code archiveRoot}, recorded in the inbox,
 * and acknowledged; one worker then stores its results. An acknowledged upload is on disk and in the database before
 * the answer, so a restart loses nothing: the worker stores what was pending when it starts. The same report uploaded
 * again for the same commit, job, attempt and name is recognised and stored once.
 */
public final class TestUploads implements AutoCloseable {
    public static final String SOURCE = "test-upload";
    private static final Logger LOG = Logger.getLogger(TestUploads.class.getName());
    private static final int MAX_NAME = 500;

    private final Path archiveRoot;
    private final JUnitReportParser parser;
    private final TestResultStore results;
    private final TestHealthTracker health;
    private final TestOwnership ownership;
    private final Optional<WorkQueue> queue;
    private final InboxStore inbox;
    private final SourceRepositoryStore repositories;
    private final PullRequestStore pullRequests;
    private final Authorizer authorizer;
    private final Clock clock;
    private final InboxWorker worker;
    private volatile boolean started;

    /** What an upload gave: its id, whether it was a repeat, and what the report holds. */
    public record Accepted(String upload, boolean duplicate, int tests, long failed, long flaky) {
    }

    public TestUploads(Path archiveRoot, JUnitReportParser parser, TestResultStore results, TestHealthTracker health,
            TestOwnership ownership, Optional<WorkQueue> queue, InboxStore inbox, SourceRepositoryStore repositories,
            PullRequestStore pullRequests, Authorizer authorizer,
            Clock clock) {
        this.archiveRoot = requireNonNull(archiveRoot, "archiveRoot is null");
        this.parser = requireNonNull(parser, "parser is null");
        this.results = requireNonNull(results, "results is null");
        this.health = requireNonNull(health, "health is null");
        this.ownership = requireNonNull(ownership, "ownership is null");
        this.queue = requireNonNull(queue, "queue is null");
        this.inbox = requireNonNull(inbox, "inbox is null");
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.pullRequests = requireNonNull(pullRequests, "pullRequests is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.worker = new InboxWorker(SOURCE, inbox, clock, this::store);
    }

    /** Stores what was acknowledged and not yet stored, then stores each upload as it comes. */
    public void start() {
        started = true;
        queue.ifPresent(work -> work.start(worker::handleNow));
        worker.drainEvery(java.time.Duration.ofMinutes(5));
        drainSoon();
    }

    /**
     * Takes one report of {@code run}: {@code body} is the XML, gzip-compressed when {@code gzipped}. Refused, with
     * nothing kept, when the caller may not upload to the repository or the report is not a readable one.
     */
    public Accepted upload(Actor actor, TestRun run, String reportName, InputStream body, boolean gzipped) {
        requireNonNull(body, "body is null");
        authorizer.require(actor, Action.TEST_RESULTS_UPLOAD, Scope.repository(run.repository().value()),
                "repository:" + run.repository());
        return accept(Optional.of(actor), run, reportName, body, gzipped);
    }

    /**
     * Takes a report this server's own CI wrote (the local runner of a merge queue), as if CI had uploaded it: no
     * caller to check and nothing to audit, the same archive, inbox and worker, so it is stored after a restart too.
     * A report that cannot be read or kept is reported and left out (empty): the run it belongs to goes on.
     */
    public Optional<Accepted> keepCaptured(TestRun run, Path report) {
        requireNonNull(report, "report is null");
        try (InputStream body = Files.newInputStream(report)) {
            return Optional.of(accept(Optional.empty(), run, report.getFileName().toString(), body, false));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot keep the report %s of %s (%s, attempt %d)".formatted(report, run.commit(),
                    run.job(), run.attempt()), e);
            return Optional.empty();
        }
    }

    /** Reads, checks, archives and records one report; {@code actor} is who uploaded it, none for a captured one. */
    private Accepted accept(Optional<Actor> actor, TestRun run, String reportName, InputStream body,
            boolean gzipped) {
        String target = "repository:" + run.repository();
        repositories.findByName(run.repository())
                .orElseThrow(() -> MainlineException.notFound("repository '%s' does not exist", run.repository()));
        if (reportName.isBlank() || reportName.length() > MAX_NAME
                || reportName.chars().anyMatch(Character::isISOControl)) {
            throw MainlineException.invalid("name must have 1 to %d characters and no control characters", MAX_NAME);
        }
        Path incoming = archiveRoot.resolve("incoming").resolve(UUID.randomUUID() + ".xml.gz");
        try {
            Files.createDirectories(incoming.getParent());
            receive(body, gzipped, incoming);
            MessageDigest sha = sha256();
            TestReport report;
            try (InputStream xml = new DigestInputStream(open(incoming), sha)) {
                // The XML reader may close what it reads; the rest of the file still goes into the digest.
                report = parser.parse(reportName, new java.io.FilterInputStream(xml) {
                    @Override
                    public void close() {
                    }
                });
                xml.transferTo(OutputStream.nullOutputStream());
            } catch (ReportRejectedException e) {
                throw MainlineException.invalid("%s", e.getMessage());
            } catch (IOException e) {
                throw MainlineException.invalid("%s: the upload is not gzip-compressed as it says (%s)", reportName,
                        e.getMessage());
            }
            String digest = digest(run, reportName, sha.digest());
            long failed = report.tests().stream().filter(test -> test.outcome().failed()).count();
            Accepted accepted = new Accepted(digest, false, report.tests().size(), failed, report.flaky());
            Optional<InboxMessage> earlier = inbox.find(SOURCE, digest);
            boolean retry = earlier.isPresent() && earlier.get().doneAt().isPresent()
                    && earlier.get().outcome().orElse("").startsWith("failed");
            if (results.findRun(run.repository(), digest).isPresent() || (earlier.isPresent() && !retry)) {
                return new Accepted(digest, true, accepted.tests(), failed, accepted.flaky());
            }
            Path archived = archive(run.repository(), digest);
            Files.createDirectories(archived.getParent());
            Files.move(incoming, archived, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            force(archived.getParent());
            // An upload whose storing failed is taken again when it is sent again.
            boolean queued = retry
                    ? inbox.reopen(SOURCE, digest, encode(run, reportName))
                    : inbox.accept(InboxMessage.received(SOURCE, digest, "junit", encode(run, reportName),
                            clock.instant()));
            if (!queued) {
                return new Accepted(digest, true, accepted.tests(), failed, accepted.flaky());
            }
            actor.ifPresent(uploader -> authorizer.succeeded(uploader, Action.TEST_RESULTS_UPLOAD, target,
                    "uploaded %s for %s (%s, attempt %d):".formatted(reportName, run.commit(), run.job(),
                            run.attempt()) + " %d tests, %d failed".formatted(accepted.tests(), failed)));
            queued(digest, retry);
            return accepted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the uploaded report " + reportName, e);
        } finally {
            try {
                Files.deleteIfExists(incoming);
            } catch (IOException e) {
                LOG.warning(() -> "cannot remove " + incoming + ": " + e.getMessage());
            }
        }
    }

    /** Writes the body, compressed, to {@code file}, forced to disk. */
    private static void receive(InputStream body, boolean gzipped, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            if (gzipped) {
                body.transferTo(out);
            } else {
                // The fastest level: reports compress about tenfold anyway, and the upload is waiting for this.
                try (GZIPOutputStream compressed = new GZIPOutputStream(out, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                }) {
                    body.transferTo(compressed);
                }
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static InputStream open(Path archived) throws IOException {
        return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archived), 1 << 16), 1 << 16);
    }

    private static void force(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private Path archive(RepositoryName repository, String digest) {
        return archiveRoot.resolve(repository.value()).resolve(digest + ".xml.gz");
    }

    /** One id per report and where it came from: the same file for another job or attempt is another upload. */
    private static String digest(TestRun run, String reportName, byte[] content) {
        MessageDigest sha = sha256();
        for (String part : List.of(run.repository().value(), run.commit(), run.job(), String.valueOf(run.attempt()),
                reportName)) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        sha.update(content);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encode(TestRun run, String reportName) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("repository", run.repository().value());
        fields.put("commit", run.commit());
        run.branch().ifPresent(branch -> fields.put("branch", branch));
        run.pullRequest().ifPresent(number -> fields.put("pullRequest", number.toString()));
        fields.put("job", run.job());
        fields.put("attempt", String.valueOf(run.attempt()));
        run.author().ifPresent(author -> fields.put("author", author));
        fields.put("name", reportName);
        StringBuilder text = new StringBuilder();
        fields.forEach((key, value) -> text.append(key).append('\t')
                .append(value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> decode(byte[] payload) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(payload, StandardCharsets.UTF_8).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                StringBuilder value = new StringBuilder();
                String raw = line.substring(tab + 1);
                for (int i = 0; i < raw.length(); i++) {
                    char character = raw.charAt(i);
                    if (character == '\\' && i + 1 < raw.length()) {
                        char next = raw.charAt(++i);
                        value.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
                    } else {
                        value.append(character);
                    }
                }
                fields.put(line.substring(0, tab), value.toString());
            }
        }
        return fields;
    }

    /** Hands an accepted upload to the work queue, or, without one (or when it fails), to this server's worker. */
    private void queued(String id, boolean reopened) {
        if (queue.isPresent() && !reopened) {
            // A reopened upload's id may still be in the queue's duplicate window: this server stores it itself.
            try {
                queue.get().submit(id);
                return;
            } catch (RuntimeException e) {
                // The upload is in the inbox: this server stores it instead.
                LOG.log(Level.WARNING, "cannot queue upload %s; storing it here".formatted(id), e);
            }
        }
        drainSoon();
    }

    private void drainSoon() {
        if (started) {
            worker.drainSoon();
        }
    }

    private String store(InboxMessage message) {
        Map<String, String> fields = decode(message.payload());
        TestRun run = new TestRun(new RepositoryName(fields.get("repository")), fields.get("commit"),
                Optional.ofNullable(fields.get("branch")),
                Optional.ofNullable(fields.get("pullRequest")).map(Integer::valueOf), fields.get("job"),
                Integer.parseInt(fields.get("attempt")), Optional.ofNullable(fields.get("author")));
        if (run.author().isEmpty() && run.pullRequest().isPresent()) {
            // A pull request Mainline knows (local mode) says who wrote the change.
            Optional<PullRequest> pull = pullRequests.find(run.repository(), run.pullRequest().get());
            if (pull.isPresent()) {
                run = run.withAuthor(pull.get().author());
            }
        }
        String name = fields.get("name");
        List<TestCaseResult> tests;
        try (InputStream xml = open(archive(run.repository(), message.id()))) {
            tests = parser.parse(name, xml).tests();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archived report " + message.id(), e);
        }
        StoredReport stored;
        try {
            stored = results.storeRun(run, message.id(), name, message.receivedAt(), tests);
        } catch (MainlineException e) {
            // Only the run itself being there already means it was stored before; any other conflict is a failure.
            if (e.errorCode() == ErrorCode.ALREADY_EXISTS && results.findRun(run.repository(), message.id())
                    .isPresent()) {
                // Stored, but perhaps not classified: the server may have stopped in between.
                health.reportStoredBefore(run.repository(), tests);
                return "stored before";
            }
            if (e.errorCode() == ErrorCode.ALREADY_EXISTS) {
                // Another server stored the same new test, job run or test set at the same moment: try again later.
                throw new InboxWorker.NotNow("another report was being stored at the same time", e);
            }
            throw e;
        }
        ownership.markChanged(run.repository());
        try {
            health.reportStored(run.repository(), stored, tests);
        } catch (RuntimeException e) {
            // The report is stored; its tests are classified again with the next report that holds them.
            LOG.log(Level.WARNING, "cannot classify the tests of run %d".formatted(stored.runId()), e);
        }
        return "stored as run %d: %d tests".formatted(stored.runId(), tests.size());
    }

    @Override
    public void close() {
        queue.ifPresent(WorkQueue::close);
        worker.close();
    }
}
