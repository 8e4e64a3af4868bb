package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Scope;
import dev.mainline.ownership.RepositoryFiles;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What people read about a repository's tests: the troubled ones (flaky, broken, quarantined) and one in detail. */
public final class TestViews {
    private static final int LATEST_FAILURES = 10;
    static final int MAX_JOB_FAILURES = 500;

    private final TestResultStore store;
    private final Authorizer authorizer;
    private final Clock clock;

    public TestViews(TestResultStore store, Authorizer authorizer, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The tests that are not healthy, or are quarantined or fixed, most flaky first; only those classified
     * {@code health} when given.
     */
    public List<TestSummary> troubled(Actor actor, RepositoryName repository, Optional<TestHealth> health) {
        authorizer.require(actor, Action.TEST_RESULTS_READ, Scope.repository(repository.value()),
                "repository:" + repository);
        Map<Long, StoredHealth> healths = new HashMap<>();
        store.testsNotHealthy(repository).forEach(stored -> healths.put(stored.testId(), stored));
        Map<Long, Quarantine> quarantines = new HashMap<>();
        store.quarantines(repository).stream()
                .filter(quarantine -> quarantine.stateAt(clock.instant()) != QuarantineState.ACTIVE)
                .forEach(quarantine -> quarantines.put(quarantine.testId(), quarantine));
        Set<Long> ids = new LinkedHashSet<>(healths.keySet());
        if (health.isEmpty()) {
            ids.addAll(quarantines.keySet());
        } else {
            ids.removeIf(id -> healths.get(id).health() != health.get());
        }
        return store.tests(ids).stream()
                .map(test -> new TestSummary(test, Optional.ofNullable(healths.get(test.id()))
                        .or(() -> store.health(test.id())), Optional.ofNullable(quarantines.get(test.id())), List.of()))
                .sorted(Comparator.comparingDouble((TestSummary summary) -> summary.health()
                        .map(StoredHealth::score).orElse(0.0)).reversed()
                        .thenComparingLong(summary -> summary.test().id()))
                .toList();
    }

    /**
     * The last {@code days} days (UTC, today included) of {@code repository}'s CI: the share of jobs failing and the
     * flaky failures, per day; with {@code team}, only the failures of tests that team owns.
     */
    public List<DailyTrend> trends(Actor actor, RepositoryName repository, Optional<String> team, int days) {
        authorizer.require(actor, Action.TEST_RESULTS_READ, Scope.repository(repository.value()),
                "repository:" + repository);
        if (days < 1 || days > 366) {
            throw MainlineException.invalid("days must be between 1 and 366, got %d", days);
        }
        java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        return store.trends(repository, team, today.minusDays(days - 1L), today);
    }

    /** The flaky tests a team owns (by CODEOWNERS), in {@code repository}, most flaky first. */
    public List<TestSummary> flakyForTeam(Actor actor, RepositoryName repository, String team) {
        authorizer.require(actor, Action.TEST_RESULTS_READ, Scope.repository(repository.value()),
                "repository:" + repository);
        return summaries(repository, store.flakyTestsOwnedBy(team));
    }

    /**
     * An author's flaky tests ("my flaky tests"): those that failed in CI on the author's changes within the window,
     * and those in files the author changed on main within it. {@code names} are the author's logins (Mainline's and
     * the forge's) and emails, as commits and uploads name them.
     */
    public AuthorFlakyTests flakyForAuthor(Actor actor, RepositoryName repository, Set<String> names,
            RepositoryFiles files, java.time.Duration window) {
        authorizer.require(actor, Action.TEST_RESULTS_READ, Scope.repository(repository.value()),
                "repository:" + repository);
        java.time.Instant since = clock.instant().minus(window);
        List<TestSummary> failed = summaries(repository, store.flakyTestsFailedFor(names, since));
        Set<String> changed = files.changedBy(repository, names, since);
        List<TestSummary> touched = changed.isEmpty()
                ? List.of()
                : summaries(repository, store.flakyTestsIn(repository, changed));
        return new AuthorFlakyTests(failed, touched);
    }

    /** An author's flaky tests, by why they are theirs. */
    public record AuthorFlakyTests(List<TestSummary> failedOnTheirChanges, List<TestSummary> inFilesTheyChanged) {
        public AuthorFlakyTests {
            failedOnTheirChanges = List.copyOf(failedOnTheirChanges);
            inFilesTheyChanged = List.copyOf(inFilesTheyChanged);
        }
    }

    /** The tests with their health and quarantine: three queries whatever their number. */
    private List<TestSummary> summaries(RepositoryName repository, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, StoredHealth> healths = new HashMap<>();
        store.testsNotHealthy(repository).forEach(health -> healths.put(health.testId(), health));
        Map<Long, Quarantine> quarantines = new HashMap<>();
        store.quarantines(repository).forEach(quarantine -> quarantines.put(quarantine.testId(), quarantine));
        return store.tests(ids).stream()
                .filter(test -> test.repository().equals(repository))
                .map(test -> new TestSummary(test, Optional.ofNullable(healths.get(test.id())),
                        Optional.ofNullable(quarantines.get(test.id())), List.of()))
                .sorted(Comparator.comparingDouble((TestSummary summary) -> summary.health()
                        .map(StoredHealth::score).orElse(0.0)).reversed()
                        .thenComparingLong(summary -> summary.test().id()))
                .toList();
    }

    /**
     * One CI job run ({@code job}, attempt {@code attempt}, on {@code commit}) once its reports are stored: its totals
     * and its first {@code MAX_JOB_FAILURES} failures with their tests. Not found while none of its reports is stored.
     */
    public JobSummary job(Actor actor, RepositoryName repository, String commit, String job, int attempt) {
        authorizer.require(actor, Action.TEST_RESULTS_READ, Scope.repository(repository.value()),
                "repository:" + repository);
        StoredJob found = store.job(repository, commit, job, attempt).orElseThrow(() -> MainlineException.notFound(
                "no test reports of %s (attempt %d) on %s are stored in %s", job, attempt, commit, repository));
        List<StoredFailure> failures = store.jobFailures(found.id(), MAX_JOB_FAILURES);
        Map<Long, StoredTest> tests = new HashMap<>();
        store.tests(failures.stream().map(StoredFailure::testId).distinct().toList())
                .forEach(test -> tests.put(test.id(), test));
        return new JobSummary(found, failures.stream().filter(failure -> tests.containsKey(failure.testId()))
                .map(failure -> new JobSummary.Failed(tests.get(failure.testId()), failure)).toList());
    }

    /** One test: its classification with the reasons, its quarantine, and its latest failures with what they said. */
    public TestSummary detail(Actor actor, RepositoryName repository, long testId) {
        authorizer.require(actor, Action.TEST_RESULTS_READ, Scope.repository(repository.value()),
                "repository:" + repository);
        StoredTest test = store.test(testId).filter(found -> found.repository().equals(repository))
                .orElseThrow(() -> MainlineException.notFound("test %d does not exist in %s", testId, repository));
        return new TestSummary(test, store.health(testId), store.quarantine(testId),
                store.failures(testId, LATEST_FAILURES));
    }
}
