package dev.mainline.mergequeue;

import static dev.mainline.mergequeue.QueueEventCodec.add;
import static dev.mainline.mergequeue.QueueEventCodec.escape;
import static dev.mainline.mergequeue.QueueEventCodec.integer;
import static dev.mainline.mergequeue.QueueEventCodec.text;

import dev.mainline.common.MainlineException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes a whole {@link MergeQueueState} as lines of text and reads it back exactly: the snapshot a journal is
 * compacted into. One line per part (tab-separated, text escaped as in {@link QueueEventCodec}); the first line names
 * the format and its version, the last is {@code end}, so a cut-off snapshot is refused rather than half-read.
 */
public final class QueueStateCodec {
    private static final String FORMAT = "mainline-queue-state";
    private static final String VERSION = "1";
    private static final String ABSENT = "-";
    private static final String PRESENT = "+";

    private QueueStateCodec() {
    }

    public static String encode(MergeQueueState state) {
        List<String> lines = new ArrayList<>();
        lines.add(line(FORMAT, VERSION));
        List<String> configuration = new ArrayList<>(List.of("configuration"));
        QueueEventCodec.addConfiguration(configuration, state.configuration());
        lines.add(String.join("\t", configuration));
        lines.add(line("now", state.now()));
        lines.add(line("main", escape(state.main())));
        state.lockReason().ifPresent(reason -> lines.add(line("lock", escape(reason))));
        List<String> merges = new ArrayList<>(List.of("merges"));
        state.merges().forEach(merge -> merges.add(escape(merge)));
        lines.add(String.join("\t", merges));
        lines.add(line("builds-so-far", state.nextBuildId()));
        lines.add(line("ci-observed", state.ciTimeObserved(), state.ciRunsObserved()));
        for (QueueEntry entry : state.entries()) {
            List<String> fields = new ArrayList<>(List.of("entry"));
            addEntry(fields, entry);
            lines.add(String.join("\t", fields));
        }
        for (SpeculativeBuild build : state.builds()) {
            List<String> fields = new ArrayList<>(List.of("build"));
            add(fields, build.id().value(), build.kind(), build.added(), build.status(), optional(build.commit()),
                    optional(build.ciStartedAt().map(Instant::toString)), build.ciRuns(), build.entries().size());
            build.entries().forEach(ref -> add(fields, ref.pullRequest(), escape(ref.head())));
            lines.add(String.join("\t", fields));
        }
        // The build comes last, and only when there is one: snapshots written before lines named builds read the same.
        new TreeMap<>(state.history()).forEach((pullRequest, events) -> events.forEach(event -> lines.add(
                event.build().isPresent()
                        ? line("history", pullRequest, event.at(), event.kind(), escape(event.detail()),
                                event.build().get().value())
                        : line("history", pullRequest, event.at(), event.kind(), escape(event.detail())))));
        new TreeMap<>(state.emergencyAuthors()).forEach((pullRequest, author) -> lines.add(
                line("emergency-author", pullRequest, escape(author))));
        for (UnconfirmedForward forward : state.unconfirmedForwards()) {
            List<String> fields = new ArrayList<>(List.of("forward"));
            add(fields, escape(forward.from()), escape(forward.to()));
            forward.emergency().ifPresentOrElse(emergency -> add(fields, PRESENT, emergency.ref().pullRequest(),
                    escape(emergency.ref().head()), escape(emergency.author())), () -> fields.add(ABSENT));
            fields.add(String.valueOf(forward.entries().size()));
            forward.entries().forEach(entry -> addEntry(fields, entry));
            lines.add(String.join("\t", fields));
        }
        lines.add("end");
        return String.join("\n", lines) + "\n";
    }

