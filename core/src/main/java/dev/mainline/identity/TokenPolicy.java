package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import java.time.Duration;
import java.util.Optional;

/** How long tokens live when nobody says, and the longest anybody may ask for. */
public record TokenPolicy(Duration defaultLifetime, Duration maxLifetime) {
    public TokenPolicy {
        requireNonNull(defaultLifetime, "defaultLifetime is null");
        requireNonNull(maxLifetime, "maxLifetime is null");
        if (defaultLifetime.isNegative() || defaultLifetime.isZero()) {
            throw new IllegalArgumentException("defaultLifetime must be positive, got " + defaultLifetime);
        }
        if (defaultLifetime.compareTo(maxLifetime) > 0) {
            throw new IllegalArgumentException(
                    "defaultLifetime %s is longer than maxLifetime %s".formatted(defaultLifetime, maxLifetime));
        }
    }

    public Duration lifetime(Optional<Duration> requested) {
        Duration lifetime = requested.orElse(defaultLifetime);
        if (lifetime.compareTo(maxLifetime) > 0) {
            throw MainlineException.invalid("lifetime %s is longer than the allowed maximum %s", lifetime, maxLifetime);
        }
        return lifetime;
    }
}
