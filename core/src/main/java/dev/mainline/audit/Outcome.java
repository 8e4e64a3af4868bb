package dev.mainline.audit;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;

/** How an audited action ended. */
public enum Outcome {
    /** The action was carried out. */
    SUCCEEDED("succeeded"),
    /** The role model refused the action; nothing changed. */
    DENIED("denied");

    private final String key;

    Outcome(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Outcome fromKey(String key) {
        for (Outcome outcome : values()) {
            if (outcome.key.equals(key)) {
                return outcome;
            }
        }
        throw MainlineException.invalid("outcome '%s' is not known; expected 'succeeded' or 'denied'",
                Checks.echo(String.valueOf(key)));
    }

    @Override
    public String toString() {
        return key;
    }
}
