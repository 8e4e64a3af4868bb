package dev.mainline.server.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code mainline.*} setting, typed and validated. Unknown keys under {@code mainline.} are refused, so a typo
 * stops start-up instead of being ignored. Documented in docs/configuration.md.
 */
@Validated
@ConfigurationProperties(prefix = "mainline", ignoreUnknownFields = false)
public record MainlineProperties(
        @NotNull @DefaultValue("data") Path dataDir,
        @NotNull @Valid @DefaultValue Database database,
        @NotNull @Valid @DefaultValue Http http,
        @NotNull @Valid @DefaultValue Tokens tokens) {

    /** Where state lives. An empty url means the embedded H2 file database under the data directory. */
    public record Database(
            @NotNull @DefaultValue("") @Pattern(regexp = "|jdbc:(h2|postgresql):.+", message = "must be empty (embedded H2) or a jdbc:h2: or jdbc:postgresql: url") String url,
            @NotNull @DefaultValue("") String username,
            @NotNull @DefaultValue("") String password,
            @Min(1) @Max(200) @DefaultValue("10") int maxPoolSize,
            @NotNull @DefaultValue("10s") Duration connectionTimeout) {
        public Database {
            if (connectionTimeout != null && connectionTimeout.toMillis() < 250) {
                throw new IllegalArgumentException(
                        "mainline.database.connection-timeout must be at least 250ms, got " + connectionTimeout);
            }
        }

        @Override
        public String toString() {
            return "Database[url=%s, username=%s, maxPoolSize=%d]".formatted(url, username, maxPoolSize);
        }
    }

    public record Http(@NotNull @DefaultValue("1MB") DataSize maxRequestSize) {
        public Http {
            if (maxRequestSize != null && (maxRequestSize.toBytes() < 1024 || maxRequestSize.toMegabytes() > 64)) {
                throw new IllegalArgumentException(
                        "mainline.http.max-request-size must be between 1KB and 64MB, got " + maxRequestSize);
            }
        }
    }

    public record Tokens(
            @NotNull @DefaultValue("90d") Duration defaultLifetime,
            @NotNull @DefaultValue("366d") Duration maxLifetime) {
        public Tokens {
            if (defaultLifetime != null && (defaultLifetime.isNegative() || defaultLifetime.isZero())) {
                throw new IllegalArgumentException(
                        "mainline.tokens.default-lifetime must be positive, got " + defaultLifetime);
            }
            if (defaultLifetime != null && maxLifetime != null && defaultLifetime.compareTo(maxLifetime) > 0) {
                throw new IllegalArgumentException(
                        "mainline.tokens.default-lifetime %s is longer than mainline.tokens.max-lifetime %s"
                                .formatted(defaultLifetime, maxLifetime));
            }
        }
    }
}
