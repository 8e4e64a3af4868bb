package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.server.identity.BootstrapWindow;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server with {@code mainline.test-analytics.queue=nats}: an accepted upload waits in a JetStream stream on the
 * machine's NATS server (127.0.0.1:4222) and is stored from there; one accepted while no server consumed it is stored
 * by the next server that starts.
 */
class NatsUploadQueueTest {
    private static final String REPORT = """
            <testsuite name="com.acme.CartTest">
              <testcase name="addsItem" classname="com.acme.CartTest"/>
              <testcase name="checksOut" classname="com.acme.CartTest"><failure message="no"/></testcase>
            </testsuite>
            """;

    @TempDir
    Path dataDir;

    @Test
    void uploadsAreQueuedOnJetStreamAndStoredFromThere() throws Exception {
        String stream = "mainline_server_test_" + Long.toHexString(System.nanoTime());
        String[] arguments = {"--server.port=0", "--mainline.data-dir=" + dataDir,
                "--mainline.test-analytics.queue=nats", "--mainline.test-analytics.nats-stream=" + stream};
        try {
            try (ConfigurableApplicationContext context = MainlineServer.start(arguments)) {
                TestingApi api = new TestingApi(port(context));
                String token = bootstrap(api);
                assertThat(api.post("/api/v1/repositories", token, Map.of("name", "nats/app", "forge", "local"))
                        .status()).isEqualTo(201);
                assertThat(upload(api, token, "0123abc1").statusCode()).isEqualTo(202);
                await("stored from the stream").atMost(Duration.ofSeconds(20)).until(() -> api.get(
                        "/api/v1/repositories/nats/app/tests/1", token).status() == 200);
            }
            try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
                assertThat(nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount())
                        .as("acknowledged, so gone from the work queue").isZero();
            }
        } finally {
            try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
                nats.jetStreamManagement().deleteStream(stream);
            }
        }
    }

    private static HttpResponse<String> upload(TestingApi api, String token, String commit) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base()
                + "/api/v1/test-runs?repository=nats/app&commit=" + commit + "&job=unit"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(REPORT)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String bootstrap(TestingApi api) throws Exception {
        String bootstrapToken = Files.readString(dataDir.resolve(BootstrapWindow.FILE_NAME)).trim();
        TestingApi.Response bootstrap = api.post("/api/v1/bootstrap", null, Map.of("bootstrapToken", bootstrapToken,
                "login", "nats-admin", "displayName", "NATS Admin"));
        assertThat(bootstrap.status()).as(bootstrap.body()).isEqualTo(201);
        return bootstrap.json().path("token").path("secret").asString();
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
