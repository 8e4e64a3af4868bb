package dev.mainline.logs;

import dev.mainline.common.MainlineException;
import java.util.Locale;

/** How the job or step a log belongs to ended. */
public enum LogOutcome {
    SUCCESS,
    FAILURE,
    CANCELLED,
    /** Not said by whoever sent the log (or still running when it was sent). */
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LogOutcome fromWire(String value) {
        for (LogOutcome outcome : values()) {
            if (outcome.wireName().equalsIgnoreCase(value)) {
                return outcome;
            }
        }
        // GitHub's conclusions for a run that did not pass.
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "failed", "timed_out", "action_required", "startup_failure" -> FAILURE;
            case "canceled", "skipped", "stale" -> CANCELLED;
            case "passed", "neutral" -> SUCCESS;
            default -> throw MainlineException.invalid(
                    "outcome must be success, failure, cancelled or unknown, got '%s'", value);
        };
    }
}