    /** Reads text written by {@link #encode}; anything else, a cut-off snapshot included, is refused. */
    public static MergeQueueState decode(String text) {
        String[] lines = text.split("\n", -1);
        int number = 0;
        try {
            if (!lines[0].equals(FORMAT + "\t" + VERSION)) {
                throw new IllegalArgumentException("it does not start with '%s %s'".formatted(FORMAT, VERSION));
            }
            QueueConfiguration configuration = null;
            Instant now = null;
            String main = null;
            Optional<String> lock = Optional.empty();
            List<String> merges = List.of();
            long nextBuildId = 1;
            Duration ciTime = Duration.ZERO;
            long ciRuns = 0;
            List<QueueEntry> entries = new ArrayList<>();
            List<SpeculativeBuild> builds = new ArrayList<>();
            Map<Integer, List<HistoryEvent>> history = new TreeMap<>();
            Map<Integer, String> emergencyAuthors = new TreeMap<>();
            List<UnconfirmedForward> forwards = new ArrayList<>();
            boolean ended = false;
            for (number = 1; number < lines.length && !ended; number++) {
                if (lines[number].isEmpty()) {
                    break;
                }
                String[] fields = lines[number].split("\t", -1);
                switch (fields[0]) {
                    case "configuration" -> configuration = QueueEventCodec.configuration(fields, 1);
                    case "now" -> now = Instant.parse(fields[1]);
                    case "main" -> main = text(fields[1]);
                    case "lock" -> lock = Optional.of(text(fields[1]));
                    case "merges" -> merges = readTexts(fields, 1, fields.length - 1);
                    case "builds-so-far" -> nextBuildId = Long.parseLong(fields[1]);
                    case "ci-observed" -> {
                        ciTime = Duration.parse(fields[1]);
                        ciRuns = Long.parseLong(fields[2]);
                    }
                    case "entry" -> entries.add(readEntry(fields, 1));
                    case "build" -> builds.add(readBuild(fields));
                    case "history" -> history.computeIfAbsent(integer(fields[1]), key -> new ArrayList<>())
                            .add(new HistoryEvent(Instant.parse(fields[2]), HistoryEvent.Kind.valueOf(fields[3]),
                                    text(fields[4]), fields.length > 5
                                            ? Optional.of(new BuildId(Long.parseLong(fields[5])))
                                            : Optional.empty()));
                    case "emergency-author" -> emergencyAuthors.put(integer(fields[1]), text(fields[2]));
                    case "forward" -> forwards.add(readForward(fields));
                    case "end" -> ended = true;
                    default -> throw new IllegalArgumentException("unknown part '%s'".formatted(fields[0]));
                }
            }
            if (!ended || configuration == null || now == null || main == null) {
                throw new IllegalArgumentException("it is cut off");
            }
            return new MergeQueueState(configuration, now, main, entries, builds, lock, merges, nextBuildId, ciTime,
                    ciRuns, history, emergencyAuthors, forwards);
        } catch (RuntimeException e) {
            throw MainlineException.invalid("not a merge queue snapshot (line %d): %s", number + 1, e.getMessage());
        }
    }

    private static String line(Object... fields) {
        List<String> values = new ArrayList<>();
        add(values, fields);
        return String.join("\t", values);
    }

    private static String optional(Optional<String> value) {
        return value.map(present -> PRESENT + escape(present)).orElse(ABSENT);
    }

    private static Optional<String> readOptional(String field) {
        if (field.equals(ABSENT)) {
            return Optional.empty();
        }
        if (!field.startsWith(PRESENT)) {
            throw new IllegalArgumentException("'%s' is neither absent nor present".formatted(field));
        }
        return Optional.of(text(field.substring(1)));
    }

    private static List<String> readTexts(String[] fields, int from, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            texts.add(text(fields[i]));
        }
        return texts;
    }

    private static void addEntry(List<String> fields, QueueEntry entry) {
        add(fields, entry.pullRequest(), escape(entry.head()), escape(entry.author()), entry.priority(),
                entry.successEstimate(), entry.enqueuedAt(), entry.failures(), entry.batchLimit());
    }

    private static final int ENTRY_FIELDS = 8;

    private static QueueEntry readEntry(String[] fields, int from) {
        return new QueueEntry(integer(fields[from]), text(fields[from + 1]), text(fields[from + 2]),
                Priority.valueOf(fields[from + 3]), Double.parseDouble(fields[from + 4]),
                Instant.parse(fields[from + 5]), integer(fields[from + 6]), integer(fields[from + 7]));
    }

    private static SpeculativeBuild readBuild(String[] fields) {
        int count = integer(fields[8]);
        List<EntryRef> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            refs.add(new EntryRef(integer(fields[9 + 2 * i]), text(fields[10 + 2 * i])));
        }
        return new SpeculativeBuild(new BuildId(Long.parseLong(fields[1])), SpeculativeBuild.Kind.valueOf(fields[2]),
                refs, integer(fields[3]), SpeculativeBuild.Status.valueOf(fields[4]), readOptional(fields[5]),
                readOptional(fields[6]).map(Instant::parse), integer(fields[7]));
    }

    private static UnconfirmedForward readForward(String[] fields) {
        int at = 3;
        Optional<UnconfirmedForward.Emergency> emergency = Optional.empty();
        if (fields[at].equals(PRESENT)) {
            emergency = Optional.of(new UnconfirmedForward.Emergency(
                    new EntryRef(integer(fields[at + 1]), text(fields[at + 2])), text(fields[at + 3])));
            at += 4;
        } else {
            at += 1;
        }
        int count = integer(fields[at]);
        List<QueueEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(readEntry(fields, at + 1 + i * ENTRY_FIELDS));
        }
        return new UnconfirmedForward(text(fields[1]), text(fields[2]), entries, emergency);
    }
}
