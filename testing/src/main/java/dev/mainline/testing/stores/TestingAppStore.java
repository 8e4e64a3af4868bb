package dev.mainline.testing.stores;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.releases.AppStoreAdapter;
import dev.mainline.releases.Release;
import dev.mainline.releases.StoreCapabilities;
import dev.mainline.releases.StoreChange;
import dev.mainline.releases.StoreStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An app store in memory with the capabilities of a real one: it records the changes Mainline asks of it, and says
 * of each release (by version) what the test tells it to, or cannot be reached for one.
 */
public final class TestingAppStore implements AppStoreAdapter {
    private final StoreCapabilities capabilities;
    private final Map<String, StoreStatus> statuses = new HashMap<>();
    private final Set<String> unreachable = new HashSet<>();
    private final List<String> changes = new ArrayList<>();
    private final Map<String, Runnable> duringRead = new HashMap<>();
    private int reads;

    public TestingAppStore(StoreCapabilities capabilities) {
        this.capabilities = requireNonNull(capabilities, "capabilities is null");
    }

    /** From now on the store says {@code status} of the release of {@code version}, and can be reached for it. */
    public synchronized void says(String version, StoreStatus status) {
        statuses.put(version, requireNonNull(status, "status is null"));
        unreachable.remove(version);
    }

    /** Reading the release of {@code version} fails as a store that is down fails, until {@link #says} again. */
    public synchronized void unreachableFor(String version) {
        unreachable.add(version);
    }

    /**
     * The next read of the release of {@code version} runs {@code meanwhile} before it answers: what happens in
     * Mainline between the store's answer and the poller acting on it.
     */
    public synchronized void meanwhile(String version, Runnable meanwhile) {
        duringRead.put(version, requireNonNull(meanwhile, "meanwhile is null"));
    }

    /** The changes asked of the store, as {@code <version> <change>}. */
    public synchronized List<String> changes() {
        return List.copyOf(changes);
    }

    /** How many times a release's status was read. */
    public synchronized int reads() {
        return reads;
    }

    @Override
    public StoreCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public synchronized void apply(Release release, Release next, StoreChange change) {
        changes.add(release.version() + " " + change.wireName());
    }

    @Override
    public synchronized Optional<StoreStatus> status(Release release) {
        reads++;
        if (unreachable.contains(release.version())) {
            throw new MainlineException(ErrorCode.STORE_UNAVAILABLE, "%s could not be reached".formatted(
                    capabilities.store()));
        }
        Optional<StoreStatus> status = Optional.of(statuses.getOrDefault(release.version(),
                StoreStatus.unknown()));
        Runnable meanwhile = duringRead.remove(release.version());
        if (meanwhile != null) {
            meanwhile.run();
        }
        return status;
    }
}
