package dev.mainline.mergequeue;

import dev.mainline.common.MainlineException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a {@link QueueEvent} as one line of text and reads it back exactly, for journals. Fields are separated by
 * tabs; text fields escape {@code %}, tab, carriage return and newline as {@code %25}, {@code %09}, {@code %0D} and
 * {@code %0A}, so a line never contains a line break.
 */
public final class QueueEventCodec {
    private static final String SEPARATOR = "\t";

    private QueueEventCodec() {
    }

    public static String encode(QueueEvent event) {
        List<String> fields = new ArrayList<>();
        fields.add(event.getClass().getSimpleName());
        fields.add(event.at().toString());
        switch (event) {
            case QueueEvent.Enqueued enqueued -> add(fields, enqueued.pullRequest(), escape(enqueued.head()),
                    escape(enqueued.author()), enqueued.priority(), enqueued.successEstimate());
            case QueueEvent.EmergencyMerge emergency -> add(fields, emergency.pullRequest(), escape(emergency.head()),
                    escape(emergency.author()), escape(emergency.by()));
            case QueueEvent.Updated updated -> add(fields, updated.pullRequest(), escape(updated.head()));
            case QueueEvent.Dequeued dequeued -> add(fields, dequeued.pullRequest(), escape(dequeued.reason()));
            case QueueEvent.CommitBuilt built -> add(fields, built.build().value(), escape(built.commit()));
            case QueueEvent.CommitConflicted conflicted -> {
                add(fields, conflicted.build().value(), conflicted.pullRequest());
                conflicted.files().forEach(file -> fields.add(escape(file)));
            }
            case QueueEvent.HeadMissing missing -> add(fields, missing.build().value(), missing.pullRequest(),
                    escape(missing.head()));
            case QueueEvent.SettingsRefused refused -> add(fields, refused.build().value(), refused.pullRequest(),
                    escape(refused.problem()));
            case QueueEvent.CiFinished finished -> add(fields, finished.build().value(), finished.outcome());
            case QueueEvent.Started started -> add(fields, escape(started.main()));
            case QueueEvent.MainMoved moved -> add(fields, escape(moved.commit()));
            case QueueEvent.FastForwardRefused refused -> add(fields, escape(refused.to()), escape(refused.actual()));
            case QueueEvent.FastForwarded forwarded -> add(fields, escape(forwarded.to()));
            case QueueEvent.Landed landed -> add(fields, landed.pullRequest(), escape(landed.main()));
            case QueueEvent.Deployed deployed -> add(fields, escape(deployed.commit()));
            case QueueEvent.Locked locked -> add(fields, escape(locked.by()), escape(locked.reason()));
            case QueueEvent.Unlocked unlocked -> add(fields, escape(unlocked.by()));
            case QueueEvent.ConfigurationChanged changed -> addConfiguration(fields, changed.configuration());
            case QueueEvent.Tick tick -> {
            }
        }
        return String.join(SEPARATOR, fields);
    }

