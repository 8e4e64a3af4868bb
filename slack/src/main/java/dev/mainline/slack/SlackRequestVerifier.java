package dev.mainline.slack;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a request came from Slack, the way Slack documents it: {@code X-Slack-Signature} is {@code v0=} and the
 * hex HMAC-SHA256, keyed with the app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<raw body>}; the
 * timestamp must be within five minutes of now, before or after; and a signature already seen is a replay. The
 * comparison takes the same time whatever the header holds. The secret never appears in {@link #toString()}.
 */
public final class SlackRequestVerifier {
    /** How far a request's timestamp may be from now, either way. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 200_000;

    private final byte[] secret;
    private final Clock clock;
    /** Signatures accepted within the window, with when they stop mattering (the timestamp then refuses them). */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public SlackRequestVerifier(String signingSecret, Clock clock) {
        requireNonNull(signingSecret, "signingSecret is null");
        if (signingSecret.isBlank()) {
            throw new IllegalArgumentException("the Slack signing secret is empty");
        }
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Why a request was refused; the message names the problem and never the secret. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Accepts the request or throws {@link Refused}; a signature seen before is a replay, whatever the headers Slack
     * does not sign say ({@code X-Slack-Retry-Num} among them): Slack signs each retry anew.
     */
    public void verify(String timestamp, String signature, byte[] body) {
        requireNonNull(body, "body is null");
        if (timestamp == null || timestamp.isBlank()) {
            throw new Refused("X-Slack-Request-Timestamp is missing");
        }
        if (signature == null || signature.isBlank()) {
            throw new Refused("X-Slack-Signature is missing");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new Refused("X-Slack-Request-Timestamp is not a number of seconds");
        }
        Instant at = Instant.ofEpochSecond(Math.clamp(seconds, -31_557_014_167_219_200L, 31_556_889_864_403_199L));
        Instant now = clock.instant();
        if (at.isBefore(now.minus(WINDOW))) {
            throw new Refused("the request is more than 5 minutes old (X-Slack-Request-Timestamp %s)".formatted(at));
        }
        if (at.isAfter(now.plus(WINDOW))) {
            throw new Refused("the request is more than 5 minutes in the future (X-Slack-Request-Timestamp %s)"
                    .formatted(at));
        }
        byte[] expected = sign(timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new Refused("X-Slack-Signature does not match the body signed with the signing secret");
        }
        synchronized (seen) {
            forgetOld(now);
            Instant before = seen.putIfAbsent(signature.trim(), at.plus(WINDOW));
            if (before != null) {
                throw new Refused("the request was received before: a replay");
            }
        }
    }

    private void forgetOld(Instant now) {
        Iterator<Map.Entry<String, Instant>> oldest = seen.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Instant> entry = oldest.next();
            if (entry.getValue().isBefore(now) || seen.size() > MAX_REMEMBERED) {
                oldest.remove();
            } else if (seen.size() <= MAX_REMEMBERED) {
                // Entries are in arrival order, and so nearly in expiry order: the rest are younger.
                break;
            }
        }
    }

    /** The {@code X-Slack-Signature} Slack would send for {@code body} at {@code timestamp}; for Slack's fakes. */
    public String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SlackRequestVerifier[secret=***]";
    }
}
