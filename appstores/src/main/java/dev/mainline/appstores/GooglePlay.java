package dev.mainline.appstores;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.releases.AppStoreAdapter;
import dev.mainline.releases.Release;
import dev.mainline.releases.StoreCapabilities;
import dev.mainline.releases.StoreChange;
import dev.mainline.releases.StoreStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google Play through the Google Play Developer API (v3): every change is an edit — {@code POST …/edits}, the
 * production track's releases set with {@code PUT …/edits/{id}/tracks/{track}} (status {@code draft},
 * {@code inProgress} with a {@code userFraction}, {@code halted} or {@code completed}), then
 * {@code POST …/edits/{id}:commit}. A release's review is read without an edit, from the track's releases
 * ({@code GET …/tracks/{track}/releases}): the lifecycle state of the release holding the build's version code. It
 * authenticates as a service account: a JWT signed with its key (RS256) traded for an access token at its
 * {@code token_uri}.
 */
public final class GooglePlay implements AppStoreAdapter {
    public static final String SCOPE = "https://www.googleapis.com/auth/androidpublisher";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI api;
    private final ServiceAccount account;
    private final String packageName;
    private final String track;
    private final Clock clock;
    private final StoreHttp http = new StoreHttp("Google Play");
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    /** A service account, from the JSON key file Google gives for it. */
    public record ServiceAccount(String clientEmail, PrivateKey privateKey, URI tokenUri) {
        public ServiceAccount {
            requireNonNull(clientEmail, "clientEmail is null");
            requireNonNull(privateKey, "privateKey is null");
            requireNonNull(tokenUri, "tokenUri is null");
        }

        public static ServiceAccount read(String json) {
            JsonNode key;
            try {
                key = JSON.readTree(json);
            } catch (JacksonException e) {
                throw MainlineException.invalid("the Google service account key is not JSON");
            }
            String email = key.path("client_email").asString("");
            String pem = key.path("private_key").asString("");
            String tokenUri = key.path("token_uri").asString("https://oauth2.googleapis.com/token");
            if (email.isEmpty() || !pem.contains("BEGIN PRIVATE KEY")) {
                throw MainlineException.invalid(
                        "the Google service account key needs client_email and private_key (PEM, BEGIN PRIVATE KEY)");
            }
            try {
                byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", ""));
                return new ServiceAccount(email, KeyFactory.getInstance("RSA").generatePrivate(
                        new PKCS8EncodedKeySpec(der)), URI.create(tokenUri));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw MainlineException.invalid("the Google service account's private_key is not an RSA key");
            }
        }

        @Override
        public String toString() {
            return "ServiceAccount[" + clientEmail + "]";
        }
    }

