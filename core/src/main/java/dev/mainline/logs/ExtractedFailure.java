package dev.mainline.logs;

import static java.util.Objects.requireNonNull;

/**
 * A failure found in a log or a test report.
 *
 * @param title its first line as it was written (ANSI codes gone), cut to {@link #MAX_TITLE}
 * @param signature the failure with what changes from run to run masked (numbers, hashes, paths, times): the same
 *     failure in another run has the same signature
 * @param fingerprint the SHA-256 of the kind and signature, in hex: the failure's group
 * @param excerpt the failure's lines as written, cut to {@link #MAX_EXCERPT}
 * @param line the log line it starts on, from 1 (0 for a test report)
 * @param offset the byte offset in the log of that line (0 for a test report)
 */
public record ExtractedFailure(FailureKind kind, String title, String signature, String fingerprint, String excerpt,
        long line, long offset) {
    public static final int MAX_TITLE = 500;
    public static final int MAX_SIGNATURE = 4000;
    public static final int MAX_EXCERPT = 4000;

    public ExtractedFailure {
        requireNonNull(kind, "kind is null");
        requireNonNull(title, "title is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(excerpt, "excerpt is null");
    }
}
