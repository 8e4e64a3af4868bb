package dev.mainline.inbox;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A message an outside system sent (a webhook delivery, a chat event), stored before it is acted on.
 *
 * @param source who sent it, such as {@code github}
 * @param id the sender's id for it (GitHub's delivery id); a second message with the same source and id is a
 *     redelivery
 * @param kind what it is (GitHub's event name)
 * @param payload its body as received
 * @param doneAt when it was handled; empty while it waits
 * @param outcome what handling it gave, one line; empty while it waits
 */
public record InboxMessage(String source, String id, String kind, byte[] payload, Instant receivedAt,
        Optional<Instant> doneAt, Optional<String> outcome) {
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_OUTCOME_LENGTH = 500;

    public InboxMessage {
        requireNonNull(source, "source is null");
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(doneAt, "doneAt is null");
        requireNonNull(outcome, "outcome is null");
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw MainlineException.invalid("a message id must have 1 to %d characters, got %d", MAX_ID_LENGTH,
                    id.length());
        }
        if (source.isBlank() || source.length() > 32 || kind.isBlank() || kind.length() > 64) {
            throw MainlineException.invalid("a message source has 1 to 32 characters and a kind 1 to 64");
        }
    }

    /** A message just received, not yet handled. */
    public static InboxMessage received(String source, String id, String kind, byte[] payload, Instant at) {
        return new InboxMessage(source, id, kind, payload, at, Optional.empty(), Optional.empty());
    }

    /** Whether it was handled, received before {@code cutoff}, and still holds its payload. */
    public boolean payloadExpiredBefore(Instant cutoff) {
        return doneAt.isPresent() && receivedAt.isBefore(cutoff) && payload.length > 0;
    }

    /** The same message without its payload: enough to recognise a replay. */
    public InboxMessage withoutPayload() {
        return new InboxMessage(source, id, kind, new byte[0], receivedAt, doneAt, outcome);
    }

    /** An outcome cut to what the store keeps. */
    public static String outcome(String text) {
        return text.length() <= MAX_OUTCOME_LENGTH ? text : text.substring(0, MAX_OUTCOME_LENGTH - 1) + "…";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InboxMessage message && source.equals(message.source) && id.equals(message.id)
                && kind.equals(message.kind) && Arrays.equals(payload, message.payload)
                && receivedAt.equals(message.receivedAt) && doneAt.equals(message.doneAt)
                && outcome.equals(message.outcome);
    }

    @Override
    public int hashCode() {
        return 31 * source.hashCode() + id.hashCode();
    }

    @Override
    public String toString() {
        return "InboxMessage[%s %s %s, %d bytes, received %s%s]".formatted(source, kind, id, payload.length,
                receivedAt, doneAt.map(at -> ", done " + at).orElse(""));
    }
}
