package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps each test's classification current as reports arrive. Only tests that failed in a new report, or were not
 * healthy before it, can change, so only those are looked at again: their history over the window is rebuilt from
 * the stored failures and the test sets of the reports that held them (a report that held a test and recorded no
 * failure for it is a pass), and classified. A report of 47,000 passing tests of which none was flaky costs one query.
 */
public final class TestHealthTracker {
    /** Other servers store reports too: the repository's test sets are listed again this often. */
    private static final Duration REFRESH_SETS = Duration.ofMinutes(1);
    private static final long MAX_CACHED_MEMBERS = 8_000_000;

    private final TestResultStore store;
    private final FlakinessClassifier classifier;
    private final Clock clock;
    private final Duration window;
    private final Map<RepositoryName, RecentSets> recentSets = new HashMap<>();
    private final SetCache sets = new SetCache();

    /** The test sets of a repository's reports since {@code since}, as listed at {@code listedAt} and added to since. */
    private record RecentSets(Instant since, Instant listedAt, TreeSet<Long> ids) {
    }

    public TestHealthTracker(TestResultStore store, FlakinessClassifier classifier, Clock clock, Duration window) {
        this.store = requireNonNull(store, "store is null");
        this.classifier = requireNonNull(classifier, "classifier is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.window = requireNonNull(window, "window is null");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
    }

    /** Classifies again the tests of a stored report that failed in it or were not healthy before it. */
    public synchronized void reportStored(RepositoryName repository, StoredReport report,
            List<TestCaseResult> tests) {
        long[] ids = report.testIds();
        Set<Long> candidates = new HashSet<>();
        for (int i = 0; i < ids.length; i++) {
            TestCaseResult test = tests.get(i);
            if (test.attempts().stream().anyMatch(attempt -> attempt.outcome().failed())) {
                candidates.add(ids[i]);
            }
        }
        Set<Long> inReport = new HashSet<>(ids.length * 2);
        for (long id : ids) {
            inReport.add(id);
        }
        Map<Long, StoredHealth> unhealthy = new HashMap<>();
        for (StoredHealth health : store.testsNotHealthy(repository)) {
            unhealthy.put(health.testId(), health);
            if (inReport.contains(health.testId())) {
                candidates.add(health.testId());
            }
        }
        remember(repository, report.testSetId());
        classify(repository, candidates, unhealthy);
    }

    /**
     * The same for a report stored before whose classification may not have happened (the server stopped between
     * the two): its tests are found by name, so its ids are not needed.
     */
    public synchronized void reportStoredBefore(RepositoryName repository, List<TestCaseResult> tests) {
        Set<Long> candidates = new HashSet<>();
        Set<TestName> names = new HashSet<>(tests.size() * 2);
        for (TestCaseResult test : tests) {
            names.add(TestName.of(test));
            if (test.attempts().stream().anyMatch(attempt -> attempt.outcome().failed())) {
                store.findTest(repository, test.suite(), test.className(), test.name())
                        .ifPresent(found -> candidates.add(found.id()));
            }
        }
        Map<Long, StoredHealth> unhealthy = new HashMap<>();
        store.testsNotHealthy(repository).forEach(health -> unhealthy.put(health.testId(), health));
        for (StoredTest test : store.tests(unhealthy.keySet())) {
            if (names.contains(new TestName(test.suite(), test.className(), test.name()))) {
                candidates.add(test.id());
            }
        }
        classify(repository, candidates, unhealthy);
    }

    private void classify(RepositoryName repository, Set<Long> candidates, Map<Long, StoredHealth> unhealthy) {
        if (candidates.isEmpty()) {
            return;
        }
        Map<Long, Flakiness> changed = new HashMap<>();
        histories(repository, candidates).forEach((testId, history) -> {
            Flakiness flakiness = classifier.classify(history);
            // A healthy test that failed and is still healthy has nothing new to keep.
            if (unhealthy.containsKey(testId) || flakiness.health() != TestHealth.HEALTHY) {
                changed.put(testId, flakiness);
            }
        });
        if (!changed.isEmpty()) {
            store.recordHealth(changed, clock.instant());
        }
    }

    /** A test's classification from its history now. */
    public synchronized Flakiness classify(RepositoryName repository, long testId) {
        return classifier.classify(histories(repository, Set.of(testId)).get(testId));
    }

    /** The runs of each of {@code testIds} in the window, oldest first. */
    private Map<Long, List<RunOutcome>> histories(RepositoryName repository, Set<Long> testIds) {
        Instant since = clock.instant().minus(window);
        Map<Long, List<Long>> setsOf = new HashMap<>();
        Set<Long> wantedSets = new HashSet<>();
        for (long setId : setsSince(repository, since)) {
            TestSet set = sets.get(setId, store);
            if (set == null) {
                continue;
            }
            for (long testId : testIds) {
                if (set.contains(testId)) {
                    setsOf.computeIfAbsent(testId, id -> new ArrayList<>()).add(setId);
                    wantedSets.add(setId);
                }
            }
        }
        List<StoredRun> runs = store.runsWithTestSets(wantedSets, since);
        Map<Long, Map<Long, List<FailedAttempt>>> failuresByTest = new HashMap<>();
        for (FailedAttempt failure : store.failedAttemptsSince(testIds, since)) {
            failuresByTest.computeIfAbsent(failure.testId(), id -> new HashMap<>())
                    .computeIfAbsent(failure.runId(), id -> new ArrayList<>()).add(failure);
        }
        Map<Long, List<RunOutcome>> histories = new LinkedHashMap<>();
        for (long testId : testIds) {
            Set<Long> holding = new HashSet<>(setsOf.getOrDefault(testId, List.of()));
            Map<Long, List<FailedAttempt>> failures = failuresByTest.getOrDefault(testId, Map.of());
            List<RunOutcome> history = new ArrayList<>();
            for (StoredRun run : runs) {
                if (holding.contains(run.testSetId())) {
                    history.add(outcome(run, testId, failures.getOrDefault(run.id(), List.of())));
                }
            }
            histories.put(testId, history);
        }
        return histories;
    }

    private RunOutcome outcome(StoredRun run, long testId, List<FailedAttempt> failures) {
        List<TestOutcome> attempts = new ArrayList<>();
        failures.stream().sorted((left, right) -> Integer.compare(left.attempt(), right.attempt()))
                .forEach(failure -> attempts.add(failure.outcome()));
        if (attempts.isEmpty()) {
            TestSet set = sets.get(run.testSetId(), store);
            attempts.add(set != null && set.skipped(testId) ? TestOutcome.SKIPPED : TestOutcome.PASSED);
        } else if (failures.stream().anyMatch(FailedAttempt::passedLater)) {
            attempts.add(TestOutcome.PASSED);
        }
        return new RunOutcome(run.id(), run.commit(), run.at(), attempts,
                classifier.isOutage(run.jobTests(), run.jobFailed()), run.speculative());
    }

    private TreeSet<Long> setsSince(RepositoryName repository, Instant since) {
        RecentSets known = recentSets.get(repository);
        Instant now = clock.instant();
        if (known == null || known.since().isAfter(since)
                || Duration.between(known.listedAt(), now).compareTo(REFRESH_SETS) > 0) {
            known = new RecentSets(since, now, new TreeSet<>(store.testSetsSince(repository, since)));
            recentSets.put(repository, known);
        }
        return known.ids();
    }

    private void remember(RepositoryName repository, long testSetId) {
        RecentSets known = recentSets.get(repository);
        if (known != null) {
            known.ids().add(testSetId);
        }
    }

    /** Decoded test sets, most recently used kept, bounded by the number of members they hold. */
    private static final class SetCache {
        private final LinkedHashMap<Long, TestSet> cached = new LinkedHashMap<>(64, 0.75f, true);
        private long members;

        TestSet get(long setId, TestResultStore store) {
            TestSet set = cached.get(setId);
            if (set == null) {
                set = store.testSet(setId).orElse(null);
                if (set == null) {
                    return null;
                }
                cached.put(setId, set);
                members += set.size();
                var eldest = cached.entrySet().iterator();
                while (members > MAX_CACHED_MEMBERS && cached.size() > 1) {
                    members -= eldest.next().getValue().size();
                    eldest.remove();
                }
            }
            return set;
        }
    }
}
