package dev.mainline.releases;

import java.util.Locale;

/** What an app store is asked to do when a release moves. */
public enum StoreChange {
    SUBMIT,
    START_ROLLOUT,
    SET_ROLLOUT,
    PAUSE,
    HALT,
    RESUME,
    COMPLETE,
    ROLL_BACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
