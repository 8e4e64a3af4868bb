package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.server.identity.BootstrapWindow;
import dev.mainline.store.TestingDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The server configured for PostgreSQL (the machine's real server) instead of the embedded H2. */
class PostgresServerTest {
    @TempDir
    Path dataDir;

    @Test
    void serverRunsOnPostgresqlAndKeepsDataAcrossARestart() throws Exception {
        String schema = "server_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        TestingDatabases.execute(TestingDatabases.postgresConfig(TestingDatabases.POSTGRES_URL),
                "CREATE SCHEMA " + schema);
        String separator = TestingDatabases.POSTGRES_URL.contains("?") ? "&" : "?";
        String[] arguments = {"--server.port=0", "--mainline.data-dir=" + dataDir,
                "--mainline.database.url=" + TestingDatabases.POSTGRES_URL + separator + "currentSchema=" + schema,
                "--mainline.database.username=" + TestingDatabases.POSTGRES_USER,
                "--mainline.database.password=" + TestingDatabases.POSTGRES_PASSWORD};
        try {
            String token;
            try (ConfigurableApplicationContext context = MainlineServer.start(arguments)) {
                TestingApi api = new TestingApi(
                        Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
                TestingApi.Response health = api.get("/actuator/health", null);
                assertThat(health.json().path("components").path("database").path("status").asString()).isEqualTo("UP");
                assertThat(dataDir.resolve("db")).doesNotExist();
                String bootstrapToken = Files.readString(dataDir.resolve(BootstrapWindow.FILE_NAME)).trim();
                TestingApi.Response bootstrap = api.post("/api/v1/bootstrap", null,
                        Map.of("bootstrapToken", bootstrapToken, "login", "pg-admin", "displayName", "PG Admin"));
                assertThat(bootstrap.status()).as(bootstrap.body()).isEqualTo(201);
                token = bootstrap.json().path("token").path("secret").asString();
                assertThat(api.post("/api/v1/users", token, Map.of("login", "carol", "displayName", "Carol")).status())
                        .isEqualTo(201);
            }
            try (ConfigurableApplicationContext context = MainlineServer.start(arguments)) {
                TestingApi api = new TestingApi(
                        Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
                assertThat(api.get("/api/v1/users/carol", token).json().path("displayName").asString())
                        .isEqualTo("Carol");
            }
        } finally {
            TestingDatabases.execute(TestingDatabases.postgresConfig(TestingDatabases.POSTGRES_URL),
                    "DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
