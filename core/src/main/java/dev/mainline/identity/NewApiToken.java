package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** A token to be stored: everything but the id the store assigns. */
public record NewApiToken(long userId, String name, String prefix, String secretHash, List<Permission> scopes,
        Instant createdAt, Instant expiresAt) {
    public NewApiToken {
        requireNonNull(name, "name is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(secretHash, "secretHash is null");
        scopes = List.copyOf(requireNonNull(scopes, "scopes is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }
}
