package dev.mainline.testresults;

import dev.mainline.common.MainlineException;
import java.util.Locale;

/** Where a test stands with its team: counted as usual, quarantined (its failures fail nothing), or marked fixed. */
public enum QuarantineState {
    /** Counted: its failures fail CI and are charged to pull requests. */
    ACTIVE,
    /** Known bad and owned: its failures are reported but fail nothing until it is fixed or the quarantine expires. */
    QUARANTINED,
    /** Was quarantined and its owner says it is fixed: counted again, and watched. */
    FIXED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static QuarantineState fromKey(String key) {
        for (QuarantineState state : values()) {
            if (state.key().equals(key)) {
                return state;
            }
        }
        throw MainlineException.invalid("state must be one of active, quarantined, fixed; got '%s'", key);
    }
}
