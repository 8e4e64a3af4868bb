package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.cli.MainlineCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * The embedded default end to end, as the README has a newcomer do it: start, bootstrap with the CLI from the data
 * directory, write through the API, stop, start again: everything is still there and the bootstrap stays closed.
 */
class RestartTest {
    @TempDir
    Path dataDir;

    private static ConfigurableApplicationContext start(Path dataDir) {
        return MainlineServer.start("--server.port=0", "--mainline.data-dir=" + dataDir);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void dataWrittenThroughTheApiSurvivesARestart() {
        String token;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            int port = port(first);
            assertThat(dataDir.resolve("bootstrap-token")).exists();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = MainlineCommand.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int exitCode = cli.execute("admin", "--server", "http://127.0.0.1:" + port, "bootstrap", "--login", "ada",
                    "--name", "Ada Lovelace", "--data-dir", dataDir.toString());
            assertThat(exitCode).as(err.toString()).isZero();
            Matcher secret = Pattern.compile("mlt_[A-Za-z0-9_-]{43}").matcher(out.toString());
            assertThat(secret.find()).as(out.toString()).isTrue();
            token = secret.group();
            assertThat(dataDir.resolve("bootstrap-token")).doesNotExist();

            TestingApi api = new TestingApi(port);
            assertThat(api.post("/api/v1/users", token, Map.of("login", "bob", "displayName", "Bob", "email",
                    "bob@example.com")).status()).isEqualTo(201);
            assertThat(api.post("/api/v1/apps", token, Map.of("key", "payments", "displayName", "Payments", "platforms",
                    List.of("ios"))).status()).isEqualTo(201);
        }
        assertThat(Files.exists(dataDir.resolve("db"))).isTrue();

        try (ConfigurableApplicationContext second = start(dataDir)) {
            TestingApi api = new TestingApi(port(second));
            assertThat(api.get("/actuator/health", null).json().path("status").asString()).isEqualTo("UP");
            TestingApi.Response bob = api.get("/api/v1/users/bob", token);
            assertThat(bob.status()).as(bob.body()).isEqualTo(200);
            assertThat(bob.json().path("email").asString()).isEqualTo("bob@example.com");
            assertThat(api.get("/api/v1/apps/payments", token).json().path("platforms").path(0).asString())
                    .isEqualTo("ios");
            assertThat(api.get("/api/v1/audit?action=user.create", token).json().path("items")).hasSize(1);
            assertThat(dataDir.resolve("bootstrap-token")).doesNotExist();
        }
    }
}
