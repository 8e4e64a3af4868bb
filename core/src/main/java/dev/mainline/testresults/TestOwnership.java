package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.ownership.CodeOwners;
import dev.mainline.ownership.RepositoryFiles;
import dev.mainline.ownership.TestPaths;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps who owns each test current: the file it lives in, found among main's files, and that file's owners in main's
 * CODEOWNERS. Repositories whose tests or main may have changed are marked, and looked at again in the background at
 * most every {@code interval}; nothing is recomputed when main and the number of tests are what they were.
 */
public final class TestOwnership implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TestOwnership.class.getName());

    private final TestResultStore store;
    private final RepositoryFiles files;
    private final Clock clock;
    private final Duration interval;
    private static final Duration LOOK_AGAIN = Duration.ofHours(1);

    private final Set<RepositoryName> changed = ConcurrentHashMap.newKeySet();
    /** Every repository marked since start: looked at again every {@link #LOOK_AGAIN}, for CODEOWNERS changes. */
    private final Set<RepositoryName> known = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mainline-test-ownership");
        thread.setDaemon(true);
        return thread;
    });

    public TestOwnership(TestResultStore store, RepositoryFiles files, Clock clock, Duration interval) {
        this.store = requireNonNull(store, "store is null");
        this.files = requireNonNull(files, "files is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    public void start() {
        refresher.scheduleWithFixedDelay(this::refreshChanged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        refresher.scheduleWithFixedDelay(() -> changed.addAll(known), LOOK_AGAIN.toMillis(), LOOK_AGAIN.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Its tests or its main may have changed: look again at the next refresh. */
    public void markChanged(RepositoryName repository) {
        changed.add(repository);
        known.add(repository);
    }

    private void refreshChanged() {
        for (RepositoryName repository : List.copyOf(changed)) {
            changed.remove(repository);
            try {
                refresh(repository);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot work out who owns the tests of " + repository, e);
            }
        }
    }

    /** Works the ownership of {@code repository}'s tests out again if main or its tests changed; true if it did. */
    public boolean refresh(RepositoryName repository) {
        Optional<RepositoryFiles.Snapshot> snapshot = files.snapshot(repository);
        if (snapshot.isEmpty()) {
            return false;
        }
        List<StoredTest> tests = store.testsOf(repository);
        String version = snapshot.get().version() + ":" + tests.size();
        if (store.ownershipVersion(repository).filter(version::equals).isPresent()) {
            return false;
        }
        CodeOwners codeOwners;
        try {
            codeOwners = snapshot.get().codeOwners().map(CodeOwners::parse).orElse(CodeOwners.empty());
            codeOwners.problems().forEach(problem -> LOG.warning(() -> "%s: %s".formatted(repository, problem)));
        } catch (MainlineException e) {
            LOG.warning(() -> "the CODEOWNERS of %s is not read: %s".formatted(repository, e.getMessage()));
            codeOwners = CodeOwners.empty();
        }
        TestPaths paths = new TestPaths(snapshot.get().paths());
        Map<Long, TestOwner> owners = new HashMap<>();
        for (StoredTest test : tests) {
            Optional<String> path = paths.find(test.file(), test.suite(), test.className());
            List<String> names = path.map(codeOwners::ownersOf).orElse(List.of());
            if (path.isPresent() || !names.isEmpty()) {
                owners.put(test.id(), new TestOwner(path, names));
            }
        }
        store.replaceOwnership(repository, version, owners, clock.instant());
        return true;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
