package dev.mainline.server.config;

import dev.mainline.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code mainline.*} setting, typed and validated. Unknown keys under {@code mainline.} are refused, so a typo
 * stops start-up instead of being ignored. Each check names the key as it is written in configuration files, and the
 * value it got. Documented in docs/configuration.md.
 */
@ConfigurationProperties(prefix = "mainline", ignoreUnknownFields = false)
public record MainlineProperties(
        @DefaultValue("data") Path dataDir,
        @DefaultValue Database database,
        @DefaultValue Http http,
        @DefaultValue Tokens tokens,
        @DefaultValue Github github,
        @DefaultValue TestAnalytics testAnalytics,
        @DefaultValue Logs logs,
        @DefaultValue Releases releases,
        @DefaultValue Slack slack) {

    /** Where state lives. An empty url means the embedded H2 file database under the data directory. */
    public record Database(
            @DefaultValue("") String url,
            @DefaultValue("") String username,
            @DefaultValue("") String password,
            @DefaultValue("10") int maxPoolSize,
            @DefaultValue("10s") Duration connectionTimeout) {
        public Database {
            if (!url.isEmpty() && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException(
                        ("mainline.database.url must be empty (embedded H2) or a jdbc:h2: or "
                                + "jdbc:postgresql: url, got '%s'").formatted(DatabaseConfig.redact(url)));
            }
            if (maxPoolSize < 1 || maxPoolSize > 200) {
                throw new IllegalArgumentException(
                        "mainline.database.max-pool-size must be between 1 and 200, got " + maxPoolSize);
            }
            if (connectionTimeout.toMillis() < 250) {
                throw new IllegalArgumentException(
                        "mainline.database.connection-timeout must be at least 250ms, got " + connectionTimeout);
            }
        }

        @Override
        public String toString() {
            return "Database[url=%s, username=%s, maxPoolSize=%d]".formatted(url, username, maxPoolSize);
        }
    }

    public record Http(@DefaultValue("1MB") DataSize maxRequestSize) {
        public Http {
            if (maxRequestSize.toBytes() < 1024 || maxRequestSize.toMegabytes() > 64) {
                throw new IllegalArgumentException(
                        "mainline.http.max-request-size must be between 1KB and 64MB, got " + maxRequestSize);
            }
        }
    }

    public record Tokens(
            @DefaultValue("90d") Duration defaultLifetime,
            @DefaultValue("366d") Duration maxLifetime) {
        public Tokens {
            if (defaultLifetime.isNegative() || defaultLifetime.isZero()) {
                throw new IllegalArgumentException(
                        "mainline.tokens.default-lifetime must be positive, got " + defaultLifetime);
            }
            if (defaultLifetime.compareTo(maxLifetime) > 0) {
                throw new IllegalArgumentException(
                        "mainline.tokens.default-lifetime %s is longer than mainline.tokens.max-lifetime %s"
                                .formatted(defaultLifetime, maxLifetime));
            }
        }
    }

    /**
     * GitHub mode, on when a webhook secret is set. The token (a GitHub App installation token or a fine-grained
     * token with contents, pull requests, checks and issues access) is sent only to {@code api-url}; neither secret
     * is ever printed.
     */
    public record Github(
            @DefaultValue("") String webhookSecret,
            @DefaultValue("") String token,
            @DefaultValue("") String appId,
            @DefaultValue("") String privateKeyFile,
            @DefaultValue("https://api.github.com") java.net.URI apiUrl,
            @DefaultValue("1s") Duration mutationSpacing,
            @DefaultValue("5m") Duration reconcileInterval,
            @DefaultValue("2h") Duration ciTimeout) {
        public Github {
            boolean app = !appId.isEmpty() || !privateKeyFile.isEmpty();
            if (!appId.isEmpty() && !appId.matches("[0-9]{1,20}")) {
                throw new IllegalArgumentException("mainline.github.app-id must be the App's number, got '%s'"
                        .formatted(dev.mainline.common.Checks.echo(appId)));
            }
            if (app && (appId.isEmpty() || privateKeyFile.isEmpty())) {
                throw new IllegalArgumentException(
                        "mainline.github.app-id and mainline.github.private-key-file go together; one is missing");
            }
            if (!webhookSecret.isEmpty() && token.isEmpty() == !app) {
                throw new IllegalArgumentException(app
                        ? "set either mainline.github.token or mainline.github.app-id, not both"
                        : "GitHub mode (mainline.github.webhook-secret) needs mainline.github.app-id and "
                                + "mainline.github.private-key-file, or mainline.github.token");
            }
            if (!webhookSecret.isEmpty() && webhookSecret.length() < 16) {
                throw new IllegalArgumentException(
                        "mainline.github.webhook-secret must have at least 16 characters, got "
                                + webhookSecret.length());
            }
            String scheme = String.valueOf(apiUrl.getScheme());
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalArgumentException(
                        "mainline.github.api-url must be an http(s) url, got '%s'".formatted(apiUrl));
            }
            if (mutationSpacing.isNegative() || mutationSpacing.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException(
                        "mainline.github.mutation-spacing must be between 0s and 1m, got " + mutationSpacing);
            }
            if (reconcileInterval.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new IllegalArgumentException(
                        "mainline.github.reconcile-interval must be at least 10s, got " + reconcileInterval);
            }
            if (ciTimeout.compareTo(Duration.ofMinutes(1)) < 0 || ciTimeout.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException(
                        "mainline.github.ci-timeout must be between 1m and 24h, got " + ciTimeout);
            }
        }

        public boolean enabled() {
            return !webhookSecret.isEmpty();
        }

        @Override
        public String toString() {
            return "Github[enabled=%s, apiUrl=%s, webhookSecret=%s, token=%s, appId=%s, privateKeyFile=%s]".formatted(
                    enabled(), apiUrl, webhookSecret.isEmpty() ? "unset" : "(set)", token.isEmpty() ? "unset" : "(set)",
                    appId, privateKeyFile);
        }
    }

    /**
     * Test report uploads and flaky-test detection: the largest upload (as sent, compressed or not) the API takes, how
     * far back a test's history is looked at to classify it, and the queue accepted uploads wait in: {@code embedded}
     * (the server that took an upload stores it) or {@code nats} (a JetStream stream at {@code natsUrl}, consumed by
     * every server).
     */
    public record TestAnalytics(@DefaultValue("256MB") DataSize maxUploadSize, @DefaultValue("30d") Duration window,
            @DefaultValue("embedded") String queue, @DefaultValue("nats://127.0.0.1:4222") String natsUrl,
            @DefaultValue("MAINLINE_TEST_UPLOADS") String natsStream) {
        public TestAnalytics {
            if (!queue.equals("embedded") && !queue.equals("nats")) {
                throw new IllegalArgumentException(
                        "mainline.test-analytics.queue must be embedded or nats, got " + queue);
            }
            if (!natsUrl.matches("(nats|tls)://[^\\s]+")) {
                throw new IllegalArgumentException(
                        "mainline.test-analytics.nats-url must be a nats:// or tls:// address, got " + natsUrl);
            }
            if (!natsStream.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("mainline.test-analytics.nats-stream must be 1 to 64 letters,"
                        + " digits, _ and -, got " + natsStream);
            }
            if (maxUploadSize.toBytes() < 1024 * 1024 || maxUploadSize.toGigabytes() >= 2) {
                throw new IllegalArgumentException(
                        "mainline.test-analytics.max-upload-size must be between 1MB and 2GB, got " + maxUploadSize);
            }
            if (window.compareTo(Duration.ofDays(1)) < 0 || window.compareTo(Duration.ofDays(366)) > 0) {
                throw new IllegalArgumentException(
                        "mainline.test-analytics.window must be between 1 day and 366 days, got " + window);
            }
        }
    }

    /**
     * The log archive: the largest upload as sent (compressed or not), the largest log once decompressed, and how long
     * logs are kept ({@code 0}, the default: for good).
     */
    public record Logs(@DefaultValue("10GB") DataSize maxUploadSize, @DefaultValue("20GB") DataSize maxLogSize,
            @DefaultValue("0s") Duration retention, @DefaultValue("local") String store, @DefaultValue S3 s3) {
        public Logs {
            if (!store.equals("local") && !store.equals("s3")) {
                throw new IllegalArgumentException("mainline.logs.store must be local or s3, got " + store);
            }
            if (store.equals("s3")) {
                s3.check();
            }
            if (maxUploadSize.toBytes() < 1024 * 1024) {
                throw new IllegalArgumentException(
                        "mainline.logs.max-upload-size must be at least 1MB, got " + maxUploadSize);
            }
            if (maxLogSize.toBytes() < 1024 * 1024) {
                throw new IllegalArgumentException(
                        "mainline.logs.max-log-size must be at least 1MB, got " + maxLogSize);
            }
            if (retention.isNegative() || (!retention.isZero() && retention.compareTo(Duration.ofDays(1)) < 0)) {
                throw new IllegalArgumentException(
                        "mainline.logs.retention must be 0 (keep for good) or at least 1 day, got " + retention);
            }
        }

        /**
         * An S3-compatible object store for logs' blocks: its address, region, bucket and credentials, and whether
         * buckets are addressed by path ({@code endpoint/bucket}) or by host ({@code bucket.endpoint}).
         */
        public record S3(@DefaultValue("") String endpoint, @DefaultValue("us-east-1") String region,
                @DefaultValue("") String bucket, @DefaultValue("") String accessKey, @DefaultValue("") String secretKey,
                @DefaultValue("true") boolean pathStyle) {
            void check() {
                if (!endpoint.matches("https?://[^\\s/]+(/.*)?")) {
                    throw new IllegalArgumentException(
                            "mainline.logs.s3.endpoint must be an http(s) address with mainline.logs.store=s3, got '"
                                    + endpoint + "'");
                }
                for (String[] required : new String[][]{{"bucket", bucket}, {"access-key", accessKey},
                        {"secret-key", secretKey}, {"region", region}}) {
                    if (required[1].isBlank()) {
                        throw new IllegalArgumentException("mainline.logs.s3.%s is required with mainline.logs.store=s3"
                                .formatted(required[0]));
                    }
                }
            }

            @Override
            public String toString() {
                return "S3[endpoint=%s, region=%s, bucket=%s, accessKey=%s, secretKey=(hidden), pathStyle=%s]"
                        .formatted(endpoint, region, bucket, accessKey, pathStyle);
            }
        }

        /** How long logs are kept, or empty when they are kept for good. */
        public java.util.Optional<Duration> keptFor() {
            return retention.isZero() ? java.util.Optional.empty() : java.util.Optional.of(retention);
        }
    }

    /**
     * Mobile releases: whether release reads are served from memory (dropped on every change), how often the stores
     * are read for the releases waiting on them (zero or less: never), and each app's stores
     * ({@code mainline.releases.apps.<app>.google-play} for Android, {@code …app-store-connect} for iOS); an app or
     * platform with none is released by hand (the manual store).
     */
    public record Releases(@DefaultValue("true") boolean readCache, @DefaultValue("5m") Duration storePollInterval,
            Map<String, AppStores> apps) {
        public Releases {
            apps = apps == null ? Map.of() : Map.copyOf(apps);
            if (storePollInterval == null) {
                storePollInterval = Duration.ofMinutes(5);
            }
            if (storePollInterval.isPositive() && storePollInterval.compareTo(Duration.ofSeconds(10)) < 0) {
                // Each round reads every waiting release's store; the stores' rate limits are per hour.
                throw new IllegalArgumentException("mainline.releases.store-poll-interval must be at least 10s, or 0"
                        + " to read no store, got " + storePollInterval);
            }
        }

        /** How often the stores are read, when they are. */
        public Optional<Duration> storePolling() {
            return storePollInterval.isPositive() ? Optional.of(storePollInterval) : Optional.empty();
        }

        /**
         * An app's stores, the repository each platform is built from ({@code repository} for both, or
         * {@code android-repository} / {@code ios-repository}): release branches are cut there, and the GitHub Actions
         * workflow that runs its regression there ({@code regression-workflow}, or per platform), or in a local
         * repository the command that does ({@code regression-command}, run on the release branch).
         */
        public record AppStores(GooglePlay googlePlay, AppStoreConnect appStoreConnect, String repository,
                String androidRepository, String iosRepository, String regressionWorkflow,
                String androidRegressionWorkflow, String iosRegressionWorkflow, String regressionCommand) {
            /** The repository {@code platform} is built from, when one is set. */
            public java.util.Optional<String> repository(dev.mainline.catalog.Platform platform) {
                return either(platform, repository, androidRepository, iosRepository);
            }

            /** The workflow that runs {@code platform}'s regression, when one is set. */
            public java.util.Optional<String> regressionWorkflow(dev.mainline.catalog.Platform platform) {
                return either(platform, regressionWorkflow, androidRegressionWorkflow, iosRegressionWorkflow);
            }

            private static java.util.Optional<String> either(dev.mainline.catalog.Platform platform, String both,
                    String android, String ios) {
                String specific = platform == dev.mainline.catalog.Platform.ANDROID ? android : ios;
                String value = specific != null ? specific : both;
                return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(value);
            }
        }

        /** A Google Play app: its package, a service account's JSON key file, the track rolled out on. */
        public record GooglePlay(String packageName, Path serviceAccountFile,
                @DefaultValue("production") String track,
                @DefaultValue("https://androidpublisher.googleapis.com") String apiUrl) {
        }

        /** An App Store Connect app: its Apple id, an API key's id, issuer id and .p8 file. */
        public record AppStoreConnect(String appId, String keyId, String issuerId, Path privateKeyFile,
                @DefaultValue("https://api.appstoreconnect.apple.com") String apiUrl) {
        }
    }

    /**
     * The Slack app: on when {@code bot-token} is set, taking Slack's HTTP requests with {@code signing-secret} at
     * {@code /api/v1/slack/events}, and/or connecting in Socket Mode with {@code app-token}. {@code public-url} is
     * where people reach Mainline, for the links in messages.
     */
    public record Slack(
            @DefaultValue("") String botToken,
            @DefaultValue("") String signingSecret,
            @DefaultValue("") String appToken,
            @DefaultValue("https://slack.com/api/") String apiUrl,
            @DefaultValue("http://localhost:8080") java.net.URI publicUrl,
            @DefaultValue("/mainline") String command,
            @DefaultValue("1s") Duration perChannel,
            @DefaultValue("4") int workers) {
        public Slack {
            if (!botToken.isEmpty() && !botToken.startsWith("xoxb-")) {
                throw new IllegalArgumentException("mainline.slack.bot-token must be a bot token (xoxb-…)");
            }
            if (!appToken.isEmpty() && !appToken.startsWith("xapp-")) {
                throw new IllegalArgumentException("mainline.slack.app-token must be an app-level token (xapp-…)");
            }
            if (!botToken.isEmpty() && signingSecret.isEmpty() && appToken.isEmpty()) {
                throw new IllegalArgumentException("mainline.slack.bot-token is set: set mainline.slack.signing-secret"
                        + " (HTTP) or mainline.slack.app-token (Socket Mode) too");
            }
            if (botToken.isEmpty() && (!signingSecret.isEmpty() || !appToken.isEmpty())) {
                throw new IllegalArgumentException("mainline.slack.bot-token (xoxb-…) is required with"
                        + " mainline.slack.signing-secret or mainline.slack.app-token");
            }
            if (!command.matches("/[a-z0-9_-]{1,31}")) {
                throw new IllegalArgumentException("mainline.slack.command is a slash command such as /mainline, got '"
                        + command + "'");
            }
            if (perChannel.isNegative() || workers < 1 || workers > 64) {
                throw new IllegalArgumentException("mainline.slack.per-channel must not be negative and"
                        + " mainline.slack.workers must be 1 to 64");
            }
        }

        public boolean enabled() {
            return !botToken.isEmpty();
        }

        @Override
        public String toString() {
            return "Slack[botToken=%s, signingSecret=%s, appToken=%s, apiUrl=%s, publicUrl=%s, command=%s]".formatted(
                    botToken.isEmpty() ? "" : "***", signingSecret.isEmpty() ? "" : "***",
                    appToken.isEmpty() ? "" : "***", apiUrl, publicUrl, command);
        }
    }
}
