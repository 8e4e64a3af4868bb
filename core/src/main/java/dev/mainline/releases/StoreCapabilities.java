package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/**
 * What an app store lets a release do, and why not when it does not: Google Play's staged rollout takes any
 * percentage, halts and rolls back; the App Store's phased release follows Apple's 7-day schedule (only paused,
 * resumed or completed) and cannot go back to an older build.
 */
public record StoreCapabilities(String store, Set<StoreChange> supported, Map<StoreChange, String> reasons,
        boolean fixedSchedule) {
    public StoreCapabilities {
        requireNonNull(store, "store is null");
        supported = Set.copyOf(supported);
        reasons = Map.copyOf(reasons);
    }

    public static final StoreCapabilities GOOGLE_PLAY = new StoreCapabilities("Google Play",
            Set.of(StoreChange.SUBMIT, StoreChange.START_ROLLOUT, StoreChange.SET_ROLLOUT, StoreChange.HALT,
                    StoreChange.RESUME, StoreChange.COMPLETE, StoreChange.ROLL_BACK),
            Map.of(StoreChange.PAUSE, "Google Play has no pause for a staged rollout: halt it, then resume it"),
            false);

    public static final StoreCapabilities APP_STORE = new StoreCapabilities("the App Store",
            Set.of(StoreChange.SUBMIT, StoreChange.START_ROLLOUT, StoreChange.PAUSE, StoreChange.RESUME,
                    StoreChange.COMPLETE),
            Map.of(StoreChange.SET_ROLLOUT,
                    "the App Store's phased release follows Apple's 7-day schedule: pause, resume or complete it",
                    StoreChange.HALT, "the App Store has no halt for a phased release: pause it",
                    StoreChange.ROLL_BACK, "the App Store cannot go back to an older build: ship a new one"),
            true);

    /** Release managers press the store's buttons themselves and record here what they did. */
    public static final StoreCapabilities MANUAL = new StoreCapabilities("manual",
            Set.of(StoreChange.values()), Map.of(), false);

    public boolean supports(StoreChange change) {
        return supported.contains(change);
    }

    public String whyNot(StoreChange change) {
        return reasons.getOrDefault(change, "%s does not support '%s'".formatted(store, change.wireName()));
    }
}
