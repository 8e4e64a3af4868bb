package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** CI sends logs over HTTP; they are read back whole, in ranges and by line, searched, and their failures grouped. */
class LogApiTest extends ServerTestSupport {
    private static final String LOG = """
            2026-11-24T18:00:01.0000000Z ##[group]Run mvn -B verify
            2026-11-24T18:00:02.0000000Z [INFO] Building cart 1.0
            2026-11-24T18:00:03.0000000Z [ERROR] Tests run: 4, Failures: 1, Errors: 0, Skipped: 0
            2026-11-24T18:00:03.1000000Z org.opentest4j.AssertionFailedError: expected: <80> but was: <90>
            2026-11-24T18:00:03.1000000Z \tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:151)
            2026-11-24T18:00:03.1000000Z \tat com.acme.cart.CartTest.appliesCoupon(CartTest.java:42)
            2026-11-24T18:00:04.0000000Z [INFO] BUILD FAILURE
            """;

    private HttpResponse<String> upload(String token, String query, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:%d/api/v1/logs?%s".formatted(port, query)))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> read(String token, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d%s".formatted(port, path)))
                .header("Authorization", "Bearer " + token).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body());
    }

    @Test
    void ciSendsALogThatIsReadBackSearchedAndItsFailureGroupedAndBadOnesAreRefused() throws Exception {
        String admin = adminToken();
        assertThat(api().post("/api/v1/repositories", admin, Map.of("name", "logs/app", "forge", "local"))
                .status()).isEqualTo(201);
        String ci = userWithToken("log-bot", Map.of("role", "engineer", "scope", "repository:logs/app"));
        String reader = userWithToken("log-reader", Map.of("role", "viewer", "scope", "global"));
        String query = "repository=logs/app&commit=0123abcd&branch=main&job=unit&outcome=failure&release=3.1.0"
                + "&platform=android&finishedAt=2026-11-24T18:00:05Z";
        byte[] text = LOG.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(text);
        }

        HttpResponse<String> accepted = upload(ci, query, gzipped.toByteArray(), "Content-Encoding", "gzip");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode log = json(accepted).path("log");
        long id = log.path("id").asLong();
        assertThat(log.path("lines").asLong()).isEqualTo(7);
        assertThat(log.path("bytes").asLong()).isEqualTo(text.length);
        assertThat(log.path("release").asString()).isEqualTo("3.1.0");
        HttpResponse<String> again = upload(ci, query, text, "Content-Type", "text/plain");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("status").asString()).isEqualTo("duplicate");

        await("the log is searchable").atMost(Duration.ofSeconds(20))
                .until(() -> api().get("/api/v1/logs/" + id, reader).json().path("searchable").asBoolean());

        HttpResponse<byte[]> whole = read(reader, "/api/v1/logs/%d/text".formatted(id));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(text);
        HttpResponse<byte[]> kept = read(reader, "/api/v1/logs/%d/text".formatted(id), "Accept-Encoding", "gzip");
        assertThat(kept.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(new GZIPInputStream(new java.io.ByteArrayInputStream(kept.body())).readAllBytes()).isEqualTo(text);
        HttpResponse<byte[]> range = read(reader, "/api/v1/logs/%d/text".formatted(id), "Range", "bytes=10-19");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes 10-19/" + text.length);
        assertThat(new String(range.body(), StandardCharsets.UTF_8)).isEqualTo(LOG.substring(10, 20));
        assertThat(read(reader, "/api/v1/logs/%d/text".formatted(id), "Range", "bytes=99999-").statusCode())
                .isEqualTo(416);
        assertThat(read(reader, "/api/v1/logs/%d/text".formatted(id), "Range", "bytes=0-999999999999999999")
                .body()).as("to the end").isEqualTo(text);
        assertThat(read(reader, "/api/v1/logs/%d/text".formatted(id), "Range", "bytes=5-3").statusCode())
                .as("not a range: the whole log").isEqualTo(200);
        assertThat(read(reader, "/api/v1/logs/%d/text".formatted(id), "Range",
                "bytes=99999999999999999999999-").statusCode()).as("beyond the end").isEqualTo(416);
        HttpResponse<byte[]> refusedGzip = read(reader, "/api/v1/logs/%d/text".formatted(id), "Accept-Encoding",
                "gzip;q=0");
        assertThat(refusedGzip.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refusedGzip.headers().firstValue("Vary")).contains("Accept-Encoding");
        assertThat(refusedGzip.body()).isEqualTo(text);
        JsonNode lines = api().get("/api/v1/logs/%d/lines?from=4&to=5".formatted(id), reader).json();
        assertThat(lines.get(0).path("number").asLong()).isEqualTo(4);
        assertThat(lines.get(1).path("text").asString()).endsWith("\tat org.junit.jupiter.api.AssertionUtils.fail("
                + "AssertionUtils.java:151)");

        JsonNode search = api().get("/api/v1/logs/search?q=expected:+%3C80%3E+but+was&context=1&release=3.1.0",
                reader).json();
        assertThat(search.path("matches")).hasSize(1);
        JsonNode match = search.path("matches").get(0);
        assertThat(match.path("line").asLong()).isEqualTo(4);
        assertThat(match.path("lines")).hasSize(3);
        assertThat(match.path("link").asString()).isEqualTo("/api/v1/logs/%d/lines?from=1&to=54".formatted(id));
        assertThat(api().get("/api/v1/logs/search?q=expected&release=9.9.9", reader).json().path("matches"))
                .isEmpty();

        JsonNode similar = api().post("/api/v1/failures/similar", reader, Map.of("text",
                "org.opentest4j.AssertionFailedError: expected: <1> but was: <2>\n"
                        + "    at com.acme.cart.CartTest.appliesCoupon(CartTest.java:40)"))
                .json();
        JsonNode best = similar.get(0);
        assertThat(best.path("exact").asBoolean()).isTrue();
        assertThat(best.path("group").path("kind").asString()).isEqualTo("assertion");
        assertThat(best.path("recent").get(0).path("log").asLong()).isEqualTo(id);
        long group = best.path("group").path("id").asLong();
        JsonNode detail = api().get("/api/v1/failures/" + group, reader).json();
        assertThat(detail.path("releases").get(0).asString()).isEqualTo("3.1.0");
        JsonNode release = api().get("/api/v1/releases/3.1.0/logs", reader).json();
        assertThat(release.path("logs").get(0).path("id").asLong()).isEqualTo(id);
        assertThat(release.path("errors").get(0).path("id").asLong()).isEqualTo(group);

        assertThat(upload(ci, query.replace("job=unit", "job=other"), new byte[]{'M', 'Z', 0, 0}).statusCode())
                .isEqualTo(415);
        assertThat(upload(ci, query.replace("job=unit", "job=other"), java.util.Arrays.copyOf(
                gzipped.toByteArray(), 20), "Content-Encoding", "gzip").statusCode()).isEqualTo(400);
        HttpResponse<String> badTime = upload(ci, query + "&startedAt=yesterday", text);
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("startedAt must be an ISO-8601 time");
        assertThat(upload(reader, query.replace("job=unit", "job=other"), text).statusCode()).isEqualTo(403);
        assertThat(api().get("/api/v1/logs?repository=logs/app", reader).json()).hasSize(1);
        assertThat(api().post("/api/v1/repositories", admin, Map.of("name", "logs/other", "forge", "local"))
                .status()).isEqualTo(201);
        String outsider = userWithToken("log-outsider", Map.of("role", "viewer", "scope", "repository:logs/other"));
        assertThat(api().get("/api/v1/logs/" + id, outsider).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/logs/search?q=expected", outsider).status()).isEqualTo(403);
    }
}
