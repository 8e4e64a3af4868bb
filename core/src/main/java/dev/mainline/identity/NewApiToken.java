package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A token to be stored: everything but the id the store assigns. */
public record NewApiToken(long userId, String name, String prefix, String secretHash, List<Permission> scopes,
        Instant createdAt, Instant expiresAt, Optional<Long> parentTokenId) {
    public NewApiToken {
        requireNonNull(name, "name is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(secretHash, "secretHash is null");
        scopes = List.copyOf(requireNonNull(scopes, "scopes is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(parentTokenId, "parentTokenId is null");
    }

    public ApiToken withId(long id) {
        return new ApiToken(id, userId, name, prefix, secretHash, scopes, createdAt, expiresAt, Optional.empty(),
                parentTokenId);
    }
}
