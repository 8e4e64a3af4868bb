package dev.mainline.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The permissions users hold. A user holds a given permission at most once. */
public interface GrantStore {
    RoleGrant insert(long userId, Permission permission, String grantedBy, Instant now);

    List<RoleGrant> listForUser(long userId);

    Optional<RoleGrant> findById(long id);

    boolean delete(long id);

    /** Whether anyone holds admin on the global scope, which ends the bootstrap window. */
    boolean anyGlobalAdmin();
}
