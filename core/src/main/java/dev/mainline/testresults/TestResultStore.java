package dev.mainline.testresults;

import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test reports as stored: CI job runs and their reports, stable test identities, every failure whole, passes as
 * daily counts and as the set of tests each report held, and each test's latest classification.
 */
public interface TestResultStore {
    /** The stored run whose report had {@code digest} in {@code repository}: a duplicate upload. */
    Optional<Long> findRun(RepositoryName repository, String digest);

    /**
     * Stores one report of {@code run}, all or nothing: its identities (reused when known), its failed attempts, the
     * set of tests it held, its attempts added to each test's counts for the day of {@code at}, and its totals added
     * to its CI job run's.
     */
    StoredReport storeRun(TestRun run, String digest, String reportName, Instant at, List<TestCaseResult> tests);

    /** The CI job run {@code job}, attempt {@code attempt}, on {@code commit} of {@code repository}, once stored. */
    Optional<StoredJob> job(RepositoryName repository, String commit, String job, int attempt);

    /** The failures in the reports of CI job run {@code jobId}, by report, test and attempt. */
    List<StoredFailure> jobFailures(long jobId, int limit);

    Optional<StoredTest> findTest(RepositoryName repository, String suite, String className, String name);

    Optional<StoredTest> test(long testId);

    /** The tests with these ids that exist, in no particular order. */
    List<StoredTest> tests(Collection<Long> testIds);

    /** The failures of a test, newest first. */
    List<StoredFailure> failures(long testId, int limit);

    /** The failed attempts of {@code testIds} at or after {@code since}, in no particular order. */
    List<FailedAttempt> failedAttemptsSince(Collection<Long> testIds, Instant since);

    Optional<DailyCounts> counts(long testId, LocalDate day);

    Optional<TestSet> testSet(long testSetId);

    /** The distinct test sets of the reports stored in {@code repository} at or after {@code since}. */
    List<Long> testSetsSince(RepositoryName repository, Instant since);

    /** The reports with one of {@code testSetIds} stored at or after {@code since}, oldest first. */
    List<StoredRun> runsWithTestSets(Collection<Long> testSetIds, Instant since);

    /** Keeps what the latest look at each test's history said. */
    void recordHealth(Map<Long, Flakiness> classified, Instant at);

    Optional<StoredHealth> health(long testId);

    /** Tests that failed in runs on {@code branch} of {@code repository} (any when empty), the latest failure first. */
    List<Long> testsFailedOnBranch(Optional<RepositoryName> repository, String branch, int limit);

    /** The tests of {@code repository} whose latest classification is not {@link TestHealth#HEALTHY}. */
    List<StoredHealth> testsNotHealthy(RepositoryName repository);

    /** Every test of {@code repository}, by id. */
    List<StoredTest> testsOf(RepositoryName repository);

    /** What the ownership of {@code repository}'s tests was last computed from. */
    Optional<String> ownershipVersion(RepositoryName repository);

    /**
     * Replaces the ownership of {@code repository}'s tests: each test's file and owners as given (tests not given have
     * neither), computed from {@code version}.
     */
    void replaceOwnership(RepositoryName repository, String version, Map<Long, TestOwner> owners, Instant at);

    /** The tests, classified flaky now, whose file is owned by {@code owner}, in any repository. */
    List<Long> flakyTestsOwnedBy(String owner);

    /** The tests, classified flaky now, that failed in CI jobs authored by one of {@code authors} since then. */
    List<Long> flakyTestsFailedFor(Collection<String> authors, Instant since);

    /** The tests of {@code repository}, classified flaky now, that live in one of {@code paths}. */
    List<Long> flakyTestsIn(RepositoryName repository, Collection<String> paths);

    /**
     * The days from {@code from} to {@code to} (inclusive, UTC) of {@code repository}'s CI, every day listed; with
     * {@code team}, failed jobs and failures count only the tests that team owns.
     */
    List<DailyTrend> trends(RepositoryName repository, Optional<String> team, LocalDate from, LocalDate to);

    /** Creates or replaces the quarantine record of its test; not found when the test does not exist. */
    void saveQuarantine(Quarantine quarantine);

    Optional<Quarantine> quarantine(long testId);

    /** Every quarantine record of {@code repository} (quarantined, fixed or made active again), by test id. */
    List<Quarantine> quarantines(RepositoryName repository);
}
