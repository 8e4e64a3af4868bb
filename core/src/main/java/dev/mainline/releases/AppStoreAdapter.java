package dev.mainline.releases;

import java.util.Optional;

/**
 * One app store as a release sees it: what it can do, and doing it. {@link #apply} runs before the release's new state
 * is stored; it throws a {@code MainlineException} ({@code STORE_REFUSED} or {@code STORE_UNAVAILABLE}) naming the
 * store's answer when it did not happen, and then nothing changes. {@link #status} reads what the store says about a
 * release now, so Mainline can follow what happened there without it (a review verdict, Apple's phased release
 * moving on by itself, a button pressed in the store's console).
 */
public interface AppStoreAdapter {
    StoreCapabilities capabilities();

    /** Makes the store do {@code change} to {@code release}; {@code next} is the release once it is done. */
    void apply(Release release, Release next, StoreChange change);

    /**
     * What the store says about {@code release} now; empty when this store cannot be read (the manual store). Never
     * changes anything in the store. Throws a {@code MainlineException} {@code STORE_UNAVAILABLE} when the store could
     * not be read (or {@code STORE_REFUSED} when it refused the read, such as for a version it does not know).
     */
    default Optional<StoreStatus> status(Release release) {
        return Optional.empty();
    }

    /** For teams that press the store's buttons themselves: Mainline records what they did. */
    static AppStoreAdapter manual() {
        return new AppStoreAdapter() {
            @Override
            public StoreCapabilities capabilities() {
                return StoreCapabilities.MANUAL;
            }

            @Override
            public void apply(Release release, Release next, StoreChange change) {
                // The release manager did it in the store's console; the action records it.
            }
        };
    }
}