    /** Reads a line written by {@link #encode}; a line that is not one is refused, naming what is wrong. */
    public static QueueEvent decode(String line) {
        String[] fields = line.split(SEPARATOR, -1);
        try {
            Instant at = Instant.parse(fields[1]);
            return switch (fields[0]) {
                case "Enqueued" -> new QueueEvent.Enqueued(at, integer(fields[2]), text(fields[3]), text(fields[4]),
                        Priority.valueOf(fields[5]), Double.parseDouble(fields[6]));
                case "EmergencyMerge" -> new QueueEvent.EmergencyMerge(at, integer(fields[2]), text(fields[3]),
                        text(fields[4]), text(fields[5]));
                case "Updated" -> new QueueEvent.Updated(at, integer(fields[2]), text(fields[3]));
                case "Dequeued" -> new QueueEvent.Dequeued(at, integer(fields[2]), text(fields[3]));
                case "CommitBuilt" -> new QueueEvent.CommitBuilt(at, new BuildId(Long.parseLong(fields[2])),
                        text(fields[3]));
                case "CommitConflicted" -> new QueueEvent.CommitConflicted(at,
                        new BuildId(Long.parseLong(fields[2])), integer(fields[3]),
                        Arrays.stream(fields, 4, fields.length).map(QueueEventCodec::text).toList());
                case "HeadMissing" -> new QueueEvent.HeadMissing(at, new BuildId(Long.parseLong(fields[2])),
                        integer(fields[3]), text(fields[4]));
                case "SettingsRefused" -> new QueueEvent.SettingsRefused(at, new BuildId(Long.parseLong(fields[2])),
                        integer(fields[3]), text(fields[4]));
                case "CiFinished" -> new QueueEvent.CiFinished(at, new BuildId(Long.parseLong(fields[2])),
                        CiOutcome.valueOf(fields[3]));
                case "Started" -> new QueueEvent.Started(at, text(fields[2]));
                case "MainMoved" -> new QueueEvent.MainMoved(at, text(fields[2]));
                case "FastForwardRefused" -> new QueueEvent.FastForwardRefused(at, text(fields[2]), text(fields[3]));
                case "FastForwarded" -> new QueueEvent.FastForwarded(at, text(fields[2]));
                case "Landed" -> new QueueEvent.Landed(at, integer(fields[2]), text(fields[3]));
                case "Deployed" -> new QueueEvent.Deployed(at, text(fields[2]));
                case "Locked" -> new QueueEvent.Locked(at, text(fields[2]), text(fields[3]));
                case "Unlocked" -> new QueueEvent.Unlocked(at, text(fields[2]));
                case "ConfigurationChanged" -> new QueueEvent.ConfigurationChanged(at, configuration(fields, 2));
                case "Tick" -> new QueueEvent.Tick(at);
                default -> throw MainlineException.invalid("unknown queue event type '%s'", fields[0]);
            };
        } catch (RuntimeException e) {
            if (e instanceof MainlineException mainline) {
                throw mainline;
            }
            throw MainlineException.invalid("not a queue event: '%s' (%s)", abbreviate(line), e.getMessage());
        }
    }

    static void addConfiguration(List<String> fields, QueueConfiguration configuration) {
        add(fields, configuration.failureTolerance(), configuration.ciBudget(), configuration.maxUndeployedMerges(),
                configuration.batchSize(), configuration.maxExclusions(), configuration.assumedFlakeRate(),
                configuration.defaultSuccessEstimate(), configuration.expectedCiDuration(),
                configuration.minSpeculationWeight(), configuration.countSuccessiveFailures());
    }

    /** The configuration written by {@link #addConfiguration} at {@code fields[from]} on. */
    static QueueConfiguration configuration(String[] fields, int from) {
        return new QueueConfiguration(integer(fields[from]), integer(fields[from + 1]), integer(fields[from + 2]),
                integer(fields[from + 3]), integer(fields[from + 4]), Double.parseDouble(fields[from + 5]),
                Double.parseDouble(fields[from + 6]), Duration.parse(fields[from + 7]),
                Double.parseDouble(fields[from + 8]), Boolean.parseBoolean(fields[from + 9]));
    }

    static void add(List<String> fields, Object... values) {
        for (Object value : values) {
            fields.add(String.valueOf(value));
        }
    }

    static int integer(String field) {
        return Integer.parseInt(field);
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char character = text.charAt(i);
            switch (character) {
                case '%' -> escaped.append("%25");
                case '\t' -> escaped.append("%09");
                case '\n' -> escaped.append("%0A");
                case '\r' -> escaped.append("%0D");
                default -> escaped.append(character);
            }
        }
        return escaped.toString();
    }

    static String text(String field) {
        if (field.indexOf('%') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char character = field.charAt(i);
            if (character == '%') {
                if (i + 2 >= field.length()) {
                    throw new IllegalArgumentException("truncated escape in '%s'".formatted(field));
                }
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                text.append(character);
            }
        }
        return text.toString();
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 120) + "…";
    }
}
