package dev.mainline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.server.MainlineServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Every setting binds with its documented default, and a bad value stops start-up naming the key and the value. */
@ExtendWith(OutputCaptureExtension.class)
class MainlinePropertiesTest {
    @TempDir
    Path dataDir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MainlineProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void everySettingHasItsDocumentedDefault() {
        runner.run(context -> {
            MainlineProperties properties = context.getBean(MainlineProperties.class);
            assertThat(properties.dataDir()).isEqualTo(Path.of("data"));
            assertThat(properties.database().url()).isEmpty();
            assertThat(properties.database().username()).isEmpty();
            assertThat(properties.database().password()).isEmpty();
            assertThat(properties.database().maxPoolSize()).isEqualTo(10);
            assertThat(properties.database().connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.http().maxRequestSize()).isEqualTo(DataSize.ofMegabytes(1));
            assertThat(properties.tokens().defaultLifetime()).isEqualTo(Duration.ofDays(90));
            assertThat(properties.tokens().maxLifetime()).isEqualTo(Duration.ofDays(366));
            assertThat(properties.testAnalytics().maxUploadSize()).isEqualTo(DataSize.ofMegabytes(256));
            assertThat(properties.testAnalytics().window()).isEqualTo(Duration.ofDays(30));
            assertThat(properties.testAnalytics().queue()).isEqualTo("embedded");
            assertThat(properties.testAnalytics().natsUrl()).isEqualTo("nats://127.0.0.1:4222");
            assertThat(properties.testAnalytics().natsStream()).isEqualTo("MAINLINE_TEST_UPLOADS");
            assertThat(properties.releases().readCache()).isTrue();
            assertThat(properties.releases().storePollInterval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.releases().storePolling()).contains(Duration.ofMinutes(5));
            assertThat(properties.releases().apps()).isEmpty();
        });
    }

