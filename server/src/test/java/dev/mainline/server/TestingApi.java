package dev.mainline.server;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    public record Response(int status, String contentType, String body, Map<String, List<String>> headers) {
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

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, JSON.writeValueAsString(body), "application/json");
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

    /** A GET written on a raw socket, for request lines that {@link HttpClient} refuses to send. */
    public Response rawGet(String pathAndQuery, String token) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = raw.indexOf("\r\n\r\n");
            String head = raw.substring(0, split);
            String body = raw.substring(split + 4);
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String[] lines = head.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), key -> new java.util.ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
                body = dechunk(body);
            }
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = headers.getOrDefault("Content-Type", List.of("")).get(0);
            return new Response(status, contentType, body, headers);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int position = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", position);
            int size = Integer.parseInt(body.substring(position, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            position = lineEnd + 2 + size + 2;
        }
    }

    public URI base() {
        return base;
    }
}
