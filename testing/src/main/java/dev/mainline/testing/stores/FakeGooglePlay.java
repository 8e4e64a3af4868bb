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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google Play's Developer API (v3) and Google's OAuth 2.0 token endpoint, over loopback HTTP, as documented: a
 * service account's RS256 JWT is checked against its public key and traded for a bearer token; edits are opened,
 * their tracks set ({@code releases} with {@code status} and {@code userFraction} validated as Google does) and
 * committed, and read ({@code GET …/edits/{id}/tracks/{track}}, the edit's track or else the live one). As on Play an
 * app has one open edit: opening one deletes the one open before, whose later requests get {@code 410} with reason
 * {@code editDeleted}. A track's live releases are read without an edit ({@code GET …/tracks/{track}/releases}: name,
 * active version codes and {@code releaseLifecycleState}, from the committed track). Errors come in Google's shape
 * ({@code {"error": {"code", "message", "status"}}}). Tests play the Play Console's part (a release halted, completed
 * or moved to another fraction there, a review's outcome, another client opening an edit) and can make the next call
 * fail as Google would (quota, a halted release that needs a new build, a version code not uploaded).
 */
public final class FakeGooglePlay implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final KeyPair key;
    private final String clientEmail = "mainline@wallet-release.iam.gserviceaccount.com";
    /** Lifecycle states of {@code applications.tracks.releases}. */
    public static final Set<String> LIFECYCLE_STATES = Set.of("RELEASE_LIFECYCLE_STATE_UNSPECIFIED",
            "RELEASE_LIFECYCLE_STATE_DRAFT", "RELEASE_LIFECYCLE_STATE_NOT_SENT_FOR_REVIEW",
            "RELEASE_LIFECYCLE_STATE_IN_REVIEW", "RELEASE_LIFECYCLE_STATE_APPROVED_NOT_PUBLISHED",
            "RELEASE_LIFECYCLE_STATE_NOT_APPROVED", "RELEASE_LIFECYCLE_STATE_PUBLISHED");

    private final Map<String, ObjectNode> edits = new HashMap<>();
    /** Each open edit's package: one open edit per package. */
    private final Map<String, String> editPackages = new HashMap<>();
    private final Set<String> deletedEdits = new HashSet<>();
    /** A release's lifecycle state by {@code package/versionCode}, as the test set it. */
    private final Map<String, String> lifecycles = new HashMap<>();
    private final Map<String, ObjectNode> tracks = new HashMap<>();
    private final Set<String> uploadedVersionCodes = new HashSet<>();
    private final Set<String> tokens = new HashSet<>();
    private final List<String> requests = new ArrayList<>();
    private final List<Object[]> failures = new ArrayList<>();

    public FakeGooglePlay() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
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

    /** The service account key file Google would give, its token_uri pointing here. */
    public String serviceAccountJson() {
        String pem = Pem.privateKey(key.getPrivate());
        return JSON.writeValueAsString(JSON.createObjectNode().put("type", "service_account")
                .put("client_email", clientEmail).put("private_key", pem).put("token_uri", url() + "/token"));
    }

    /** A version code whose bundle was uploaded: only those can be released. */
    public synchronized void uploaded(String versionCode) {
        uploadedVersionCodes.add(versionCode);
    }

    /** The committed track, as {@code GET …/tracks/{track}} would give it. */
    public synchronized JsonNode track(String packageName, String track) {
        return tracks.getOrDefault(packageName + "/" + track, JSON.createObjectNode());
    }

    /**
     * Someone sets the live track in the Play Console: one release of {@code versionCode} with {@code status}, and
     * {@code userFraction} when it is staged ({@code inProgress} or {@code halted}).
     */
    public synchronized void consoleSets(String packageName, String track, String versionCode, String status,
            double userFraction) {
        ObjectNode body = JSON.createObjectNode().put("track", track);
        ObjectNode release = body.putArray("releases").addObject().put("name", versionCode).put("status", status);
        release.putArray("versionCodes").add(versionCode);
        if (status.equals("inProgress") || status.equals("halted")) {
            release.put("userFraction", userFraction);
        }
        tracks.put(packageName + "/" + track, body);
    }

    /**
     * Google reviews the release of {@code versionCode} to {@code state} (one of {@link #LIFECYCLE_STATES}), which
     * {@code GET …/tracks/{track}/releases} gives from now on. Until a test says, a committed draft is a draft and a
     * committed staged or completed release is published.
     */
    public synchronized void lifecycle(String packageName, String versionCode, String state) {
        if (!LIFECYCLE_STATES.contains(state)) {
            throw new IllegalArgumentException("not a release lifecycle state: " + state);
        }
        lifecycles.put(packageName + "/" + versionCode, state);
    }

    /**
     * Another client of the API (a CI upload, the Play Console) opens an edit of {@code packageName}, deleting the one
     * open before as Play does; its id.
     */
    public synchronized String openEdit(String packageName) {
        return insertEdit(packageName).path("id").asString();
    }

    /** Whether the edit is still open: neither committed, deleted, nor replaced by a newer one. */
    public synchronized boolean editOpen(String editId) {
        return edits.containsKey(editId);
    }

    /** A bearer token as Google gives the service account, for a test playing another client of the API. */
    public synchronized String accessToken() {
        String token = "ya29." + UUID.randomUUID();
        tokens.add(token);
        return token;
    }

    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** The next request whose path holds {@code pathPart} fails as Google answers it. */
    public synchronized void failNext(String pathPart, int code, String status, String message) {
        failures.add(new Object[]{pathPart, code, status, message});
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Object[] answer;
            synchronized (this) {
                requests.add(method + " " + path);
                answer = answer(exchange, method, path, body);
            }
            if ((int) answer[0] == 204) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            byte[] bytes = JSON.writeValueAsBytes(answer[1]);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders((int) answer[0], bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static Object[] error(int code, String status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message).put("status", status);
        return new Object[]{code, body};
    }

    private Object[] answer(HttpExchange exchange, String method, String path, byte[] body) {
        if (path.equals("/token")) {
            return token(new String(body, StandardCharsets.UTF_8));
        }
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!authorization.startsWith("Bearer ") || !tokens.contains(authorization.substring(7))) {
            return error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
        }
        for (Object[] failure : List.copyOf(failures)) {
            if (path.contains((String) failure[0])) {
                failures.remove(failure);
                return error((int) failure[1], (String) failure[2], (String) failure[3]);
            }
        }
        String prefix = "/androidpublisher/v3/applications/";
        if (!path.startsWith(prefix)) {
            return error(404, "NOT_FOUND", "Not found");
        }
        String[] parts = path.substring(prefix.length()).split("/");
        String packageName = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        if (method.equals("POST") && parts.length == 2 && parts[1].equals("edits")) {
            ObjectNode edit = insertEdit(packageName);
            return new Object[]{200, JSON.createObjectNode().put("id", edit.path("id").asString())
                    .put("expiryTimeSeconds", edit.path("expiryTimeSeconds").asLong())};
        }
        if (method.equals("GET") && parts.length == 4 && parts[1].equals("tracks") && parts[3].equals("releases")) {
            return new Object[]{200, trackReleases(packageName, URLDecoder.decode(parts[2], StandardCharsets.UTF_8))};
        }
        if (parts.length >= 3 && parts[1].equals("edits")) {
            String editId = parts[2].replace(":commit", "");
            if (deletedEdits.contains(editId)) {
                return editDeleted();
            }
            ObjectNode edit = edits.get(editId);
            if (edit == null || !editPackages.get(editId).equals(packageName)) {
                return error(404, "NOT_FOUND", "Edit " + editId + " not found or expired.");
            }
            if (method.equals("DELETE") && parts.length == 3) {
                closeEdit(editId);
                return new Object[]{204, JSON.createObjectNode()};
            }
            if (method.equals("POST") && parts.length == 3 && parts[2].endsWith(":commit")) {
                edit.path("tracks").properties().forEach(entry -> tracks.put(packageName + "/" + entry.getKey(),
                        (ObjectNode) entry.getValue()));
                closeEdit(editId);
                return new Object[]{200, JSON.createObjectNode().put("id", editId)};
            }
            if (method.equals("GET") && parts.length == 5 && parts[3].equals("tracks")) {
                JsonNode inEdit = edit.path("tracks").path(parts[4]);
                JsonNode live = tracks.get(packageName + "/" + parts[4]);
                if (!inEdit.isMissingNode()) {
                    return new Object[]{200, inEdit};
                }
                if (live != null) {
                    return new Object[]{200, live};
                }
                ObjectNode empty = JSON.createObjectNode().put("track", parts[4]);
                empty.putArray("releases");
                return new Object[]{200, empty};
            }
            if (method.equals("PUT") && parts.length == 5 && parts[3].equals("tracks")) {
                return putTrack(packageName, edit, parts[4], (ObjectNode) JSON.readTree(body));
            }
        }
        return error(404, "NOT_FOUND", "Not found");
    }

    /** A new edit of {@code packageName}; the one open before is deleted, as Play keeps one open edit per app. */
    private ObjectNode insertEdit(String packageName) {
        for (Map.Entry<String, String> open : List.copyOf(editPackages.entrySet())) {
            if (open.getValue().equals(packageName)) {
                edits.remove(open.getKey());
                editPackages.remove(open.getKey());
                deletedEdits.add(open.getKey());
            }
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        ObjectNode edit = JSON.createObjectNode().put("id", id).put("expiryTimeSeconds",
                Instant.now().plusSeconds(3600).getEpochSecond());
        edit.putObject("tracks");
        edits.put(id, edit);
        editPackages.put(id, packageName);
        return edit;
    }

    /** A committed or deleted edit is gone: later requests on it are not found. */
    private void closeEdit(String editId) {
        edits.remove(editId);
        editPackages.remove(editId);
    }

    /** What Play answers a request on an edit another one replaced: 410, with the reason in {@code errors}. */
    private static Object[] editDeleted() {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", 410).put("message", "This Edit has been deleted.");
        error.putArray("errors").addObject().put("domain", "androidpublisher").put("reason", "editDeleted")
                .put("message", "This Edit has been deleted.");
        return new Object[]{410, body};
    }

    /**
     * {@code applications.tracks.releases.list}: the committed track's releases, each with its version codes as
     * active artifacts and its lifecycle state (empty fields left out, as Google's JSON does).
     */
    private ObjectNode trackReleases(String packageName, String track) {
        ObjectNode answer = JSON.createObjectNode();
        JsonNode live = tracks.get(packageName + "/" + track);
        if (live == null || live.path("releases").isEmpty()) {
            return answer;
        }
        ArrayNode releases = answer.putArray("releases");
        for (JsonNode release : live.path("releases")) {
            ObjectNode entry = releases.addObject().put("releaseName", release.path("name").asString())
                    .put("track", track);
            ArrayNode artifacts = entry.putArray("activeArtifacts");
            String state = release.path("status").asString("").equals("draft")
                    ? "RELEASE_LIFECYCLE_STATE_DRAFT"
                    : "RELEASE_LIFECYCLE_STATE_PUBLISHED";
            for (JsonNode code : release.path("versionCodes")) {
                artifacts.addObject().put("versionCode", Integer.parseInt(code.asString()));
                state = lifecycles.getOrDefault(packageName + "/" + code.asString(), state);
            }
            entry.put("releaseLifecycleState", state);
        }
        return answer;
    }

    /** Google's rules for a track's releases. */
    private Object[] putTrack(String packageName, ObjectNode edit, String track, ObjectNode body) {
        ArrayNode releases = (ArrayNode) body.path("releases");
        for (JsonNode release : releases) {
            String status = release.path("status").asString("");
            if (!Set.of("draft", "inProgress", "halted", "completed").contains(status)) {
                return error(400, "INVALID_ARGUMENT", "Invalid value at 'track.releases[0].status'");
            }
            boolean staged = status.equals("inProgress") || status.equals("halted");
            double fraction = release.path("userFraction").asDouble(0);
            if (staged && !(fraction > 0 && fraction < 1)) {
                return error(400, "INVALID_ARGUMENT", "A staged release must have a user fraction between 0 and 1.");
            }
            if (!staged && release.has("userFraction")) {
                return error(400, "INVALID_ARGUMENT", "Only staged releases may have a user fraction.");
            }
            for (JsonNode code : release.path("versionCodes")) {
                if (!uploadedVersionCodes.contains(code.asString())) {
                    return error(400, "FAILED_PRECONDITION", "Version code %s has not been uploaded."
                            .formatted(code.asString()));
                }
            }
        }
        ((ObjectNode) edit.path("tracks")).set(track, body.put("track", track));
        return new Object[]{200, body};
    }

    /** Google's token endpoint: the JWT bearer grant, the assertion's signature, issuer, audience and scope. */
    private Object[] token(String form) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1),
                        StandardCharsets.UTF_8));
            }
        }
        ObjectNode refused = JSON.createObjectNode().put("error", "invalid_grant")
                .put("error_description", "Invalid JWT Signature.");
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(fields.get("grant_type"))) {
            return new Object[]{400, JSON.createObjectNode().put("error", "unsupported_grant_type")};
        }
        String[] jwt = fields.getOrDefault("assertion", "").split("\\.");
        if (jwt.length != 3) {
            return new Object[]{400, refused};
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key.getPublic());
            signature.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                return new Object[]{400, refused};
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new Object[]{400, refused};
        }
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        long now = Instant.now().getEpochSecond();
        if (!claims.path("iss").asString().equals(clientEmail) || !claims.path("aud").asString().equals(url()
                + "/token") || !claims.path("scope").asString().contains("androidpublisher")
                || claims.path("exp").asLong() < now
                || claims.path("exp").asLong() - claims.path("iat").asLong() > 3600) {
            return new Object[]{400, JSON.createObjectNode().put("error", "invalid_grant")
                    .put("error_description", "Invalid JWT: claims")};
        }
        String token = "ya29." + UUID.randomUUID();
        tokens.add(token);
        return new Object[]{200, JSON.createObjectNode().put("access_token", token).put("expires_in", 3599)
                .put("token_type", "Bearer")};
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
