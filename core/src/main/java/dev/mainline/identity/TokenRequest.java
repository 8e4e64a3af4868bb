package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a token should be called, what it may do, and how long it lives (the configured default when absent). */
public record TokenRequest(String name, List<Permission> scopes, Optional<Duration> lifetime) {
    public static final int MAX_SCOPES = 20;

    public TokenRequest {
        Checks.text("name", name, 100);
        scopes = List.copyOf(requireNonNull(scopes, "scopes is null"));
        if (scopes.isEmpty()) {
            throw MainlineException.invalid("scopes must name at least one permission, e.g. 'engineer@global'");
        }
        if (scopes.size() > MAX_SCOPES) {
            throw MainlineException.invalid("scopes may name at most %d permissions, got %d", MAX_SCOPES,
                    scopes.size());
        }
        requireNonNull(lifetime, "lifetime is null");
        lifetime.ifPresent(duration -> {
            if (duration.isNegative() || duration.isZero()) {
                throw MainlineException.invalid("lifetime must be positive, got %s", duration);
            }
        });
    }

    /** A token that may do everything its user may do. */
    public static TokenRequest unrestricted(String name) {
        return new TokenRequest(name, List.of(Permission.of(Role.ADMIN, Scope.global())), Optional.empty());
    }
}