    @Test
    void everySettingBindsFromItsKey() {
        runner.withPropertyValues("mainline.data-dir=/var/lib/mainline",
                "mainline.database.url=jdbc:postgresql://db:5432/mainline", "mainline.database.username=mainline",
                "mainline.database.password=secret", "mainline.database.max-pool-size=25",
                "mainline.database.connection-timeout=3s", "mainline.http.max-request-size=4MB",
                "mainline.tokens.default-lifetime=30d", "mainline.tokens.max-lifetime=60d",
                "mainline.test-analytics.max-upload-size=64MB", "mainline.test-analytics.window=14d",
                "mainline.test-analytics.queue=nats", "mainline.test-analytics.nats-url=nats://queue:4222",
                "mainline.test-analytics.nats-stream=UPLOADS", "mainline.logs.max-upload-size=2GB",
                "mainline.logs.max-log-size=4GB", "mainline.logs.retention=400d", "mainline.logs.store=s3",
                "mainline.logs.s3.endpoint=http://minio:9000", "mainline.logs.s3.bucket=ci-logs",
                "mainline.logs.s3.access-key=mainline", "mainline.logs.s3.secret-key=s3-secret-value",
                "mainline.releases.read-cache=false", "mainline.releases.store-poll-interval=2m").run(context -> {
                    MainlineProperties properties = context.getBean(MainlineProperties.class);
                    assertThat(properties.dataDir()).isEqualTo(Path.of("/var/lib/mainline"));
                    assertThat(properties.database().url()).isEqualTo("jdbc:postgresql://db:5432/mainline");
                    assertThat(properties.database().username()).isEqualTo("mainline");
                    assertThat(properties.database().password()).isEqualTo("secret");
                    assertThat(properties.database().toString()).doesNotContain("secret");
                    assertThat(properties.database().maxPoolSize()).isEqualTo(25);
                    assertThat(properties.database().connectionTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(properties.http().maxRequestSize()).isEqualTo(DataSize.ofMegabytes(4));
                    assertThat(properties.tokens().defaultLifetime()).isEqualTo(Duration.ofDays(30));
                    assertThat(properties.tokens().maxLifetime()).isEqualTo(Duration.ofDays(60));
                    assertThat(properties.testAnalytics().maxUploadSize()).isEqualTo(DataSize.ofMegabytes(64));
                    assertThat(properties.testAnalytics().window()).isEqualTo(Duration.ofDays(14));
                    assertThat(properties.testAnalytics().queue()).isEqualTo("nats");
                    assertThat(properties.testAnalytics().natsUrl()).isEqualTo("nats://queue:4222");
                    assertThat(properties.testAnalytics().natsStream()).isEqualTo("UPLOADS");
                    assertThat(properties.logs().maxUploadSize()).isEqualTo(DataSize.ofGigabytes(2));
                    assertThat(properties.logs().maxLogSize()).isEqualTo(DataSize.ofGigabytes(4));
                    assertThat(properties.logs().keptFor()).contains(Duration.ofDays(400));
                    assertThat(properties.logs().store()).isEqualTo("s3");
                    assertThat(properties.logs().s3().endpoint()).isEqualTo("http://minio:9000");
                    assertThat(properties.logs().s3().bucket()).isEqualTo("ci-logs");
                    assertThat(properties.logs().s3().region()).isEqualTo("us-east-1");
                    assertThat(properties.logs().s3().pathStyle()).isTrue();
                    assertThat(properties.logs().toString()).doesNotContain("s3-secret-value");
                    assertThat(properties.releases().readCache()).isFalse();
                    assertThat(properties.releases().storePolling()).contains(Duration.ofMinutes(2));
                });
    }

    @Test
    void storePollingIsSwitchedOffByAnIntervalOfZeroOrLess() {
        for (String off : new String[]{"0", "-1m"}) {
            runner.withPropertyValues("mainline.releases.store-poll-interval=" + off).run(context -> assertThat(
                    context.getBean(MainlineProperties.class).releases().storePolling()).as(off).isEmpty());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mainline.database.max-pool-size=0        | mainline.database.max-pool-size | 0",
            "mainline.database.max-pool-size=lots     | mainline.database.max-pool-size | lots",
            "mainline.database.max-pool-size=500      | mainline.database.max-pool-size | 500",
            "mainline.database.url=mysql://db/x       | mainline.database.url           | mysql://db/x",
            "mainline.database.connection-timeout=1ms | mainline.database.connection-timeout | PT0.001S",
            "mainline.http.max-request-size=1TB       | mainline.http.max-request-size  | 1099511627776B",
            "mainline.tokens.default-lifetime=400d    | mainline.tokens.default-lifetime | PT9600H",
            "mainline.test-analytics.window=2h        | mainline.test-analytics.window  | PT2H",
            "mainline.test-analytics.queue=kafka      | mainline.test-analytics.queue   | kafka",
            "mainline.test-analytics.nats-url=http://x | mainline.test-analytics.nats-url | http://x",
            "mainline.tokens.max-lifetime=soon        | mainline.tokens.max-lifetime    | soon",
            "mainline.logs.retention=1h               | mainline.logs.retention         | PT1H",
            "mainline.logs.store=ftp                  | mainline.logs.store             | ftp",
            "mainline.logs.store=s3                   | mainline.logs.s3.endpoint       | ''",
            "mainline.github.app-id=abc               | mainline.github.app-id          | abc",
            "mainline.github.reconcile-interval=1s    | mainline.github.reconcile-interval | PT1S",
            "mainline.releases.store-poll-interval=1s | mainline.releases.store-poll-interval | PT1S",
            "mainline.databse.url=jdbc:h2:mem:x       | mainline.databse.url            | jdbc:h2:mem:x"})
    void invalidSettingStopsStartUpNamingKeyAndValue(String setting, String key, String value, CapturedOutput output) {
        assertThatThrownBy(
                () -> MainlineServer.start("--server.port=0", "--mainline.data-dir=" + dataDir, "--" + setting))
                .isInstanceOf(RuntimeException.class);
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START").contains(key)
                .contains(value);
        assertThat(dataDir.resolve("db")).doesNotExist();
    }

    @Test
    void gitHubModeWithoutCredentialsStopsStartUpWithoutShowingTheSecret(CapturedOutput output) {
        assertThatThrownBy(() -> MainlineServer.start("--server.port=0", "--mainline.data-dir=" + dataDir,
                "--mainline.github.webhook-secret=do-not-print-this-secret"))
                .isInstanceOf(RuntimeException.class);
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                .contains("mainline.github.app-id", "mainline.github.token")
                .doesNotContain("do-not-print-this-secret");
        assertThat(dataDir.resolve("db")).doesNotExist();
    }
}
