package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.server.identity.BootstrapWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One real server on the embedded default (H2 file database in a temporary data directory), shared by the API test
 * classes, bootstrapped once with an administrator whose token the tests use.
 */
@SpringBootTest(classes = MainlineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerTestSupport {
    protected static final Path DATA_DIR = createDataDirectory();
    private static String adminToken;

    @LocalServerPort
    protected int port;

    /** Slack, for the Slack app's tests; every test of this context shares the one server, so it is on for all. */
    protected static final dev.mainline.testing.slack.FakeSlack SLACK = new dev.mainline.testing.slack.FakeSlack();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mainline.data-dir", DATA_DIR::toString);
        // A local app whose regression is a command (ReleaseApiTest).
        registry.add("mainline.releases.apps.local-wallet.repository", () -> "local-wallet/android");
        registry.add("mainline.releases.apps.local-wallet.regression-command",
                () -> "grep -q 'Sample project' README.md && echo 'all 42 UI tests passed'");
        registry.add("mainline.slack.bot-token", () -> dev.mainline.testing.slack.FakeSlack.BOT_TOKEN);
        registry.add("mainline.slack.signing-secret", () -> dev.mainline.testing.slack.FakeSlack.SIGNING_SECRET);
        registry.add("mainline.slack.app-token", () -> dev.mainline.testing.slack.FakeSlack.APP_TOKEN);
        registry.add("mainline.slack.api-url", SLACK::apiUrl);
        registry.add("mainline.slack.public-url", () -> "https://mainline.acme.test");
        registry.add("mainline.slack.per-channel", () -> "0s");
    }

    private static Path createDataDirectory() {
        try {
            return Files.createTempDirectory("mainline-server-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected TestingApi api() {
        return new TestingApi(port);
    }

    /** The bootstrap administrator's token; bootstraps on first use. */
    protected synchronized String adminToken() {
        if (adminToken == null) {
            String secret = readBootstrapToken();
            TestingApi.Response response = api().post("/api/v1/bootstrap", null, Map.of("bootstrapToken", secret,
                    "login", "root", "displayName", "Root Admin"));
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            adminToken = response.json().path("token").path("secret").asString();
        }
        return adminToken;
    }

    protected static String readBootstrapToken() {
        return readBootstrapToken(DATA_DIR);
    }

    /** The one-time bootstrap token a server with data directory {@code dataDir} wrote. */
    static String readBootstrapToken(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve(BootstrapWindow.FILE_NAME)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a user and returns a token minted for them by the administrator. */
    protected String userWithToken(String login, Map<String, String> grant) {
        TestingApi api = api();
        assertThat(api.post("/api/v1/users", adminToken(), Map.of("login", login, "displayName", "User " + login))
                .status()).isEqualTo(201);
        if (grant != null) {
            TestingApi.Response granted = api.post("/api/v1/users/" + login + "/grants", adminToken(), grant);
            assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        }
        TestingApi.Response minted = api.post("/api/v1/users/" + login + "/tokens", adminToken(),
                Map.of("name", "test"));
        assertThat(minted.status()).as(minted.body()).isEqualTo(201);
        return minted.json().path("secret").asString();
    }

    protected int auditCount() {
        return api().get("/api/v1/audit?limit=200", adminToken()).json().path("items").size();
    }
}
