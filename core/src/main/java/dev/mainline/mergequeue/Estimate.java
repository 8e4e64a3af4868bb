package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** Where an entry stands and when it should merge; no time while a lock or the drift limit stops merging. */
public record Estimate(int pullRequest, int position, Optional<Instant> expectedMergeAt) {
    public Estimate {
        requireNonNull(expectedMergeAt, "expectedMergeAt is null");
    }
}
