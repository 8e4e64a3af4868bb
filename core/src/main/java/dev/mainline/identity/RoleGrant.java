package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A permission held by a user, who granted it and when. */
public record RoleGrant(long id, long userId, Permission permission, String grantedBy, Instant grantedAt) {
    public RoleGrant {
        requireNonNull(permission, "permission is null");
        requireNonNull(grantedBy, "grantedBy is null");
        requireNonNull(grantedAt, "grantedAt is null");
    }
}
