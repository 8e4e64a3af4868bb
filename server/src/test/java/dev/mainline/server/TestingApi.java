package dev.mainline.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the server under test, on loopback. */
public final class TestingApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestingApi(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    public record Response(int status, String contentType, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The stable error code of a problem response. */
        public String code() {
            return json().path("code").asString();
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, "application/json");
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, JSON.writeValueAsString(body), "application/json");
    }

    public Response postRaw(String path, String token, String body, String contentType) {
        return send("POST", path, token, body, contentType);
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, JSON.writeValueAsString(body), "application/json");
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, "application/json");
    }

    public Response send(String method, String path, String token, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType);
            request.method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI base() {
        return base;
    }
}
