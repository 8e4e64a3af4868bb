package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks GitHub's {@code X-Hub-Signature-256} header: {@code sha256=} and the hex HMAC-SHA256 of the raw body, keyed
 * with the webhook secret. The comparison takes the same time whatever the header holds, so it leaks nothing about
 * the expected value. The secret never appears in {@link #toString()}.
 */
public final class WebhookSignature {
    private static final String PREFIX = "sha256=";
    private final byte[] secret;

    public WebhookSignature(String secret) {
        requireNonNull(secret, "secret is null");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code header} is the signature of {@code body}; a missing or malformed header is not. */
    public boolean verify(byte[] body, String header) {
        requireNonNull(body, "body is null");
        byte[] expected = (PREFIX + HexFormat.of().formatHex(hmac(body))).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header == null ? new byte[0] : header.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** The header GitHub would send for {@code body}; for fakes of GitHub in tests and for outgoing deliveries. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(body));
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[secret=***]";
    }
}
