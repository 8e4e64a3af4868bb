package dev.mainline.logs;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What is known about kept logs (their content lives in a blob store) and the failures found in them and in test
 * reports, grouped by fingerprint.
 */
public interface LogStore {
    /** Records a received log; refused as already existing when a log with the same digest is kept. */
    StoredLog add(LogSource source, String digest, long bytes, long lines, Instant receivedAt);

    Optional<StoredLog> find(long id);

    Optional<StoredLog> findByDigest(String digest);

    /** Received logs not yet searchable, oldest first. */
    List<StoredLog> unindexed(int limit);

    /** The logs {@code filter} admits, newest first (by their own time), before {@code beforeId} when it is given. */
    List<StoredLog> list(LogFilter filter, Optional<Long> beforeId, int limit);

    /**
     * Marks log {@code logId} searchable and records the failures found in it, in one transaction; what an earlier,
     * interrupted indexing recorded for the log is replaced.
     */
    void indexed(long logId, Instant at, List<FailureOccurrence> failures);

    /**
     * Records failures found in the test reports of runs up to {@code throughRunId}, and remembers that run as the
     * last one looked at, in one transaction.
     */
    void recordReportedFailures(List<FailureOccurrence> failures, long throughRunId);

    Optional<FailureGroup> group(long id);

    List<FailureGroup> groupsByFingerprint(Collection<String> fingerprints);

    /** Groups with an id above {@code afterId}, by id: for rebuilding what is derived from them. */
    List<FailureGroup> groupsAfter(long afterId, int limit);

    /** The groups that touched release {@code version}, most frequent there first. */
    List<FailureGroup> groupsInRelease(String version, int limit);

    /** A group's occurrences, newest first. */
    List<StoredOccurrence> occurrences(long groupId, int limit);

    /** The failures held by the test reports of the next {@code runs} runs with failures after {@code afterRunId}. */
    List<ReportedFailure> reportedFailuresAfter(long afterRunId, int runs);

    /** The last test run whose failures were looked at for grouping, 0 when none. */
    long reportedFailuresCursor();

    /** Logs received before {@code cutoff}, oldest first: what a retention setting removes. */
    List<StoredLog> receivedBefore(Instant cutoff, int limit);

    /** Forgets a log and its occurrences; groups keep their counts. */
    void delete(long id);
}