    /** @param api {@code https://androidpublisher.googleapis.com} */
    public GooglePlay(URI api, ServiceAccount account, String packageName, String track, Clock clock) {
        this.api = URI.create(requireNonNull(api, "api is null").toString().replaceAll("/+$", ""));
        this.account = requireNonNull(account, "account is null");
        this.packageName = requireNonNull(packageName, "packageName is null");
        this.track = requireNonNull(track, "track is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.GOOGLE_PLAY;
    }

    @Override
    public void apply(Release release, Release next, StoreChange change) {
        String build = release.build().orElseThrow(() -> new MainlineException(ErrorCode.STORE_REFUSED,
                "Google Play: the release has no build (version code) to roll out"));
        ObjectNode body = JSON.createObjectNode().put("track", track);
        ArrayNode releases = body.putArray("releases");
        switch (change) {
            case SUBMIT -> trackRelease(releases, release, build, "draft", 0);
            case START_ROLLOUT, SET_ROLLOUT, RESUME -> trackRelease(releases, release, build, "inProgress",
                    next.rolloutPercent());
            case HALT -> trackRelease(releases, release, build, "halted", release.rolloutPercent());
            case COMPLETE -> trackRelease(releases, release, build, "completed", 100);
            case ROLL_BACK -> {
                String previous = release.previousBuild().orElseThrow(() -> new MainlineException(
                        ErrorCode.STORE_REFUSED, "Google Play: no previous build to go back to"));
                releases.addObject().put("name", "rollback to " + previous).put("status", "completed")
                        .putArray("versionCodes").add(previous);
                trackRelease(releases, release, build, "halted", Math.min(release.rolloutPercent(), 99.9));
            }
            case PAUSE -> throw new MainlineException(ErrorCode.STORE_REFUSED,
                    StoreCapabilities.GOOGLE_PLAY.whyNot(change));
        }
        String path = openEdit();
        try {
            call("PUT", path + "/tracks/" + StoreHttp.encode(track), body);
            call("POST", path + ":commit", null);
        } catch (MainlineException e) {
            // An edit left open holds nothing; it is dropped so the next change starts clean.
            try {
                call("DELETE", path, null);
            } catch (MainlineException ignored) {
                // Google drops unused edits by itself after a while.
            }
            throw e;
        }
    }

    /**
     * The review of the track's release holding the build's version code, read with {@code GET …/tracks/{track}/releases}
     * and never in an edit: Play keeps one open edit per app, and opening one deletes the other, so a read in an edit
     * would break a CI upload or one of Mainline's own changes in progress. That read gives no fraction and no
     * halted status, so a rollout is not read from Play: Mainline sets it itself.
     */
    @Override
    public Optional<StoreStatus> status(Release release) {
        Optional<Long> versionCode = release.build().flatMap(GooglePlay::versionCode);
        if (versionCode.isEmpty()) {
            // No build, or one that is not a version code: Play holds no release of it.
            return Optional.of(StoreStatus.unknown());
        }
        JsonNode answer = call("GET", "/androidpublisher/v3/applications/%s/tracks/%s/releases".formatted(
                StoreHttp.encode(packageName), StoreHttp.encode(track)), null);
        for (JsonNode entry : answer.path("releases")) {
            for (JsonNode artifact : entry.path("activeArtifacts")) {
                if (artifact.path("versionCode").asLong(-1) == versionCode.get()) {
                    return Optional.of(review(entry.path("releaseLifecycleState").asString(""))
                            .map(StoreStatus::of).orElseGet(StoreStatus::unknown));
                }
            }
        }
        // Not on the track (yet, or any more, or obsolete): nothing to follow.
        return Optional.of(StoreStatus.unknown());
    }

    private static Optional<Long> versionCode(String build) {
        if (!build.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(build));
    }

    /**
     * A track release's {@code releaseLifecycleState} as a review: published (available to users, whether rolling
     * out, everyone's or halted) means the review is over and approved. A draft, one not sent for review, and a state
     * newer than this code give none. Play gives no reason for a rejection.
     */
    private static Optional<StoreStatus.Review> review(String state) {
        return switch (state) {
            case "RELEASE_LIFECYCLE_STATE_IN_REVIEW" -> Optional.of(StoreStatus.Review.inReview(
                    "Google Play review: in review"));
            case "RELEASE_LIFECYCLE_STATE_APPROVED_NOT_PUBLISHED" -> Optional.of(StoreStatus.Review.approved(
                    "Google Play approved the release (not published yet)"));
            case "RELEASE_LIFECYCLE_STATE_PUBLISHED" -> Optional.of(StoreStatus.Review.approved(
                    "Google Play approved the release (published)"));
            case "RELEASE_LIFECYCLE_STATE_NOT_APPROVED" -> Optional.of(StoreStatus.Review.rejected(
                    "Google Play did not approve the release"));
            default -> Optional.empty();
        };
    }

    /** Opens an edit ({@code POST …/edits}); the path of the edit. */
    private String openEdit() {
        String edits = "/androidpublisher/v3/applications/%s/edits".formatted(StoreHttp.encode(packageName));
        JsonNode edit = call("POST", edits, JSON.createObjectNode());
        String editId = edit.path("id").asString("");
        if (editId.isEmpty()) {
            throw new MainlineException(ErrorCode.STORE_UNAVAILABLE, "Google Play: no edit id in its answer");
        }
        return edits + "/" + StoreHttp.encode(editId);
    }

    private static void trackRelease(ArrayNode releases, Release release, String build, String wanted,
            double percent) {
        // A staged release's fraction lies strictly between 0 and 1: everyone is a completed release.
        String status = wanted.equals("inProgress") && percent >= 100 ? "completed" : wanted;
        ObjectNode entry = releases.addObject().put("name", release.version()).put("status", status);
        entry.putArray("versionCodes").add(build);
        if (status.equals("inProgress") || status.equals("halted")) {
            entry.put("userFraction", Math.min(0.9999, Math.max(0.0001, Math.round(percent * 100) / 10_000.0)));
        }
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpResponse<String> response = http.exchange(method, URI.create(api + path), token(), body);
        if (response.statusCode() == 401) {
            // The token was revoked or ran out early: a new one, once.
            forgetToken();
            response = http.exchange(method, URI.create(api + path), token(), body);
        }
        if (response.statusCode() / 100 == 2) {
            return StoreHttp.parse(response.body());
        }
        throw error(response);
    }

    /** Google's error: {@code {"error": {"code", "message", "status"}}}; quota and outages are worth waiting for. */
    private static MainlineException error(HttpResponse<String> response) {
        JsonNode error = StoreHttp.parse(response.body()).path("error");
        String message = error.path("message").asString("HTTP " + response.statusCode());
        String status = error.path("status").asString("");
        int code = response.statusCode();
        if (code == 429 || code >= 500 || status.equals("RESOURCE_EXHAUSTED") || status.equals("UNAVAILABLE")) {
            return new MainlineException(ErrorCode.STORE_UNAVAILABLE, "Google Play asks to wait (%s): %s".formatted(
                    status.isEmpty() ? "HTTP " + code : status, message));
        }
        return new MainlineException(ErrorCode.STORE_REFUSED, "Google Play refused it (%s): %s".formatted(
                status.isEmpty() ? "HTTP " + code : status, message));
    }

    private synchronized void forgetToken() {
        token = null;
    }

    private synchronized String token() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(tokenExpires.minusSeconds(60))) {
            return token;
        }
        ObjectNode claims = JSON.createObjectNode().put("iss", account.clientEmail()).put("scope", SCOPE)
                .put("aud", account.tokenUri().toString()).put("iat", now.getEpochSecond())
                .put("exp", now.getEpochSecond() + 3600);
        String assertion = Jwt.sign(JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT"), claims,
                "SHA256withRSA", account.privateKey());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(account.tokenUri()).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=" + StoreHttp.encode(
                        "urn:ietf:params:oauth:grant-type:jwt-bearer") + "&assertion=" + assertion))
                .build());
        JsonNode answer = StoreHttp.parse(response.body());
        if (response.statusCode() != 200 || answer.path("access_token").asString("").isEmpty()) {
            throw new MainlineException(response.statusCode() >= 500
                    ? ErrorCode.STORE_UNAVAILABLE
                    : ErrorCode.STORE_REFUSED,
                    "Google refused the service account %s: %s".formatted(
                            account.clientEmail(), answer.path("error_description").asString(answer.path("error")
                                    .asString("HTTP " + response.statusCode()))));
        }
        token = answer.path("access_token").asString();
        tokenExpires = now.plusSeconds(answer.path("expires_in").asLong(3600));
        return token;
    }

}
