package dev.mainline.logs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Every occurrence of one failure (one fingerprint): its kind, title and signature, the excerpt of its latest
 * occurrence, when it was first and last seen, and how often.
 */
public record FailureGroup(long id, String fingerprint, FailureKind kind, String title, String signature,
        String sample, Instant firstSeen, Instant lastSeen, long count) {
    public FailureGroup {
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(title, "title is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(sample, "sample is null");
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
    }
}
