package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stored API token. The secret itself is never stored, only its SHA-256 hash and a short prefix that lets people
 * recognise a token in listings.
 */
public record ApiToken(long id, long userId, String name, String prefix, String secretHash, List<Permission> scopes,
        Instant createdAt, Instant expiresAt, Optional<Instant> revokedAt) {
    public ApiToken {
        requireNonNull(name, "name is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(secretHash, "secretHash is null");
        scopes = List.copyOf(requireNonNull(scopes, "scopes is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isRevoked() {
        return revokedAt.isPresent();
    }
}
