package dev.mainline.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque position in a listing. Clients pass back what they were given; the encoding is versioned so it can change
 * without breaking links that are in flight.
 */
public record Cursor(long position) {
    private static final String VERSION_PREFIX = "v1:";
    private static final int MAX_ENCODED_LENGTH = 64;

    public static Cursor decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
            throw MainlineException.invalid("cursor is not valid: pass back the nextCursor of a previous page");
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            if (!decoded.startsWith(VERSION_PREFIX)) {
                throw MainlineException.invalid("cursor is not valid: pass back the nextCursor of a previous page");
            }
            return new Cursor(Long.parseLong(decoded.substring(VERSION_PREFIX.length())));
        } catch (IllegalArgumentException e) {
            throw MainlineException.invalid("cursor is not valid: pass back the nextCursor of a previous page");
        }
    }

    public String encode() {
        byte[] bytes = (VERSION_PREFIX + position).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
