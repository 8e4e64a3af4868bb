package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of an entry's history: queued, tested, passed, failed, moved, merged, ejected… A line about a build's CI
 * (started, passed, failed) names the build, so whatever kept that run's log and reports can be linked to it.
 */
public record HistoryEvent(Instant at, Kind kind, String detail, Optional<BuildId> build) {
    public enum Kind {
        ENQUEUED,
        UPDATED,
        TEST_STARTED,
        TEST_PASSED,
        TEST_FAILED,
        FAILURE_CHARGED,
        RETRIED,
        POSITION_CHANGED,
        MERGED,
        /** The fast-forward that merged it was refused (main had moved); it is back at the front of the queue. */
        MERGE_REFUSED,
        EJECTED,
        DEQUEUED
    }

    public HistoryEvent {
        requireNonNull(at, "at is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(build, "build is null");
    }

    /** A line about no build in particular. */
    public HistoryEvent(Instant at, Kind kind, String detail) {
        this(at, kind, detail, Optional.empty());
    }
}
