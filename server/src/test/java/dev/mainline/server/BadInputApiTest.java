package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear problem response naming the problem, and changes nothing. */
class BadInputApiTest extends ServerTestSupport {
    private void assertRefusedWithoutWriting(Supplier<TestingApi.Response> request, int status, String code,
            String detailContains) {
        String usersBefore = api().get("/api/v1/users?limit=200", adminToken()).body();
        int auditBefore = auditCount();

        TestingApi.Response response = request.get();

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("detail").asString()).contains(detailContains);
        assertThat(api().get("/api/v1/users?limit=200", adminToken()).body()).isEqualTo(usersBefore);
        assertThat(auditCount()).isEqualTo(auditBefore);
    }

    @Test
    void malformedJsonIsRefused() {
        assertRefusedWithoutWriting(() -> api().postRaw("/api/v1/users", adminToken(), "{\"login\": \"x\",",
                "application/json"), 400, "malformed-request", "not valid");
    }

    @Test
    void trailingGarbageIsRefused() {
        assertRefusedWithoutWriting(() -> api().postRaw("/api/v1/users", adminToken(),
                "{\"login\":\"x\",\"displayName\":\"X\"} {}", "application/json"), 400, "malformed-request",
                "not valid");
    }

    @Test
    void unknownFieldIsRefusedByName() {
        assertRefusedWithoutWriting(() -> api().post("/api/v1/users", adminToken(),
                Map.of("login", "x", "displayName", "X", "isAdmin", true)), 400, "malformed-request",
                "unknown field 'isAdmin'");
    }

    @Test
    void overLongStringIsRefusedByLengthWithoutEchoingIt() {
        String huge = "a".repeat(5000);
        assertRefusedWithoutWriting(() -> api().post("/api/v1/users", adminToken(),
                Map.of("login", huge, "displayName", "X")), 400, "invalid-argument",
                "login must be at most 64 characters, got 5000");
        TestingApi.Response response = api().post("/api/v1/users", adminToken(),
                Map.of("login", "x", "displayName", huge));
        assertThat(response.body()).doesNotContain(huge.substring(0, 300));
    }

    @Test
    void missingFieldIsNamed() {
        assertRefusedWithoutWriting(() -> api().post("/api/v1/users", adminToken(), Map.of("login", "x")), 400,
                "invalid-argument", "displayName is required");
    }

    @Test
    void wrongTypeIsNamed() {
        assertRefusedWithoutWriting(() -> api().post("/api/v1/apps", adminToken(),
                Map.of("key", "k", "displayName", "K", "platforms", Map.of("a", 1))), 400, "malformed-request",
                "platforms");
    }

    @Test
    void invalidHandleIsRefused() {
        assertRefusedWithoutWriting(() -> api().post("/api/v1/users", adminToken(),
                Map.of("login", "x", "displayName", "X", "slackUserId", "not a slack id")), 400, "invalid-argument",
                "slackUserId");
    }

    @Test
    void unknownRoleAndScopeAreRefused() {
        userWithToken("victor", null);
        assertRefusedWithoutWriting(() -> api().post("/api/v1/users/victor/grants", adminToken(),
                Map.of("role", "superuser", "scope", "global")), 400, "invalid-argument",
                "role 'superuser' is not known");
        assertRefusedWithoutWriting(() -> api().post("/api/v1/users/victor/grants", adminToken(),
                Map.of("role", "engineer", "scope", "app:no-such-app")), 404, "not-found",
                "app:no-such-app does not exist");
    }

    @Test
    void oversizedBodyIsRefused() {
        String body = "{\"login\":\"x\",\"displayName\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}";
        assertRefusedWithoutWriting(() -> api().postRaw("/api/v1/users", adminToken(), body, "application/json"), 413,
                "payload-too-large", "mainline.http.max-request-size");
    }

    @Test
    void wrongContentTypeIsRefused() {
        assertRefusedWithoutWriting(() -> api().postRaw("/api/v1/users", adminToken(), "login=x", "text/plain"), 415,
                "unsupported-media-type", "application/json");
    }

    @Test
    void missingTokenIsRefused() {
        assertRefusedWithoutWriting(() -> api().post("/api/v1/users", null, Map.of("login", "x", "displayName", "X")),
                401, "unauthenticated", "Authorization: Bearer");
    }

    @Test
    void unknownTokenIsRefused() {
        assertRefusedWithoutWriting(() -> api().post("/api/v1/users", "mlt_" + "A".repeat(43),
                Map.of("login", "x", "displayName", "X")), 401, "token-invalid", "not known");
        assertRefusedWithoutWriting(() -> api().send("GET", "/api/v1/me", null, null, "application/json"), 401,
                "unauthenticated", "API token");
    }

    @Test
    void badPagingParametersAreRefused() {
        assertRefusedWithoutWriting(() -> api().get("/api/v1/users?cursor=garbage!", adminToken()), 400,
                "invalid-argument", "cursor is not valid");
        assertRefusedWithoutWriting(() -> api().get("/api/v1/users?limit=1000", adminToken()), 400, "invalid-argument",
                "limit must be between 1 and 200");
        assertRefusedWithoutWriting(() -> api().get("/api/v1/users?limit=ten", adminToken()), 400, "invalid-argument",
                "limit");
    }

    @Test
    void duplicateIsAConflict() {
        userWithToken("wendy", null);
        assertRefusedWithoutWriting(() -> api().post("/api/v1/users", adminToken(),
                Map.of("login", "wendy", "displayName", "Again")), 409, "already-exists", "login already exists");
    }

    @Test
    void unknownEndpointAndMethodAreProblems() {
        assertRefusedWithoutWriting(() -> api().get("/api/v1/nothing-here", adminToken()), 404, "not-found",
                "/api/v1/nothing-here");
        assertRefusedWithoutWriting(() -> api().send("PUT", "/api/v1/users", adminToken(), "{}", "application/json"),
                405,
                "method-not-allowed", "PUT");
    }

    @Test
    void overLongLoginInThePathIsRefusedBeforeAnythingIsWritten() {
        String token = userWithToken("yara", null);
        String login = "a".repeat(400);
        assertRefusedWithoutWriting(() -> api().get("/api/v1/users/" + login, token), 400, "invalid-argument",
                "login must be at most 64 characters, got 400");
        assertRefusedWithoutWriting(() -> api().post("/api/v1/users/" + login + "/grants", token,
                Map.of("role", "viewer", "scope", "global")), 400, "invalid-argument", "login must be at most 64");
    }

    @Test
    void auditFiltersOutsideWhatTheDatabaseStoresAreRefused() {
        assertRefusedWithoutWriting(() -> api().get("/api/v1/audit?since=%2B999999999-01-01T00:00:00Z", adminToken()),
                400, "invalid-argument", "since must be between years 1 and 9999");
        assertRefusedWithoutWriting(() -> api().get("/api/v1/audit?actorLogin=a%00b", adminToken()), 400,
                "invalid-argument", "actorLogin must not contain control characters");
    }

    @Test
    void undecodableQueryStringIsRefused() {
        assertRefusedWithoutWriting(() -> api().rawGet("/api/v1/users?cursor=%%%", adminToken()), 400,
                "invalid-argument",
                "query string");
    }

    @Test
    void overLongUnknownKeyIsNotEchoed() {
        String platform = "x".repeat(5000);
        TestingApi.Response response = api().post("/api/v1/apps", adminToken(),
                Map.of("key", "k2", "displayName", "K", "platforms", List.of(platform)));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString().length()).isLessThan(300);
    }

    @Test
    void emptyPlatformListIsRefused() {
        assertRefusedWithoutWriting(() -> api().post("/api/v1/apps", adminToken(),
                Map.of("key", "k", "displayName", "K", "platforms", List.of())), 400, "invalid-argument", "platforms");
    }
}
