package dev.mainline.logs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A kept log: its id, where it came from, the digest of its content and source, its size in bytes and lines, when it
 * was received and when it became searchable (empty while it waits to be indexed), and how many failures were found
 * in it.
 */
public record StoredLog(long id, LogSource source, String digest, long bytes, long lines, Instant receivedAt,
        Optional<Instant> indexedAt, int failures) {
    public StoredLog {
        requireNonNull(source, "source is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(indexedAt, "indexedAt is null");
    }

    /** When it ran, as far as known. */
    public Instant time() {
        return source.time(receivedAt);
    }

    /** The blob key its content is kept under. */
    public String blobKey() {
        return blobKey(source, digest);
    }

    public static String blobKey(LogSource source, String digest) {
        return source.repository().value() + "/" + digest.substring(0, 2) + "/" + digest;
    }
}
