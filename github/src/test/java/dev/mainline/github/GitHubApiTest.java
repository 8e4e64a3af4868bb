package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.testing.TestingClock;
import dev.mainline.testing.github.FakeGitHub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GitHub's rate limits are waited out the way GitHub documents; the waits are recorded, not made. */
class GitHubApiTest {
    private static final String REF = "/repos/acme/api/git/ref/heads/main";

    private FakeGitHub github;
    private final List<Duration> waits = new ArrayList<>();
    private final TestingClock clock = new TestingClock(Instant.now());
    private GitHubApi api;

    @BeforeEach
    void setUp() {
        github = new FakeGitHub("acme/api", "t");
        github.push("main", github.commit(null, "first", Map.of("a", "b")));
        api = new GitHubApi(github.url(), repo -> "Bearer t", Duration.ofSeconds(1), waits::add, clock);
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    @Test
    void retryAfterIsHonoured() {
        github.failNext("GET", REF, 429, Map.of("Retry-After", "7"), "{\"message\":\"Too many requests\"}");

        assertThat(api.get("acme/api", REF).status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aSecondaryRateLimitWaitsAMinuteThenLonger() {
        String secondary = "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes.\"}";
        github.failNext("GET", REF, 403, Map.of(), secondary);
        github.failNext("GET", REF, 403, Map.of(), secondary);

        assertThat(api.get("acme/api", REF).status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2));
    }

    @Test
    void aUsedUpPrimaryLimitWaitsUntilItsReset() {
        long reset = clock.instant().plusSeconds(120).getEpochSecond();
        github.failNext("GET", REF, 403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset",
                Long.toString(reset)), "{\"message\":\"API rate limit exceeded\"}");

        assertThat(api.get("acme/api", REF).status()).isEqualTo(200);
        assertThat(waits).hasSize(1);
        assertThat(waits.getFirst()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(122));
    }

    @Test
    void aWaitLongerThanFifteenMinutesIsNotMade() {
        github.failNext("GET", REF, 429, Map.of("Retry-After", "3600"), "{\"message\":\"slow down\"}");

        assertThatThrownBy(() -> api.get("acme/api", REF))
                .isInstanceOf(GitHubApi.RateLimitedException.class)
                .hasMessageContaining("slow down");
        assertThat(waits).isEmpty();
    }

    @Test
    void mutatingRequestsAreSpacedApart() {
        api.send("acme/api", "POST", "/repos/acme/api/git/refs",
                GitHubApi.object().put("ref", "refs/heads/x").put("sha", github.branch("main").orElseThrow()));
        api.send("acme/api", "DELETE", "/repos/acme/api/git/refs/heads/x", null);

        assertThat(waits).hasSize(1);
        assertThat(waits.getFirst()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aFailingGetIsRetriedButAnErrorIsReturned() {
        github.failNext("GET", REF, 502, Map.of(), "{\"message\":\"Bad gateway\"}");
        assertThat(api.get("acme/api", REF).status()).isEqualTo(200);

        github.failNext("GET", REF, 404, Map.of(), "{\"message\":\"Not Found\"}");
        GitHubApi.Response missing = api.get("acme/api", REF);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.message()).isEqualTo("Not Found");
    }
}
