package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A person (or robot) known to Mainline. */
public record User(long id, String login, String displayName, ExternalHandles handles, Instant createdAt,
        Instant updatedAt) {
    public User {
        requireNonNull(login, "login is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(handles, "handles is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
