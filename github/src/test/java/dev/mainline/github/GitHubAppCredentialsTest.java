package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.testing.TestingClock;
import dev.mainline.testing.github.FakeGitHub;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Authenticating as a GitHub App: a signed JSON Web Token buys installation tokens, renewed before they run out. */
class GitHubAppCredentialsTest {
    private final TestingClock clock = new TestingClock(Instant.now());
    private FakeGitHub github;

    @BeforeEach
    void setUp() {
        github = new FakeGitHub("acme/api", "no-static-token-here", clock);
        github.installApp("12345");
        github.push("main", github.commit(null, "first", Map.of("a", "b")));
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    @Test
    void theAppsKeyAsGitHubHandsItOutBuysAnInstallationTokenTheApiAccepts() {
        GitHubAppCredentials credentials = new GitHubAppCredentials(github.url(), "12345",
                GitHubAppCredentials.readPrivateKey(github.appPrivateKeyPem()), clock);
        GitHubApi api = new GitHubApi(github.url(), credentials, Duration.ZERO, duration -> {
        }, clock);
        GitHubRepository repository = new GitHubRepository(api, "acme/api");

        assertThat(repository.branch("main")).isPresent();
        assertThat(repository.branch("main")).isPresent();
        assertThat(github.installationTokensIssued()).as("one token, reused").isEqualTo(1);

        clock.advance(Duration.ofMinutes(56));
        assertThat(repository.branch("main")).isPresent();
        assertThat(github.installationTokensIssued()).as("renewed five minutes before it expires").isEqualTo(2);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey other = generator.generateKeyPair().getPrivate();
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(other.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        GitHubAppCredentials credentials = new GitHubAppCredentials(github.url(), "12345",
                GitHubAppCredentials.readPrivateKey(pkcs8), clock);

        assertThatThrownBy(() -> credentials.authorization("acme/api"))
                .isInstanceOf(GitHubApi.GitHubApiException.class)
                .hasMessageContaining("find the GitHub App's installation on acme/api");
    }

    @Test
    void aKeyThatIsNotPemIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> GitHubAppCredentials.readPrivateKey("secret-material"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret-material")
                .hasMessageContaining("PEM");
    }
}
