package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The role model over real HTTP: what a scoped release manager's token may and may not do, and the audit trail. */
class AccessControlApiTest extends ServerTestSupport {
    @Test
    void releaseManagerTokenIsRefusedOnAdminActionsAndOtherAppsAndEachRefusalIsAudited() {
        TestingApi api = api();
        String admin = adminToken();
        assertThat(api.post("/api/v1/apps", admin, Map.of("key", "payments", "displayName", "Payments", "platforms",
                List.of("ios", "android"))).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/apps", admin, Map.of("key", "wallet", "displayName", "Wallet", "platforms",
                List.of("android"))).status()).isEqualTo(201);
        String token = userWithToken("rita", Map.of("role", "release-manager", "scope", "app:payments"));

        TestingApi.Response ownApp = api.patch("/api/v1/apps/payments", token, Map.of("displayName", "Payments App"));
        assertThat(ownApp.status()).as(ownApp.body()).isEqualTo(200);
        assertThat(ownApp.json().path("displayName").asString()).isEqualTo("Payments App");

        TestingApi.Response otherApp = api.patch("/api/v1/apps/wallet", token, Map.of("displayName", "Mine now"));
        assertThat(otherApp.status()).isEqualTo(403);
        assertThat(otherApp.contentType()).startsWith("application/problem+json");
        assertThat(otherApp.code()).isEqualTo("permission-denied");
        assertThat(otherApp.json().path("type").asString()).isEqualTo("urn:mainline:problem:permission-denied");
        assertThat(otherApp.json().path("detail").asString()).contains("release-manager", "app:wallet", "rita");
        assertThat(api.get("/api/v1/apps/wallet", admin).json().path("displayName").asString()).isEqualTo("Wallet");

        TestingApi.Response adminAction = api.post("/api/v1/users", token,
                Map.of("login", "mallory", "displayName", "M"));
        assertThat(adminAction.status()).isEqualTo(403);
        assertThat(adminAction.code()).isEqualTo("permission-denied");
        assertThat(api.get("/api/v1/users/mallory", admin).status()).isEqualTo(404);

        JsonNode denied = api.get("/api/v1/audit?actorLogin=rita&outcome=denied", admin).json().path("items");
        assertThat(denied).extracting(event -> event.path("action").asString() + " " + event.path("target").asString())
                .contains("app.update app:wallet", "user.create user:mallory");
        assertThat(denied).allSatisfy(event -> assertThat(event.path("channel").asString()).isEqualTo("api"));
        JsonNode succeeded = api.get("/api/v1/audit?actorLogin=rita&outcome=succeeded", admin).json().path("items");
        assertThat(succeeded).extracting(event -> event.path("action").asString()).contains("app.update");
    }

    @Test
    void revokedTokenIsRefusedAndTheRefusalWritesNothing() {
        TestingApi api = api();
        String token = userWithToken("tom", Map.of("role", "viewer", "scope", "global"));
        assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
        long tokenId = api.get("/api/v1/users/tom/tokens", adminToken()).json().path(0).path("id").asLong();

        assertThat(api.delete("/api/v1/users/tom/tokens/" + tokenId, adminToken()).status()).isEqualTo(204);
        int auditBefore = auditCount();
        TestingApi.Response refused = api.get("/api/v1/me", token);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("token-revoked");
        assertThat(refused.headers().get("www-authenticate")).containsExactly("Bearer realm=\"mainline\"");
        assertThat(auditCount()).isEqualTo(auditBefore);
    }

    @Test
    void tokenScopesNarrowWhatTheUserMayDo() {
        TestingApi api = api();
        userWithToken("nadia", Map.of("role", "admin", "scope", "global"));
        TestingApi.Response minted = api.post("/api/v1/users/nadia/tokens", adminToken(),
                Map.of("name", "read-only", "scopes", List.of("viewer@global"), "expiresInDays", 7));
        assertThat(minted.status()).as(minted.body()).isEqualTo(201);
        String readOnly = minted.json().path("secret").asString();

        assertThat(api.get("/api/v1/apps", readOnly).status()).isEqualTo(200);
        TestingApi.Response refused = api.post("/api/v1/users", readOnly, Map.of("login", "x1", "displayName", "X"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("detail").asString()).contains("token 'read-only' is not scoped");
    }

    @Test
    void theLastAdministratorCannotBeRevoked() {
        TestingApi api = api();
        long grantId = api.get("/api/v1/users/root/grants", adminToken()).json().path(0).path("id").asLong();
        TestingApi.Response refused = api.delete("/api/v1/users/root/grants/" + grantId, adminToken());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("last-administrator");
        assertThat(api.get("/api/v1/users/root/grants", adminToken()).json()).hasSize(1);
        assertThat(api.get("/api/v1/audit", adminToken()).status()).isEqualTo(200);
    }

    @Test
    void handlesAreCaseInsensitiveAndCanBeCleared() {
        TestingApi api = api();
        assertThat(api.post("/api/v1/users", adminToken(), Map.of("login", "octo", "displayName", "Octo", "githubLogin",
                "Octo", "email", "Octo@Example.com")).status()).isEqualTo(201);
        TestingApi.Response clash = api.post("/api/v1/users", adminToken(),
                Map.of("login", "octo2", "displayName", "Octo 2", "githubLogin", "octo"));
        assertThat(clash.status()).isEqualTo(409);

        TestingApi.Response cleared = api.patch("/api/v1/users/octo", adminToken(), Map.of("githubLogin", ""));
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().has("githubLogin")).isFalse();
        assertThat(cleared.json().path("email").asString()).isEqualTo("octo@example.com");

        int entries = auditCount();
        assertThat(api.patch("/api/v1/users/octo", adminToken(), Map.of("displayName", "Octo")).status())
                .isEqualTo(200);
        assertThat(auditCount()).as("an update that changes nothing writes nothing").isEqualTo(entries);
    }

    @Test
    void tokenSecretIsShownOnceAndStoredOnlyAsItsPrefix() {
        TestingApi api = api();
        userWithToken("sam", null);
        JsonNode listed = api.get("/api/v1/users/sam/tokens", adminToken()).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.path(0).has("secret")).isFalse();
        assertThat(listed.path(0).path("prefix").asString()).startsWith("mlt_").hasSize(12);
    }

    @Test
    void auditLogIsForAdministratorsOnly() {
        String token = userWithToken("una", Map.of("role", "release-manager", "scope", "global"));
        TestingApi.Response refused = api().get("/api/v1/audit", token);
        assertThat(refused.status()).isEqualTo(403);
        JsonNode denied = api().get("/api/v1/audit?actorLogin=una&action=audit.read", adminToken()).json()
                .path("items");
        assertThat(denied).hasSize(1);
    }

    @Test
    void bootstrapHappensOnceAndItsTokenFileIsRemoved() {
        adminToken();
        assertThat(DATA_DIR.resolve("bootstrap-token")).doesNotExist();
        TestingApi.Response again = api().post("/api/v1/bootstrap", null,
                Map.of("bootstrapToken", "mlt_guess", "login", "eve", "displayName", "Eve"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("bootstrap-unavailable");
    }

    @Test
    void listingsArePagedWithOpaqueCursors() {
        TestingApi api = api();
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/v1/repositories", adminToken(), Map.of("name", "acme/service-" + i)).status())
                    .isEqualTo(201);
        }
        JsonNode first = api.get("/api/v1/repositories?limit=2", adminToken()).json();
        assertThat(first.path("items")).hasSize(2);
        String cursor = first.path("nextCursor").asString();
        assertThat(cursor).isNotBlank();
        JsonNode second = api.get("/api/v1/repositories?limit=2&cursor=" + cursor, adminToken()).json();
        assertThat(second.path("items").path(0).path("name").asString())
                .isNotEqualTo(first.path("items").path(0).path("name").asString());
        assertThat(second.path("items").path(0).path("id").asLong())
                .isGreaterThan(first.path("items").path(1).path("id").asLong());
    }

    @Test
    void openApiHealthAndMetricsAreServed() {
        TestingApi api = api();
        TestingApi.Response openApi = api.get("/api/v1/openapi.json", null);
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().path("paths").propertyNames()).contains("/api/v1/users", "/api/v1/apps/{key}",
                "/api/v1/audit", "/api/v1/users/{login}/tokens", "/api/v1/bootstrap");

        TestingApi.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("components").path("database").path("status").asString()).isEqualTo("UP");

        api.get("/api/v1/me", null);
        TestingApi.Response metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("mainline_api_problems_total{code=\"unauthenticated\"}");
    }
}
