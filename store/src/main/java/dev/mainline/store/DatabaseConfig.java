package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** How to reach the database. The password is never part of {@link #toString()}. */
public record DatabaseConfig(String url, String username, String password, int maxPoolSize,
        Duration connectionTimeout) {
    public DatabaseConfig {
        requireNonNull(url, "url is null");
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(connectionTimeout, "connectionTimeout is null");
        if (Dialect.fromUrl(url) == null) {
            throw new IllegalArgumentException("database url must start with jdbc:h2: or jdbc:postgresql:");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, got " + maxPoolSize);
        }
    }

    public Dialect dialect() {
        return Dialect.fromUrl(url);
    }

    /** The url with any password in it masked, fit for logs and error messages. */
    public String redactedUrl() {
        return redact(url);
    }

    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("//[^/@]*@", "//****@");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=%s, username=%s, maxPoolSize=%d]".formatted(redactedUrl(), username, maxPoolSize);
    }
}
