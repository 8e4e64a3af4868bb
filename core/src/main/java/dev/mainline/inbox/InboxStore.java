package dev.mainline.inbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Messages from outside systems, kept from the moment they are accepted until they are handled, and remembered after
 * that so a redelivery is recognised. A message accepted here survives a crash; whoever handles messages looks at
 * {@link #pending} when it starts.
 */
public interface InboxStore {
    /**
     * Stores a message unless one with the same source and id is already stored.
     *
     * @return true when it was stored now, false when it is a redelivery
     */
    boolean accept(InboxMessage message);

    Optional<InboxMessage> find(String source, String id);

    /** The messages of {@code source} not yet handled, oldest first. */
    List<InboxMessage> pending(String source, int limit);

    /**
     * Makes a handled message pending again with {@code payload} (its handling failed and it was sent again); false
     * when there is no such message.
     */
    boolean reopen(String source, String id, byte[] payload);

    /** Records that a message was handled and what that gave. */
    void done(String source, String id, Instant at, String outcome);

    /**
     * Drops the payloads of handled messages received before {@code cutoff}, keeping their ids so a replay is still
     * recognised; returns how many were cleared.
     */
    int clearHandledPayloadsBefore(Instant cutoff);
}
