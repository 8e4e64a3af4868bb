package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stored API token. The secret itself is never stored, only its SHA-256 hash and a short prefix that lets people
 * recognise a token in listings. A token its user minted with another token names that token as its parent: it never
 * outlives it, and is revoked with it.
 */
public record ApiToken(long id, long userId, String name, String prefix, String secretHash, List<Permission> scopes,
        Instant createdAt, Instant expiresAt, Optional<Instant> revokedAt, Optional<Long> parentTokenId) {
    public ApiToken {
        requireNonNull(name, "name is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(secretHash, "secretHash is null");
        scopes = List.copyOf(requireNonNull(scopes, "scopes is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
        requireNonNull(parentTokenId, "parentTokenId is null");
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The same token, revoked at {@code at}. */
    public ApiToken revoked(Instant at) {
        return new ApiToken(id, userId, name, prefix, secretHash, scopes, createdAt, expiresAt, Optional.of(at),
                parentTokenId);
    }

    public boolean isRevoked() {
        return revokedAt.isPresent();
    }
}
