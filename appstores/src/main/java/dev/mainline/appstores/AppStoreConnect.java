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
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The App Store through the App Store Connect API: a release's version is found by its version string
 * ({@code GET /v1/apps/{id}/appStoreVersions}); submitting is a review submission with the version as its item;
 * the rollout is the version's phased release ({@code appStoreVersionPhasedReleases}: {@code ACTIVE}, {@code PAUSED},
 * {@code COMPLETE}), which follows Apple's 7-day schedule. It authenticates with an API key: an ES256 JWT (key id,
 * issuer id, audience {@code appstoreconnect-v1}, 20 minutes at most). A release's status is the version's
 * {@code appStoreState} (the review) and its phased release's {@code phasedReleaseState} and {@code currentDayNumber}
 * (the rollout).
 */
public final class AppStoreConnect implements AppStoreAdapter {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI api;
    private final ApiKey key;
    private final String appId;
    private final Clock clock;
    private final StoreHttp http = new StoreHttp("App Store Connect");

    /** Apple's phased release: the percentage of users on each of its seven days. */
    private static final List<Double> PHASED_DAYS = List.of(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0);
    private static final Set<String> IN_REVIEW = Set.of("WAITING_FOR_REVIEW", "IN_REVIEW", "READY_FOR_REVIEW",
            "WAITING_FOR_EXPORT_COMPLIANCE");
    private static final Set<String> APPROVED = Set.of("PENDING_DEVELOPER_RELEASE", "PENDING_APPLE_RELEASE",
            "PROCESSING_FOR_APP_STORE", "PROCESSING_FOR_DISTRIBUTION", "ACCEPTED", "PREORDER_READY_FOR_SALE",
            "READY_FOR_SALE", "READY_FOR_DISTRIBUTION");
    /** On the App Store: users can download it. */
    private static final Set<String> RELEASED = Set.of("READY_FOR_SALE", "READY_FOR_DISTRIBUTION");
    private static final Set<String> REJECTED = Set.of("REJECTED", "METADATA_REJECTED", "INVALID_BINARY");

    /** An App Store Connect API key: its id, the team's issuer id, and the private key (.p8, PEM). */
    public record ApiKey(String keyId, String issuerId, PrivateKey privateKey) {
        public ApiKey {
            requireNonNull(keyId, "keyId is null");
            requireNonNull(issuerId, "issuerId is null");
            requireNonNull(privateKey, "privateKey is null");
        }

        public static ApiKey read(String keyId, String issuerId, String p8) {
            if (!p8.contains("BEGIN PRIVATE KEY")) {
                throw MainlineException.invalid("the App Store Connect key must be the .p8 file (BEGIN PRIVATE KEY)");
            }
            try {
                byte[] der = Base64.getMimeDecoder().decode(p8.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", ""));
                return new ApiKey(keyId, issuerId, KeyFactory.getInstance("EC").generatePrivate(
                        new PKCS8EncodedKeySpec(der)));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw MainlineException.invalid("the App Store Connect key is not an EC (P-256) key");
            }
        }

        @Override
        public String toString() {
            return "ApiKey[" + keyId + "]";
        }
    }

