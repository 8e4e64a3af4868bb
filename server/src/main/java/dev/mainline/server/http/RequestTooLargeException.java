package dev.mainline.server.http;

import java.io.IOException;

/** A request body went past {@code mainline.http.max-request-size} while it was being read. */
public final class RequestTooLargeException extends IOException {
    public RequestTooLargeException(long limit) {
        super("request body is larger than the limit of %d bytes (mainline.http.max-request-size)".formatted(limit));
    }
}
