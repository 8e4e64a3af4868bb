package dev.mainline.testing.stores;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The App Store Connect API over loopback HTTP, as documented: an API key's ES256 JWT is checked (signature, key id,
 * issuer, audience, at most 20 minutes); app store versions are found by version string; review submissions take a
 * version; a version's phased release moves {@code ACTIVE} ⇄ {@code PAUSED} → {@code COMPLETE} and no further, and is
 * read with its {@code phasedReleaseState}, {@code currentDayNumber}, {@code startDate} and {@code totalPauseDuration};
 * errors come as JSON:API {@code errors}. Tests play Apple's part (a review verdict, the next day of a phased release)
 * and can make the next call fail as Apple would (rate limit, a version not ready).
 */
public final class FakeAppStoreConnect implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String KEY_ID = "2X9R4HXF34";
    public static final String ISSUER_ID = "57246542-96fe-1a63-e053-0824d011072a";

    private final HttpServer server;
    private final KeyPair key;
    /** Version id to [version string, appStoreState]. */
    private final Map<String, String[]> versions = new HashMap<>();
    /** Phased release id to [version id, state, current day number]. */
    private final Map<String, String[]> phased = new HashMap<>();
    private final Map<String, String> submissions = new HashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final List<Object[]> failures = new ArrayList<>();

    public FakeAppStoreConnect() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            key = generator.generateKeyPair();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The .p8 file App Store Connect lets one download once. */
    public String p8() {
        return Pem.privateKey(key.getPrivate());
    }

    /** A version of the app in App Store Connect, in {@code state} (such as {@code PENDING_DEVELOPER_RELEASE}). */
    public synchronized String version(String versionString, String state) {
        String id = UUID.randomUUID().toString();
        versions.put(id, new String[]{versionString, state});
        return id;
    }

    public synchronized String versionState(String id) {
        return versions.get(id)[1];
    }

    /** Apple's review (or the developer, in App Store Connect) moves a version to {@code appStoreState}. */
    public synchronized void appleReviews(String versionId, String appStoreState) {
        versions.get(versionId)[1] = appStoreState;
    }

    /** Moves a version's phased release as Apple does on its own (its seventh day completes it). */
    public synchronized void appleSets(String versionId, String state) {
        phased.values().stream().filter(entry -> entry[0].equals(versionId)).forEach(entry -> entry[1] = state);
    }

    /** A day of Apple's 7-day schedule passes for a version's phased release: {@code currentDayNumber} is now day. */
    public synchronized void appleDay(String versionId, int day) {
        phased.values().stream().filter(entry -> entry[0].equals(versionId))
                .forEach(entry -> entry[2] = Integer.toString(day));
    }

    /** The phased release state of a version, or null. */
    public synchronized String phasedReleaseState(String versionId) {
        return phased.values().stream().filter(entry -> entry[0].equals(versionId)).map(entry -> entry[1])
                .findFirst().orElse(null);
    }

    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    public synchronized void failNext(String pathPart, int status, String code, String detail) {
        failures.add(new Object[]{pathPart, status, code, detail});
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = String.valueOf(exchange.getRequestURI().getRawQuery());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Object[] answer;
            synchronized (this) {
                requests.add(method + " " + path);
                answer = answer(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), method,
                        path, URLDecoder.decode(query, StandardCharsets.UTF_8), body);
            }
            byte[] bytes = JSON.writeValueAsBytes(answer[1]);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders((int) answer[0], bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static Object[] error(int status, String code, String title, String detail) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").addObject().put("status", Integer.toString(status)).put("code", code)
                .put("title", title).put("detail", detail);
        return new Object[]{status, body};
    }

    private Object[] answer(String authorization, String method, String path, String query, byte[] body) {
        if (!authorized(authorization)) {
            return error(401, "NOT_AUTHORIZED", "Authentication credentials are missing or invalid.",
                    "Provide a properly configured and signed bearer token, and make sure that it has not expired.");
        }
        for (Object[] failure : List.copyOf(failures)) {
            if (path.contains((String) failure[0])) {
                failures.remove(failure);
                return error((int) failure[1], (String) failure[2], "An error occurred", (String) failure[3]);
            }
        }
        JsonNode data = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body).path("data");
        if (method.equals("GET") && path.matches("/v1/apps/[^/]+/appStoreVersions")) {
            String wanted = query.replaceAll(".*filter\\[versionString]=([^&]*).*", "$1");
            ObjectNode answer = JSON.createObjectNode();
            var list = answer.putArray("data");
            versions.forEach((id, version) -> {
                if (version[0].equals(wanted)) {
                    list.addObject().put("type", "appStoreVersions").put("id", id).putObject("attributes")
                            .put("versionString", version[0]).put("appStoreState", version[1]);
                }
            });
            return new Object[]{200, answer};
        }
        if (method.equals("POST") && path.equals("/v1/reviewSubmissions")) {
            String id = UUID.randomUUID().toString();
            submissions.put(id, "READY_FOR_REVIEW");
            return created("reviewSubmissions", id);
        }
        if (method.equals("POST") && path.equals("/v1/reviewSubmissionItems")) {
            String version = data.path("relationships").path("appStoreVersion").path("data").path("id").asString();
            if (!versions.containsKey(version)) {
                return error(404, "NOT_FOUND", "The specified resource does not exist", "no such version");
            }
            return created("reviewSubmissionItems", UUID.randomUUID().toString());
        }
        if (method.equals("PATCH") && path.startsWith("/v1/reviewSubmissions/")) {
            String id = path.substring("/v1/reviewSubmissions/".length());
            submissions.put(id, "WAITING_FOR_REVIEW");
            return created("reviewSubmissions", id);
        }
        if (method.equals("POST") && path.equals("/v1/appStoreVersionPhasedReleases")) {
            String version = data.path("relationships").path("appStoreVersion").path("data").path("id").asString();
            if (phasedReleaseState(version) != null) {
                return error(409, "ENTITY_ERROR.RELATIONSHIP.INVALID", "The provided entity includes a relationship"
                        + " with an invalid value", "the version already has a phased release");
            }
            String id = UUID.randomUUID().toString();
            phased.put(id, new String[]{version, data.path("attributes").path("phasedReleaseState").asString(), "1"});
            return created("appStoreVersionPhasedReleases", id);
        }
        if (method.equals("POST") && path.equals("/v1/appStoreVersionReleaseRequests")) {
            String version = data.path("relationships").path("appStoreVersion").path("data").path("id").asString();
            String[] entry = versions.get(version);
            if (entry == null || !entry[1].equals("PENDING_DEVELOPER_RELEASE")) {
                return error(409, "STATE_ERROR", "The request cannot be fulfilled because of the state of another"
                        + " resource.",
                        "The version is not ready to be released (%s)".formatted(entry == null
                                ? "unknown"
                                : entry[1]));
            }
            entry[1] = "READY_FOR_SALE";
            return created("appStoreVersionReleaseRequests", UUID.randomUUID().toString());
        }
        if (method.equals("GET") && path.matches("/v1/appStoreVersions/[^/]+/appStoreVersionPhasedRelease")) {
            String version = path.split("/")[3];
            return phased.entrySet().stream().filter(entry -> entry.getValue()[0].equals(version)).findFirst()
                    .map(entry -> {
                        ObjectNode answer = JSON.createObjectNode();
                        answer.putObject("data").put("type", "appStoreVersionPhasedReleases").put("id", entry.getKey())
                                .putObject("attributes").put("phasedReleaseState", entry.getValue()[1])
                                .put("startDate", "2026-11-20T09:00:00Z")
                                .put("totalPauseDuration", 0)
                                .put("currentDayNumber", Integer.parseInt(entry.getValue()[2]));
                        return new Object[]{200, answer};
                    })
                    .orElseGet(() -> new Object[]{200, JSON.createObjectNode().putNull("data")});
        }
        if (method.equals("GET") && path.matches("/v1/appStoreVersions/[^/]+")) {
            String[] version = versions.get(path.substring("/v1/appStoreVersions/".length()));
            if (version == null) {
                return error(404, "NOT_FOUND", "The specified resource does not exist", "no such version");
            }
            ObjectNode answer = JSON.createObjectNode();
            answer.putObject("data").put("type", "appStoreVersions").put("id", path.substring(path.lastIndexOf('/')
                    + 1)).putObject("attributes").put("versionString", version[0]).put("appStoreState", version[1]);
            return new Object[]{200, answer};
        }
        if (method.equals("PATCH") && path.startsWith("/v1/appStoreVersionPhasedReleases/")) {
            String[] entry = phased.get(path.substring("/v1/appStoreVersionPhasedReleases/".length()));
            String wanted = data.path("attributes").path("phasedReleaseState").asString();
            if (entry == null) {
                return error(404, "NOT_FOUND", "The specified resource does not exist", "no such phased release");
            }
            if (entry[1].equals("COMPLETE") || !List.of("ACTIVE", "PAUSED", "COMPLETE").contains(wanted)) {
                return error(409, "STATE_ERROR", "The request cannot be fulfilled because of the state of another"
                        + " resource.", "A phased release in state %s cannot become %s".formatted(entry[1], wanted));
            }
            entry[1] = wanted;
            return created("appStoreVersionPhasedReleases", path.substring(path.lastIndexOf('/') + 1));
        }
        return error(404, "NOT_FOUND", "The specified resource does not exist", method + " " + path);
    }

    private static Object[] created(String type, String id) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("data").put("type", type).put("id", id);
        return new Object[]{201, body};
    }

    private boolean authorized(String authorization) {
        if (!authorization.startsWith("Bearer ")) {
            return false;
        }
        String[] jwt = authorization.substring(7).split("\\.");
        if (jwt.length != 3) {
            return false;
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initVerify(key.getPublic());
            signature.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            long now = Instant.now().getEpochSecond();
            return signature.verify(Base64.getUrlDecoder().decode(jwt[2])) && header.path("alg").asString()
                    .equals("ES256") && header.path("kid").asString().equals(KEY_ID)
                    && claims.path("iss")
                            .asString().equals(ISSUER_ID)
                    && claims.path("aud").asString().equals("appstoreconnect-v1")
                    && claims.path("exp").asLong() > now && claims.path("exp").asLong() - claims.path("iat")
                            .asLong() <= 1200;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
