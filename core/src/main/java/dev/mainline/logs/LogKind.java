package dev.mainline.logs;

import dev.mainline.common.MainlineException;
import java.util.Locale;

/** What produced a log. */
public enum LogKind {
    /** A CI job: build, tests, checks. */
    BUILD,
    /** A deployment. */
    DEPLOY,
    /** A release step: a store submission, a rollout, a regression run. */
    RELEASE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LogKind fromWire(String value) {
        for (LogKind kind : values()) {
            if (kind.wireName().equalsIgnoreCase(value)) {
                return kind;
            }
        }
        throw MainlineException.invalid("kind must be build, deploy or release, got '%s'", value);
    }
}
