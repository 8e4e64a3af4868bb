package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** A test's latest classification as kept: what it was, its flakiness score, why, and when it was made. */
public record StoredHealth(long testId, TestHealth health, double score, List<String> reasons, Instant at) {
    public StoredHealth {
        requireNonNull(health, "health is null");
        reasons = List.copyOf(requireNonNull(reasons, "reasons is null"));
        requireNonNull(at, "at is null");
    }
}
