package dev.mainline.testresults;

import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Test reports as stored: runs, stable test identities, every failure whole, passes as daily counts. */
public interface TestResultStore {
    /** The stored run whose report had {@code digest} in {@code repository}: a duplicate upload. */
    Optional<Long> findRun(RepositoryName repository, String digest);

    /**
     * Stores one report of {@code run}, all or nothing: its identities (reused when known), its failed attempts, and
     * its attempts added to each test's counts for the day of {@code at}. Returns the run's id.
     */
    long storeRun(TestRun run, String digest, String reportName, Instant at, List<TestCaseResult> tests);

    Optional<StoredTest> findTest(RepositoryName repository, String suite, String className, String name);

    /** The failures of a test, newest first. */
    List<StoredFailure> failures(long testId, int limit);

    Optional<DailyCounts> counts(long testId, LocalDate day);
}
