package dev.mainline.server.logs;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.logarchive.FailureSearch;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.logs.FailureGroup;
import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogKind;
import dev.mainline.logs.LogOutcome;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.StoredLog;
import dev.mainline.logs.StoredOccurrence;
import dev.mainline.server.http.RequestTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The log archive over HTTP: uploads (the body is the log, gzip-compressed with {@code Content-Encoding: gzip} or
 * {@code Content-Type: application/gzip}; where it came from in the query), listings, a log's text whole or in byte
 * or line ranges, line search, similar failures, failure groups and a release's logs.
 */
@RestController
public class LogController {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final LogArchive archive;
    private final FailureSearch failures;

    public LogController(LogArchive archive) {
        this.archive = requireNonNull(archive, "archive is null");
        this.failures = archive.failureSearch();
    }

    record LogView(long id, String repository, String commit, String branch, Integer pullRequest, String job,
            int attempt, String release, String platform, String kind, String outcome, Instant startedAt,
            Instant finishedAt, Instant time, long bytes, long lines, Instant receivedAt, boolean searchable,
            int failures, String text) {
        static LogView of(StoredLog log) {
            LogSource source = log.source();
            return new LogView(log.id(), source.repository().value(), source.commit().orElse(null),
                    source.branch().orElse(null), source.pullRequest().orElse(null), source.job(), source.attempt(),
                    source.release().orElse(null), source.platform().orElse(null), source.kind().wireName(),
                    source.outcome().wireName(), source.startedAt().orElse(null), source.finishedAt().orElse(null),
                    log.time(), log.bytes(), log.lines(), log.receivedAt(), log.indexedAt().isPresent(),
                    log.failures(), "/api/v1/logs/%d/text".formatted(log.id()));
        }
    }

    record UploadView(String status, LogView log) {
    }

    @PostMapping(path = "/api/v1/logs", produces = "application/json")
    public ResponseEntity<UploadView> upload(Actor actor, @RequestParam String repository,
            @RequestParam(required = false) String commit, @RequestParam(required = false) String branch,
            @RequestParam(required = false) Integer pullRequest, @RequestParam String job,
            @RequestParam(defaultValue = "1") int attempt, @RequestParam(required = false) String release,
            @RequestParam(required = false) String platform, @RequestParam(defaultValue = "build") String kind,
            @RequestParam(defaultValue = "unknown") String outcome, @RequestParam(required = false) String startedAt,
            @RequestParam(required = false) String finishedAt, @RequestParam(required = false) String sha256,
            HttpServletRequest request) throws IOException {
        LogSource source = new LogSource(new RepositoryName(repository),
                Optional.ofNullable(commit).map(value -> value.toLowerCase(Locale.ROOT)), Optional.ofNullable(branch),
                Optional.ofNullable(pullRequest), job, attempt, Optional.ofNullable(release),
                Optional.ofNullable(platform), LogKind.fromWire(kind), time("startedAt", startedAt),
                time("finishedAt", finishedAt), LogOutcome.fromWire(outcome));
        boolean gzipped = "gzip".equalsIgnoreCase(request.getHeader("Content-Encoding"))
                || String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT).startsWith("application/gzip");
        long declared = request.getContentLengthLong();
        try (InputStream body = tooLargeIsRefused(request.getInputStream())) {
            LogArchive.Accepted accepted = archive.upload(actor, source, body, gzipped,
                    declared >= 0 ? OptionalLong.of(declared) : OptionalLong.empty(), Optional.ofNullable(sha256));
            return ResponseEntity.status(accepted.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                    .body(new UploadView(accepted.duplicate() ? "duplicate" : "accepted", LogView.of(accepted.log())));
        }
    }