    /** @param api {@code https://api.appstoreconnect.apple.com} */
    public AppStoreConnect(URI api, ApiKey key, String appId, Clock clock) {
        this.api = URI.create(requireNonNull(api, "api is null").toString().replaceAll("/+$", ""));
        this.key = requireNonNull(key, "key is null");
        this.appId = requireNonNull(appId, "appId is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.APP_STORE;
    }

    @Override
    public void apply(Release release, Release next, StoreChange change) {
        String version = versionId(release);
        switch (change) {
            case SUBMIT -> submit(version);
            case START_ROLLOUT -> {
                // Safe to send again: a phased release or release request made by an earlier try is not made twice.
                if (phasedReleaseId(version).isEmpty()) {
                    ObjectNode data = StoreHttp.JSON.createObjectNode().put("type", "appStoreVersionPhasedReleases");
                    data.putObject("attributes").put("phasedReleaseState", "ACTIVE");
                    data.putObject("relationships").putObject("appStoreVersion").putObject("data")
                            .put("type", "appStoreVersions").put("id", version);
                    call("POST", "/v1/appStoreVersionPhasedReleases", wrap(data));
                }
                if (!versionState(version).equals("READY_FOR_SALE")) {
                    ObjectNode request = StoreHttp.JSON.createObjectNode().put("type",
                            "appStoreVersionReleaseRequests");
                    request.putObject("relationships").putObject("appStoreVersion").putObject("data")
                            .put("type", "appStoreVersions").put("id", version);
                    call("POST", "/v1/appStoreVersionReleaseRequests", wrap(request));
                }
            }
            case PAUSE -> phasedRelease(version, "PAUSED");
            case RESUME -> phasedRelease(version, "ACTIVE");
            case COMPLETE -> phasedRelease(version, "COMPLETE");
            case SET_ROLLOUT, HALT, ROLL_BACK -> throw new MainlineException(ErrorCode.STORE_REFUSED,
                    StoreCapabilities.APP_STORE.whyNot(change));
        }
    }

    @Override
    public Optional<StoreStatus> status(Release release) {
        JsonNode version = version(release);
        JsonNode attributes = version.path("attributes");
        // appStoreState is what the API has long given; appVersionState is its newer name for the same life cycle.
        String state = attributes.path("appStoreState").asString(attributes.path("appVersionState").asString(""));
        Optional<StoreStatus.Rollout> rollout = phasedReleaseId(version.path("id").asString())
                .flatMap(AppStoreConnect::rollout)
                .or(() -> RELEASED.contains(state)
                        ? Optional.of(StoreStatus.Rollout.completed())
                        : Optional.empty());
        return Optional.of(new StoreStatus(review(state), rollout));
    }

    /** The review as the version's state tells it; Apple's reasons for a rejection are in its Resolution Center. */
    static Optional<StoreStatus.Review> review(String state) {
        if (IN_REVIEW.contains(state)) {
            return Optional.of(StoreStatus.Review.inReview("App Store review: " + state));
        }
        if (APPROVED.contains(state)) {
            return Optional.of(StoreStatus.Review.approved("App Store review approved it (%s)".formatted(state)));
        }
        if (REJECTED.contains(state)) {
            return Optional.of(StoreStatus.Review.rejected("App Store review rejected it (%s); Apple gives its"
                    .formatted(state) + " reasons in App Store Connect's Resolution Center"));
        }
        if (state.equals("DEVELOPER_REJECTED")) {
            return Optional.of(StoreStatus.Review.rejected(
                    "withdrawn from App Store review in App Store Connect (DEVELOPER_REJECTED)"));
        }
        // Not submitted (PREPARE_FOR_SUBMISSION), replaced, removed: no verdict on this submission.
        return Optional.empty();
    }

    /** A phased release's state and day as a rollout; none before it starts ({@code INACTIVE}). */
    private static Optional<StoreStatus.Rollout> rollout(JsonNode phased) {
        JsonNode attributes = phased.path("attributes");
        int day = Math.max(1, Math.min(PHASED_DAYS.size(), attributes.path("currentDayNumber").asInt(1)));
        double percent = PHASED_DAYS.get(day - 1);
        return switch (attributes.path("phasedReleaseState").asString("")) {
            case "ACTIVE" -> Optional.of(StoreStatus.Rollout.rollingOut(percent));
            case "PAUSED" -> Optional.of(StoreStatus.Rollout.paused(percent));
            case "COMPLETE" -> Optional.of(StoreStatus.Rollout.completed());
            default -> Optional.empty();
        };
    }

    private String versionId(Release release) {
        return version(release).path("id").asString();
    }

    /** The release's app store version, as {@code GET /v1/apps/{id}/appStoreVersions} gives it. */
    private JsonNode version(Release release) {
        JsonNode found = call("GET",
                "/v1/apps/%s/appStoreVersions?filter%%5BversionString%%5D=%s&filter%%5Bplatform%%5D=IOS"
                        .formatted(StoreHttp.encode(appId), StoreHttp.encode(release.version())),
                null).path("data");
        if (found.isEmpty()) {
            throw new MainlineException(ErrorCode.STORE_REFUSED, "App Store Connect has no version %s of app %s"
                    .formatted(release.version(), appId));
        }
        return found.get(0);
    }

    private void submit(String version) {
        ObjectNode submission = StoreHttp.JSON.createObjectNode().put("type", "reviewSubmissions");
        submission.putObject("attributes").put("platform", "IOS");
        submission.putObject("relationships").putObject("app").putObject("data").put("type", "apps")
                .put("id", appId);
        String id = call("POST", "/v1/reviewSubmissions", wrap(submission)).path("data").path("id").asString();
        ObjectNode item = StoreHttp.JSON.createObjectNode().put("type", "reviewSubmissionItems");
        ObjectNode relationships = item.putObject("relationships");
        relationships.putObject("reviewSubmission").putObject("data").put("type", "reviewSubmissions").put("id", id);
        relationships.putObject("appStoreVersion").putObject("data").put("type", "appStoreVersions")
                .put("id", version);
        call("POST", "/v1/reviewSubmissionItems", wrap(item));
        ObjectNode submit = StoreHttp.JSON.createObjectNode().put("type", "reviewSubmissions").put("id", id);
        submit.putObject("attributes").put("submitted", true);
        call("PATCH", "/v1/reviewSubmissions/" + StoreHttp.encode(id), wrap(submit));
    }

    private Optional<JsonNode> phasedReleaseId(String version) {
        JsonNode data = call("GET", "/v1/appStoreVersions/%s/appStoreVersionPhasedRelease".formatted(
                StoreHttp.encode(version)), null).path("data");
        return data.path("id").asString("").isEmpty() ? Optional.empty() : Optional.of(data);
    }

    private String versionState(String version) {
        return call("GET", "/v1/appStoreVersions/" + StoreHttp.encode(version), null).path("data")
                .path("attributes").path("appStoreState").asString("");
    }

    private void phasedRelease(String version, String state) {
        JsonNode phased = phasedReleaseId(version).orElseThrow(() -> new MainlineException(ErrorCode.STORE_REFUSED,
                "the version has no phased release to change"));
        String id = phased.path("id").asString();
        if (phased.path("attributes").path("phasedReleaseState").asString("").equals(state)) {
            // Already so: Apple completes a phased release itself on its seventh day.
            return;
        }
        ObjectNode data = StoreHttp.JSON.createObjectNode().put("type", "appStoreVersionPhasedReleases").put("id", id);
        data.putObject("attributes").put("phasedReleaseState", state);
        call("PATCH", "/v1/appStoreVersionPhasedReleases/" + StoreHttp.encode(id), wrap(data));
    }

    private static ObjectNode wrap(ObjectNode data) {
        ObjectNode body = StoreHttp.JSON.createObjectNode();
        body.set("data", data);
        return body;
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpResponse<String> response = http.exchange(method, URI.create(api + path), token(), body);
        if (response.statusCode() / 100 == 2) {
            return StoreHttp.parse(response.body());
        }
        // JSON:API errors: {"errors": [{"status", "code", "title", "detail"}]}.
        JsonNode error = StoreHttp.parse(response.body()).path("errors").path(0);
        String code = error.path("code").asString("HTTP " + response.statusCode());
        String detail = error.path("detail").asString(error.path("title").asString(""));
        boolean wait = response.statusCode() == 429 || response.statusCode() >= 500;
        throw new MainlineException(wait ? ErrorCode.STORE_UNAVAILABLE : ErrorCode.STORE_REFUSED,
                "App Store Connect %s (%s): %s".formatted(wait ? "asks to wait" : "refused it", code, detail));
    }

    /** A fresh token each call: they live 20 minutes at most, and signing one costs less than a request. */
    private String token() {
        long now = clock.instant().getEpochSecond();
        ObjectNode header = StoreHttp.JSON.createObjectNode().put("alg", "ES256").put("kid", key.keyId()).put("typ",
                "JWT");
        ObjectNode claims = StoreHttp.JSON.createObjectNode().put("iss", key.issuerId()).put("iat", now)
                .put("exp", now + 1200).put("aud", "appstoreconnect-v1");
        return Jwt.sign(header, claims, "SHA256withECDSAinP1363Format", key.privateKey());
    }

}
