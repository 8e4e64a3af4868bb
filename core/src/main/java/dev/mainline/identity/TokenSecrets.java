package dev.mainline.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes token secrets. A secret is {@code mlt_} followed by 256 random bits; with that much entropy a
 * plain SHA-256 is a safe way to store it (a slow password hash only matters for guessable secrets).
 */
public final class TokenSecrets {
    public static final String PREFIX = "mlt_";
    private static final int SECRET_BYTES = 32;
    private static final int DISPLAY_PREFIX_LENGTH = PREFIX.length() + 8;

    private final SecureRandom random;

    public TokenSecrets(SecureRandom random) {
        this.random = random;
    }

    public String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The start of a secret, kept in clear so people can tell their tokens apart. */
    public static String displayPrefix(String secret) {
        return secret.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, secret.length()));
    }

    /** Compares two hashes in time independent of where they differ. */
    public static boolean sameHash(String left, String right) {
        return MessageDigest.isEqual(left.getBytes(StandardCharsets.US_ASCII),
                right.getBytes(StandardCharsets.US_ASCII));
    }

    public static boolean looksLikeSecret(String value) {
        return value.startsWith(PREFIX) && value.length() <= 100;
    }
}
