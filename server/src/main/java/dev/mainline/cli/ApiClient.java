package dev.mainline.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.ConnectException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a Mainline server's API the way any client would: JSON over HTTP with a bearer token. */
final class ApiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);

    private final URI server;
    private final Optional<String> token;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    /** A client that must carry a token; refused with the CLI's usage exit code when there is none. */
    static ApiClient authenticated(URI server, String token) {
        if (token == null || token.isBlank()) {
            throw new CliException("no API token: set MAINLINE_TOKEN (or pass --token)", 2);
        }
        return new ApiClient(server, Optional.of(token));
    }

    /** Prints an API answer as indented JSON. */
    void print(PrintWriter out, JsonNode node) {
        out.println(pretty(node));
        out.flush();
    }

    ApiClient(URI server, Optional<String> token) {
        this.server = requireNonNull(server, "server is null");
        this.token = requireNonNull(token, "token is null");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    JsonNode get(String path, Map<String, String> query) {
        return send("GET", path + queryString(query), null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    JsonNode patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    void delete(String path) {
        send("DELETE", path, null);
    }

    JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    /** A DELETE whose answer has a body worth showing. */
    JsonNode remove(String path, Map<String, String> query) {
        return send("DELETE", path + queryString(query), null);
    }

    String pretty(JsonNode node) {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String queryString(Map<String, String> query) {
        Map<String, String> present = new LinkedHashMap<>();
        query.forEach((key, value) -> {
            if (value != null) {
                present.put(key, value);
            }
        });
        if (present.isEmpty()) {
            return "";
        }
        return present.entrySet().stream()
                .map(entry -> segment(entry.getKey()) + "=" + segment(entry.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    /** Posts {@code gzipped}, a gzip-compressed file, as the body; a generous timeout, for large uploads. */
    JsonNode postGzipFile(String path, Map<String, String> query, java.nio.file.Path gzipped) {
        return postGzipFile(path, query, gzipped, "application/xml");
    }

    /** Posts {@code gzipped}, whose content is of {@code contentType} once decompressed. */
    JsonNode postGzipFile(String path, Map<String, String> query, java.nio.file.Path gzipped, String contentType) {
        HttpRequest.Builder request = request(path + queryString(query), UPLOAD_TIMEOUT)
                .header("Content-Type", contentType)
                .header("Content-Encoding", "gzip");
        try {
            request.POST(HttpRequest.BodyPublishers.ofFile(gzipped));
        } catch (java.io.FileNotFoundException e) {
            throw new CliException("cannot read " + gzipped, 2);
        }
        return exchange(request);
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Mainline-Channel", "cli");
        token.ifPresent(secret -> request.header("Authorization", "Bearer " + secret));
        return request;
    }

    private JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder request = request(path, TIMEOUT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        return exchange(request);
    }

    private JsonNode exchange(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException(
                    "cannot reach the Mainline server at %s: is it running? (set --server or MAINLINE_SERVER)"
                            .formatted(server),
                    3);
        } catch (IOException e) {
            throw new CliException("request to %s failed: %s".formatted(server, e.getMessage()), 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        }
        JsonNode answer = response.body().isBlank() ? json.nullNode() : parse(response.body());
        if (response.statusCode() >= 400) {
            String code = answer.path("code").asString("http-" + response.statusCode());
            String detail = answer.path("detail").asString(response.body());
            throw new CliException("%s (%d %s)".formatted(detail, response.statusCode(), code), 1);
        }
        return answer;
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            throw new CliException("the server answered something that is not JSON: " + body.substring(0,
                    Math.min(200, body.length())), 3);
        }
    }
}
