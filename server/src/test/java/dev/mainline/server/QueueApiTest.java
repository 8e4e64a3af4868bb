package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.local.SampleRepository;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A local repository's merge queue driven over real HTTP: queue, status, roles, lock, and the audit trail. */
class QueueApiTest extends ServerTestSupport {
    private static final String QUEUE = "/api/v1/repositories/queue-test/service/queue";

    @Test
    void pullRequestsQueuedOverTheApiMergeIntoTheLocalRepository() throws Exception {
        TestingApi api = api();
        String admin = adminToken();
        TestingApi.Response registered = api.post("/api/v1/repositories", admin,
                Map.of("name", "queue-test/service", "forge", "local"));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().path("pushTo").asString())
                .isEqualTo(DATA_DIR.resolve("repositories/queue-test/service.git").toString());
        assertThat(DATA_DIR.resolve("repositories/queue-test/service.git/HEAD")).exists();
        // Nothing pushed yet: the queue says where to push.
        TestingApi.Response empty = api.get(QUEUE, admin);
        assertThat(empty.status()).as(empty.body()).isEqualTo(409);
        assertThat(empty.code()).isEqualTo("queue-not-running");
        assertThat(empty.json().path("detail").asString()).contains("has no branch 'main' yet: push it to",
                "repositories/queue-test/service.git");

        SampleRepository.create(DATA_DIR.resolve("repositories/queue-test/service.git"), 3, Map.of(),
                java.util.Set.of(3)).repository().close();
        String engineer = userWithToken("quinn", Map.of("role", "engineer", "scope", "repository:queue-test/service"));
        String viewer = userWithToken("vera", Map.of("role", "viewer", "scope", "repository:queue-test/service"));

        TestingApi.Response queued = api.post(QUEUE + "/entries", engineer, Map.of("pullRequest", 1, "branch", "pr-1"));
        assertThat(queued.status()).as(queued.body()).isEqualTo(201);
        assertThat(queued.json().path("entries").path(0).path("author").asString()).isEqualTo("quinn");
        assertThat(api.post(QUEUE + "/entries", engineer, Map.of("pullRequest", 3, "branch", "pr-3")).status())
                .isEqualTo(201);

        TestingApi.Response refused = api.post(QUEUE + "/entries", viewer, Map.of("pullRequest", 2, "branch", "pr-2"));
        assertThat(refused.status()).isEqualTo(403);
        TestingApi.Response urgent = api.post(QUEUE + "/entries", engineer,
                Map.of("pullRequest", 2, "branch", "pr-2", "priority", "urgent"));
        assertThat(urgent.status()).isEqualTo(403);
        assertThat(urgent.json().path("detail").asString()).contains("queue.enqueue-urgent", "release-manager");
        TestingApi.Response noBranch = api.post(QUEUE + "/entries", engineer,
                Map.of("pullRequest", 2, "branch", "nope"));
        assertThat(noBranch.status()).isEqualTo(404);
        assertThat(noBranch.json().path("detail").asString()).contains("branch 'nope' does not exist");

        JsonNode status = waitUntilEmpty(api, viewer);
        assertThat(status.path("main").asString()).isNotBlank();
        JsonNode ejected = api.get(QUEUE + "/pull-requests/3/history", viewer).json();
        assertThat(ejected).extracting(line -> line.path("kind").asString()).contains("enqueued", "ejected");
        assertThat(ejected).last().satisfies(line -> assertThat(line.path("detail").asString())
                .contains("#3 failed CI"));
        assertThat(api.get(QUEUE + "/pull-requests/1/history", viewer).json())
                .extracting(line -> line.path("kind").asString()).last().isEqualTo("merged");
        assertThat(api.get(QUEUE + "/pull-requests/42/history", viewer).status()).isEqualTo(404);
        JsonNode audit = api.get("/api/v1/audit?target=repository:queue-test/service%231", admin).json()
                .path("items");
        assertThat(audit).extracting(event -> event.path("action").asString()).contains("queue.enqueue");
        JsonNode denied = api.get("/api/v1/audit?actorLogin=vera&outcome=denied", admin).json().path("items");
        assertThat(denied).extracting(event -> event.path("action").asString()).contains("queue.enqueue");
    }

    @Test
    void theGitHubWebhookSaysSoWhenGitHubModeIsNotConfigured() {
        TestingApi.Response response = api().postRaw("/api/v1/github/webhooks", null, "{}", "application/json");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("detail").asString()).contains("GitHub mode is not configured",
                "mainline.github.webhook-secret");
    }

    private static JsonNode waitUntilEmpty(TestingApi api, String token) {
        return await("the queue empties").atMost(Duration.ofMinutes(1))
                .until(() -> api.get(QUEUE, token).json(), status -> status.path("entries").isEmpty());
    }
}
