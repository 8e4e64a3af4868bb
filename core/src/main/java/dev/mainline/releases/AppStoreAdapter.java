package dev.mainline.releases;

/**
 * One app store as a release sees it: what it can do, and doing it. {@link #apply} runs before the release's new state
 * is stored; it throws a {@code MainlineException} ({@code STORE_REFUSED} or {@code STORE_UNAVAILABLE}) naming the
 * store's answer when it did not happen, and then nothing changes.
 */
public interface AppStoreAdapter {
    StoreCapabilities capabilities();

    /** Makes the store do {@code change} to {@code release}; {@code next} is the release once it is done. */
    void apply(Release release, Release next, StoreChange change);

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
