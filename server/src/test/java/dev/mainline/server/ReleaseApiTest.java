package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A release operated over HTTP: cut, every runbook step, gates refused with 409 naming them, roles with 403. */
class ReleaseApiTest extends ServerTestSupport {
    private TestingApi.Response act(long id, String token, Object... fields) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return api().post("/api/v1/releases/%d/actions".formatted(id), token, body);
    }

    @Test
    void aReleaseGoesThroughItsRunbookOverHttpAndGatesAndRolesAreEnforced() {
        String admin = adminToken();
        assertThat(api().post("/api/v1/apps", admin, Map.of("key", "api-wallet", "displayName", "Wallet",
                "platforms", List.of("android", "ios"))).status()).isEqualTo(201);
        String manager = userWithToken("rm-rita", Map.of("role", "release-manager", "scope", "app:api-wallet"));
        String second = userWithToken("rm-sam", Map.of("role", "release-manager", "scope", "app:api-wallet"));
        String ci = userWithToken("ci-release", Map.of("role", "engineer", "scope", "app:api-wallet"));

        assertThat(api().send("PUT", "/api/v1/apps/api-wallet/runbook", manager,
                tools.jackson.databind.json.JsonMapper.builder().build()
                        .writeValueAsString(Map.of("rolloutSteps", List.of(5, 50, 100),
                                "requiredApprovals", 1, "minCrashFreeRate", 99.5, "twoPersonHalt", false,
                                "twoPersonFull", true)),
                "application/json").status()).isEqualTo(200);
        TestingApi.Response cut = api().post("/api/v1/apps/api-wallet/releases", manager, Map.of("platform",
                "android", "version", "7.1.0"));
        assertThat(cut.status()).as(cut.body()).isEqualTo(201);
        long id = cut.json().path("id").asLong();
        assertThat(cut.json().path("state").asString()).isEqualTo("cut");
        assertThat(cut.json().path("branch").asString()).isEqualTo("release/7.1.0");

        TestingApi.Response early = act(id, manager, "action", "run-regression");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("gate-not-met");
        assertThat(early.json().path("detail").asString()).contains("build: no build is recorded yet");
        assertThat(act(id, ci, "action", "record-build", "build", "710").json().path("state").asString())
                .isEqualTo("built");
        TestingApi.Response byEngineer = act(id, ci, "action", "run-regression");
        assertThat(byEngineer.status()).as("only release managers run regression").isEqualTo(403);
        assertThat(act(id, manager, "action", "run-regression").json().path("state").asString())
                .isEqualTo("regression-running");
        act(id, ci, "action", "regression-result", "passed", true, "link", "/api/v1/logs/1/text");
        act(id, manager, "action", "approve");
        act(id, manager, "action", "submit");
        act(id, ci, "action", "review-result", "approved", true);
        assertThat(act(id, manager, "action", "start-rollout").json().path("rolloutPercent").asDouble())
                .isEqualTo(5);
        TestingApi.Response unhealthy = act(id, manager, "action", "increase-rollout");
        assertThat(unhealthy.status()).isEqualTo(409);
        assertThat(unhealthy.json().path("detail").asString()).contains("crash-free-rate");
        act(id, ci, "action", "crash-free-rate", "rate", 99.8);
        assertThat(act(id, manager, "action", "increase-rollout").json().path("rolloutPercent").asDouble())
                .isEqualTo(50);
        act(id, ci, "action", "crash-free-rate", "rate", 99.9);
        JsonNode waiting = act(id, manager, "action", "complete-rollout").json();
        assertThat(waiting.path("state").asString()).isEqualTo("rolling-out");
        assertThat(waiting.path("pending").path("action").asString()).isEqualTo("complete-rollout");
        assertThat(act(id, manager, "action", "confirm").json().path("detail").asString())
                .contains("a second release manager must confirm");
        JsonNode done = act(id, second, "action", "confirm").json();
        assertThat(done.path("state").asString()).isEqualTo("completed");
        assertThat(done.path("rolloutPercent").asDouble()).isEqualTo(100);

        JsonNode history = api().get("/api/v1/releases/%d/history".formatted(id), ci).json();
        assertThat(history.get(0).path("action").asString()).isEqualTo("cut");
        assertThat(history.get(history.size() - 1).path("detail").asString())
                .contains("asked by rm-rita, confirmed by rm-sam");
        assertThat(api().get("/api/v1/apps/api-wallet/releases?platform=android", ci).json().get(0).path("id")
                .asLong()).isEqualTo(id);
        assertThat(act(id, manager, "action", "dance").status()).isEqualTo(400);
        TestingApi.Response contents = api().get("/api/v1/releases/%d/contents".formatted(id), ci);
        assertThat(contents.status()).as("no repository configured for the app").isEqualTo(404);
        assertThat(contents.json().path("detail").asString()).contains("has no repository configured");
        assertThat(act(id, manager, "action", "halt-rollout").json().path("detail").asString())
                .contains("reason is required");
        String outsider = userWithToken("rm-other", Map.of("role", "release-manager", "scope", "global"));
        assertThat(api().get("/api/v1/releases/" + id, outsider).status()).isEqualTo(200);

        // The release's failing tests come from test analytics: runs on its branch.
        assertThat(api().post("/api/v1/repositories", admin, Map.of("name", "wallet/android", "forge", "local"))
                .status()).isEqualTo(201);
        String report = """
                <testsuite name="com.acme.CheckoutTest" tests="1" failures="1">
                  <testcase name="paysWithCard" classname="com.acme.CheckoutTest">
                    <failure message="card declined" type="java.lang.AssertionError">java.lang.AssertionError</failure>
                  </testcase>
                </testsuite>
                """;
        assertThat(api().send("POST", "/api/v1/test-runs?repository=wallet/android&commit=0123abcd"
                + "&branch=release/7.1.0&job=unit", admin, report, "application/xml").status()).isEqualTo(202);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> api()
                .get("/api/v1/releases/%d/tests".formatted(id), admin).json().size() == 1);
        assertThat(api().get("/api/v1/releases/%d/tests".formatted(id), ci).json())
                .as("only tests of repositories the caller may read").isEmpty();
        JsonNode failing = api().get("/api/v1/releases/%d/tests".formatted(id), admin).json().get(0);
        assertThat(failing.path("name").asString()).isEqualTo("paysWithCard");
        assertThat(failing.path("health").asString()).isIn("broken", "healthy", "flaky", "unknown");
    }

    @Test
    void inALocalRepositoryTheReleaseBranchIsCutAndTheRegressionCommandRunsOnItAndReportsWithItsLog()
            throws Exception {
        String admin = adminToken();
        assertThat(api().post("/api/v1/repositories", admin, Map.of("name", "local-wallet/android", "forge",
                "local")).status()).isEqualTo(201);
        dev.mainline.local.SampleRepository.create(DATA_DIR.resolve("repositories/local-wallet/android.git"), 2,
                Map.of(), java.util.Set.of()).repository().close();
        assertThat(api().post("/api/v1/apps", admin, Map.of("key", "local-wallet", "displayName", "Local Wallet",
                "platforms", List.of("android"))).status()).isEqualTo(201);
        TestingApi.Response cut = api().post("/api/v1/apps/local-wallet/releases", admin, Map.of("platform",
                "android", "version", "3.1.0"));
        assertThat(cut.status()).as(cut.body()).isEqualTo(201);
        long id = cut.json().path("id").asLong();
        act(id, admin, "action", "record-build", "build", "310");
        TestingApi.Response started = act(id, admin, "action", "run-regression");
        assertThat(started.json().path("state").asString()).as(started.body()).isEqualTo("regression-running");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> api()
                .get("/api/v1/releases/" + id, admin).json().path("state").asString().equals("regression-passed"));
        JsonNode history = api().get("/api/v1/releases/%d/history".formatted(id), admin).json();
        JsonNode result = history.get(history.size() - 1);
        assertThat(result.path("actor").asString()).isEqualTo("ci:local");
        assertThat(result.path("detail").asString()).contains("/api/v1/logs/");
        List<JsonNode> logs = new java.util.ArrayList<>();
        api().get("/api/v1/releases/3.1.0/logs", admin).json().path("logs").forEach(log -> {
            if (log.path("repository").asString().equals("local-wallet/android")) {
                logs.add(log);
            }
        });
        assertThat(logs).hasSize(1);
        assertThat(logs.getFirst().path("job").asString()).isEqualTo("regression");
        assertThat(api().get(logs.getFirst().path("text").asString(), admin).body())
                .contains("all 42 UI tests passed");
    }
}
