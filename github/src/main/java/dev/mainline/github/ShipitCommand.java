package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A merge queue command in a pull request comment. The command is the comment's first line: {@code /shipit} queues
 * the pull request, {@code /shipit --emergency} lands it now without waiting for CI, {@code /shipit cancel} takes it
 * out. Anything else that starts with {@code /shipit} is refused with what was wrong; other comments are not commands.
 */
public sealed interface ShipitCommand {
    record Enqueue() implements ShipitCommand {
    }

    record Emergency() implements ShipitCommand {
    }

    record Cancel() implements ShipitCommand {
    }

    /** The comment is not addressed to the queue. */
    record NotACommand() implements ShipitCommand {
    }

    /** It is, but it says something the queue does not understand; {@code reason} is what the author is told. */
    record Invalid(String reason) implements ShipitCommand {
        public Invalid {
            requireNonNull(reason, "reason is null");
        }
    }

    String COMMAND = "/shipit";
    int MAX_ECHO = 60;

    static ShipitCommand parse(String comment) {
        if (comment == null) {
            return new NotACommand();
        }
        String firstLine = comment.strip().lines().findFirst().orElse("").strip();
        if (!firstLine.toLowerCase(Locale.ROOT).startsWith(COMMAND)) {
            return new NotACommand();
        }
        String rest = firstLine.substring(COMMAND.length());
        if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
            return new NotACommand();
        }
        String argument = rest.strip().toLowerCase(Locale.ROOT);
        return switch (argument) {
            case "" -> new Enqueue();
            case "--emergency" -> new Emergency();
            case "cancel" -> new Cancel();
            default ->
                new Invalid("`/shipit %s` is not a command; use `/shipit`, `/shipit --emergency` or `/shipit cancel`"
                        .formatted(echo(rest.strip())));
        };
    }

    private static String echo(String text) {
        String printable = text.replaceAll("[`\\p{Cntrl}]", "");
        return printable.length() <= MAX_ECHO ? printable : printable.substring(0, MAX_ECHO) + "…";
    }
}