    /** A chunked body that goes past the upload limit is refused as too large (413), not as cut short. */
    private static InputStream tooLargeIsRefused(InputStream body) {
        return new java.io.FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (RequestTooLargeException e) {
                    throw new MainlineException(ErrorCode.PAYLOAD_TOO_LARGE, e.getMessage(), e);
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    return super.read(buffer, offset, length);
                } catch (RequestTooLargeException e) {
                    throw new MainlineException(ErrorCode.PAYLOAD_TOO_LARGE, e.getMessage(), e);
                }
            }
        };
    }

    private static Optional<Instant> time(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw MainlineException.invalid("%s must be an ISO-8601 time such as 2026-11-24T18:00:00Z, got '%s'",
                    name, value);
        }
    }

    private static LogFilter filter(String repository, String branch, String job, String release, String outcome,
            String from, String to) {
        return new LogFilter(Optional.ofNullable(repository).map(RepositoryName::new), Optional.ofNullable(branch),
                Optional.ofNullable(job), Optional.ofNullable(release),
                Optional.ofNullable(outcome).map(LogOutcome::fromWire), time("from", from), time("to", to));
    }

    @GetMapping(path = "/api/v1/logs", produces = "application/json")
    public List<LogView> list(Actor actor, @RequestParam(required = false) String repository,
            @RequestParam(required = false) String branch, @RequestParam(required = false) String job,
            @RequestParam(required = false) String release, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long before, @RequestParam(defaultValue = "50") int limit) {
        return archive.list(actor, filter(repository, branch, job, release, outcome, from, to),
                Optional.ofNullable(before), limit).stream().map(LogView::of).toList();
    }

    @GetMapping(path = "/api/v1/logs/{id}", produces = "application/json")
    public LogView show(Actor actor, @PathVariable long id) {
        return LogView.of(archive.find(actor, id));
    }

    /**
     * The log's text: whole, streamed (as kept, gzip-compressed, when the client accepts gzip), or the byte range a
     * {@code Range} header asks for.
     */
    @GetMapping(path = "/api/v1/logs/{id}/text")
    public void text(Actor actor, @PathVariable long id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        StoredLog log = archive.find(actor, id);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Accept-Ranges", "bytes");
        String range = request.getHeader("Range");
        if (range != null && backwards(range.strip())) {
            // Not a valid range (RFC 9110): ignored, the whole log is sent.
            range = null;
        }
        Optional<long[]> wanted = range == null ? Optional.empty() : byteRange(range.strip(), log.bytes());
        if (range != null && wanted.isEmpty() && RANGE.matcher(range.strip()).matches()) {
            unsatisfiable(response, log, range);
            return;
        }
        if (wanted.isPresent()) {
            long from = wanted.get()[0];
            long to = wanted.get()[1];
            response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
            response.setHeader("Content-Range", "bytes %d-%d/%d".formatted(from, to - 1, log.bytes()));
            response.setContentLengthLong(to - from);
            try (InputStream in = archive.bytes(actor, id, from, to); OutputStream out = response.getOutputStream()) {
                in.transferTo(out);
            }
            return;
        }
        // What is sent depends on Accept-Encoding: caches must keep the two apart.
        response.setHeader("Vary", "Accept-Encoding");
        boolean gzip = acceptsGzip(request.getHeader("Accept-Encoding"));
        try (InputStream kept = archive.compressed(actor, id); OutputStream out = response.getOutputStream()) {
            if (gzip) {
                response.setHeader("Content-Encoding", "gzip");
                kept.transferTo(out);
            } else {
                response.setContentLengthLong(log.bytes());
                try (InputStream text = new GZIPInputStream(kept, 1 << 16)) {
                    text.transferTo(out);
                }
            }
        }
    }

    /**
     * The one range of bytes a {@code Range} header asks for, as [from, to) within {@code size}; empty when it asks for
     * none that can be served (416 when it was well formed) or is not a range of the kind served (then the whole log
     * is sent, as RFC 9110 allows: also for a range whose end comes before its start).
     */
    static Optional<long[]> byteRange(String header, long size) {
        Matcher matcher = RANGE.matcher(header);
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())
                || matcher.group(1).length() > 18 || matcher.group(2).length() > 18) {
            return Optional.empty();
        }
        long from;
        long to;
        if (matcher.group(1).isEmpty()) {
            from = Math.max(0, size - Long.parseLong(matcher.group(2)));
            to = size;
        } else {
            from = Long.parseLong(matcher.group(1));
            to = matcher.group(2).isEmpty() ? size : Math.min(size, Long.parseLong(matcher.group(2)) + 1);
        }
        return from >= size || to <= from ? Optional.empty() : Optional.of(new long[]{from, to});
    }

    private static boolean backwards(String header) {
        Matcher matcher = RANGE.matcher(header);
        return matcher.matches() && !matcher.group(1).isEmpty() && !matcher.group(2).isEmpty()
                && matcher.group(1).length() <= 18 && matcher.group(2).length() <= 18
                && Long.parseLong(matcher.group(2)) < Long.parseLong(matcher.group(1));
    }

    private static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        for (String coding : header.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = coding.strip().split(";");
            if (parts[0].strip().equals("gzip")) {
                return !(parts.length > 1 && parts[1].replace(" ", "").matches("q=0(\\.0*)?"));
            }
        }
        return false;
    }

    /** One range of bytes is served; anything else is answered 416 with the log's size. */
    private static void unsatisfiable(HttpServletResponse response, StoredLog log, String range) throws IOException {
        response.setStatus(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value());
        response.setHeader("Content-Range", "bytes */" + log.bytes());
        response.getWriter().printf("range '%s' is not one range of bytes within the log's %d bytes%n",
                range.length() > 100 ? range.substring(0, 100) : range, log.bytes());
    }

    record LineView(long number, String text) {
    }

    @GetMapping(path = "/api/v1/logs/{id}/lines", produces = "application/json")
    public List<LineView> lines(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "1") long from,
            @RequestParam(required = false) Long to) throws IOException {
        long last = to == null ? from + 999 : to;
        return archive.lines(actor, id, from, last).stream().map(line -> new LineView(line.number(), line.text()))
                .toList();
    }

    record MatchView(LogView log, long line, List<LineView> lines, String link) {
    }

    record SearchView(List<MatchView> matches, int blocksRead, boolean more) {
    }

    @GetMapping(path = "/api/v1/logs/search", produces = "application/json")
    public SearchView search(Actor actor, @RequestParam String q, @RequestParam(required = false) String repository,
            @RequestParam(required = false) String branch, @RequestParam(required = false) String job,
            @RequestParam(required = false) String release, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "3") int context, @RequestParam(defaultValue = "20") int limit)
            throws IOException {
        LogArchive.SearchResult result = archive.search(actor, q, filter(repository, branch, job, release, outcome,
                from, to), context, limit);
        return new SearchView(result.matches().stream().map(match -> new MatchView(LogView.of(match.log()),
                match.line(), match.lines().stream().map(line -> new LineView(line.number(), line.text())).toList(),
                "/api/v1/logs/%d/lines?from=%d&to=%d".formatted(match.log().id(), Math.max(1, match.line() - 50),
                        match.line() + 50)))
                .toList(), result.blocksRead(), result.more());
    }

    record GroupView(long id, String fingerprint, String kind, String title, String signature, String sample,
            Instant firstSeen, Instant lastSeen, long count) {
        static GroupView of(FailureGroup group) {
            return new GroupView(group.id(), group.fingerprint(), group.kind().wireName(), group.title(),
                    group.signature(), group.sample(), group.firstSeen(), group.lastSeen(), group.count());
        }
    }

    record OccurrenceView(String repository, String commit, String branch, Integer pullRequest, String job,
            String release, Long log, long line, String test, Instant at, String link) {
        static OccurrenceView of(StoredOccurrence occurrence) {
            return new OccurrenceView(occurrence.repository().value(), occurrence.commit().orElse(null),
                    occurrence.branch().orElse(null), occurrence.pullRequest().orElse(null),
                    occurrence.job().orElse(null), occurrence.release().orElse(null),
                    occurrence.logId().orElse(null), occurrence.line(), occurrence.test().orElse(null),
                    occurrence.at(), occurrence.logId().map(log -> "/api/v1/logs/%d/lines?from=%d&to=%d".formatted(
                            log, Math.max(1, occurrence.line() - 20), occurrence.line() + 80)).orElse(null));
        }
    }

    record SimilarView(GroupView group, boolean exact, double score, List<OccurrenceView> recent) {
    }

    record SimilarRequest(String text, Integer limit) {
    }

    @GetMapping(path = "/api/v1/failures/similar", produces = "application/json")
    public List<SimilarView> similar(Actor actor, @RequestParam String q,
            @RequestParam(defaultValue = "10") int limit) {
        return similarViews(actor, q, limit);
    }

    /** The same lookup with the text in the body, for a whole stack trace. */
    @PostMapping(path = "/api/v1/failures/similar", produces = "application/json")
    public List<SimilarView> similarPosted(Actor actor, @RequestBody SimilarRequest request) {
        if (request.text() == null) {
            throw MainlineException.invalid("text is required");
        }
        return similarViews(actor, request.text(), request.limit() == null ? 10 : request.limit());
    }

    private List<SimilarView> similarViews(Actor actor, String text, int limit) {
        return failures.similar(actor, text, limit).stream().map(similar -> new SimilarView(
                GroupView.of(similar.group()), similar.exact(), similar.score(),
                similar.recent().stream().map(OccurrenceView::of).toList())).toList();
    }

    record GroupDetailView(GroupView group, List<OccurrenceView> occurrences, Set<Long> logs, Set<String> tests,
            Set<String> pullRequests, Set<String> releases, Set<String> repositories) {
    }

    @GetMapping(path = "/api/v1/failures/{id}", produces = "application/json")
    public GroupDetailView group(Actor actor, @PathVariable long id) {
        FailureSearch.GroupView group = failures.group(actor, id);
        return new GroupDetailView(GroupView.of(group.group()), group.occurrences().stream()
                .map(OccurrenceView::of).toList(), group.logs(), group.tests(), group.pullRequests(),
                group.releases(), group.repositories());
    }

    record ReleaseView(String version, List<LogView> logs, List<GroupView> errors) {
    }

    @GetMapping(path = "/api/v1/releases/{version}/logs", produces = "application/json")
    public ReleaseView release(Actor actor, @PathVariable String version,
            @RequestParam(defaultValue = "200") int limit) {
        FailureSearch.ReleaseView release = failures.release(actor, version, limit);
        return new ReleaseView(release.version(), release.logs().stream().map(LogView::of).toList(),
                release.errors().stream().map(GroupView::of).toList());
    }
}
