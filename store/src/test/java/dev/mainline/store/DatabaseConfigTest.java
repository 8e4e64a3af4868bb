package dev.mainline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {
    @Test
    void passwordsInUrlsNeverReachMessages() {
        DatabaseConfig config = new DatabaseConfig(
                "jdbc:postgresql://db:5432/mainline?user=postgres&password=s3cret&ssl=true", "postgres", "hunter2", 4,
                Duration.ofSeconds(1));

        assertThat(config.redactedUrl())
                .isEqualTo("jdbc:postgresql://db:5432/mainline?user=postgres&password=****&ssl=true");
        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("hunter2");
        assertThat(DatabaseConfig.redact("jdbc:postgresql://admin:pw@db/x")).isEqualTo("jdbc:postgresql://****@db/x");
    }

    @Test
    void unreachableDatabaseSaysWhereWithoutThePassword() {
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://127.0.0.1:5999/test?password=s3cret", "postgres",
                "", 1, Duration.ofMillis(500));

        assertThatThrownBy(() -> new Database(config).start())
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("127.0.0.1:5999")
                .hasMessageNotContaining("s3cret");
    }
}
