package dev.mainline.appstores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.NewApp;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseCommand;
import dev.mainline.releases.ReleaseService;
import dev.mainline.releases.ReleaseState;
import dev.mainline.releases.ReleaseStorePolling;
import dev.mainline.releases.StoreChange;
import dev.mainline.releases.StoreStatus;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import dev.mainline.testing.stores.FakeGooglePlay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Google Play adapter against a fake that speaks the Developer API's requests, answers and errors. */
class GooglePlayTest {
    private static final String PACKAGE = "com.acme.wallet";
    private final FakeGooglePlay play = new FakeGooglePlay();
    private final GooglePlay adapter = new GooglePlay(play.url(), GooglePlay.ServiceAccount.read(
            play.serviceAccountJson()), PACKAGE, "production", Clock.systemUTC());

    @AfterEach
    void stop() {
        play.close();
    }

    private static Release release(double percent, String build) {
        return new Release(1, new AppKey("wallet"), Platform.ANDROID, "5.2.0", Optional.of(build), "release/5.2.0",
                ReleaseState.ROLLING_OUT, percent, Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("410"), 1, java.time.Instant.EPOCH, java.time.Instant.EPOCH);
    }

    private JsonNode production() {
        return play.track(PACKAGE, "production").path("releases");
    }

    @Test
    void eachChangeIsAnEditOfTheProductionTrackCommitted() {
        play.uploaded("411");
        play.uploaded("410");
        adapter.apply(release(0, "411"), release(0, "411"), StoreChange.SUBMIT);
        assertThat(production().get(0).path("status").asString()).isEqualTo("draft");
        adapter.apply(release(0, "411"), release(1, "411"), StoreChange.START_ROLLOUT);
        assertThat(production().get(0).path("status").asString()).isEqualTo("inProgress");
        assertThat(production().get(0).path("userFraction").asDouble()).isEqualTo(0.01);
        adapter.apply(release(1, "411"), release(2.5, "411"), StoreChange.SET_ROLLOUT);
        assertThat(production().get(0).path("userFraction").asDouble()).isEqualTo(0.025);
        adapter.apply(release(2.5, "411"), release(2.5, "411"), StoreChange.HALT);
        assertThat(production().get(0).path("status").asString()).isEqualTo("halted");
        adapter.apply(release(2.5, "411"), release(2.5, "411"), StoreChange.RESUME);
        assertThat(production().get(0).path("status").asString()).isEqualTo("inProgress");
        adapter.apply(release(2.5, "411"), release(100, "411"), StoreChange.COMPLETE);
        assertThat(production().get(0).path("status").asString()).isEqualTo("completed");
        assertThat(production().get(0).has("userFraction")).isFalse();
        assertThat(production().get(0).path("versionCodes").get(0).asString()).isEqualTo("411");
        adapter.apply(release(100, "411"), release(0, "411"), StoreChange.ROLL_BACK);
        assertThat(production().get(0).path("versionCodes").get(0).asString()).isEqualTo("410");
        assertThat(production().get(1).path("status").asString()).isEqualTo("halted");
        assertThat(play.requests()).filteredOn(request -> request.startsWith("POST /token")).hasSize(1)
                .as("one token for every change, until it runs out");
        assertThat(play.requests()).filteredOn(request -> request.endsWith(":commit")).hasSize(7);
    }

    @Test
    void googlesErrorsAreRefusalsOrWaitsNamingWhatGoogleSaid() {
        play.uploaded("411");
        play.failNext("/edits", 429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Queries'.");
        assertThatThrownBy(() -> adapter.apply(release(1, "411"), release(2, "411"), StoreChange.SET_ROLLOUT))
                .isInstanceOfSatisfying(MainlineException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("RESOURCE_EXHAUSTED").contains("Quota exceeded");
                });
        play.failNext("/tracks/", 400, "FAILED_PRECONDITION", "This release is halted. To roll out again, you need"
                + " to upload a new build.");
        assertThatThrownBy(() -> adapter.apply(release(2, "411"), release(2, "411"), StoreChange.RESUME))
                .isInstanceOfSatisfying(MainlineException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.STORE_REFUSED);
                    assertThat(e.getMessage()).contains("upload a new build");
                });
        assertThat(play.requests()).as("the failed edit is dropped").anyMatch(request -> request.startsWith(
                "DELETE /androidpublisher/v3/applications/com.acme.wallet/edits/"));
        assertThatThrownBy(() -> adapter.apply(release(0, "999"), release(1, "999"), StoreChange.START_ROLLOUT))
                .isInstanceOfSatisfying(MainlineException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.STORE_REFUSED);
                    assertThat(e.getMessage()).contains("Version code 999 has not been uploaded.");
                });
        assertThat(production()).as("nothing refused was committed").isEmpty();

        try (FakeGooglePlay other = new FakeGooglePlay()) {
            GooglePlay stranger = new GooglePlay(play.url(), GooglePlay.ServiceAccount.read(
                    other.serviceAccountJson().replace(other.url().toString(), play.url().toString())), PACKAGE,
                    "production", Clock.systemUTC());
            assertThatThrownBy(() -> stranger.apply(release(0, "411"), release(1, "411"), StoreChange.START_ROLLOUT))
                    .isInstanceOfSatisfying(MainlineException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.STORE_REFUSED);
                        assertThat(e.getMessage()).contains("Invalid JWT Signature");
                    });
        }
        assertThatThrownBy(() -> GooglePlay.ServiceAccount.read("{\"client_email\": \"x\"}"))
                .hasMessageContaining("private_key");
    }

    @Test
    void aReleaseWalkedFromCutToEveryoneOnGooglePlayWithAHaltAndAResume() {
        TestingClock clock = new TestingClock();
        Stores stores = new InMemoryStores().stores();
        AppKey wallet = new AppKey("wallet");
        stores.apps().insert(new NewApp(wallet, "Wallet", Set.of(Platform.ANDROID)), clock.instant());
        ReleaseService releases = new ReleaseService(stores.releases(), stores.apps(), (app, platform) -> adapter,
                new Authorizer(stores.auditLog(), clock), stores.transactions(), clock);
        Actor rita = new Actor(1, "rita", Channel.API, List.of(Permission.parse("release-manager@app:wallet")),
                Optional.empty());
        play.uploaded("512");
        ReleaseStorePolling polling = new ReleaseStorePolling(stores.releases(), releases,
                (app, platform) -> adapter);
        long id = releases.cut(rita, wallet, Platform.ANDROID, "5.3.0", Optional.empty()).id();
        for (ReleaseCommand command : List.of(new ReleaseCommand.RecordBuild("512"),
                new ReleaseCommand.RunRegression(), new ReleaseCommand.RegressionResult(true, Optional.empty()),
                new ReleaseCommand.Approve(), new ReleaseCommand.Submit())) {
            releases.act(rita, id, command);
        }
        play.lifecycle(PACKAGE, "512", "RELEASE_LIFECYCLE_STATE_IN_REVIEW");
        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(1, 0, 0));
        play.lifecycle(PACKAGE, "512", "RELEASE_LIFECYCLE_STATE_APPROVED_NOT_PUBLISHED");
        assertThat(polling.pollOnce()).isEqualTo(new ReleaseStorePolling.Round(1, 1, 0));
        assertThat(releases.find(rita, id).state()).as("Google Play's verdict, read by the polling")
                .isEqualTo(ReleaseState.READY);
        releases.act(rita, id, new ReleaseCommand.StartRollout());
        play.lifecycle(PACKAGE, "512", "RELEASE_LIFECYCLE_STATE_PUBLISHED");
        assertThat(polling.pollOnce()).as("a rollout is not read from Play").isEqualTo(
                new ReleaseStorePolling.Round(1, 0, 0));
        assertThat(production().get(0).path("userFraction").asDouble()).isEqualTo(0.01);
        clock.advance(Duration.ofHours(4));
        releases.act(rita, id, new ReleaseCommand.ReportCrashFreeRate(99.7));
        releases.act(rita, id, new ReleaseCommand.IncreaseRollout(Optional.empty()));
        assertThat(production().get(0).path("userFraction").asDouble()).isEqualTo(0.02);
        releases.act(rita, id, new ReleaseCommand.HaltRollout("crash in onboarding"));
        assertThat(production().get(0).path("status").asString()).isEqualTo("halted");
        play.failNext("/tracks/", 429, "RESOURCE_EXHAUSTED", "Quota exceeded.");
        assertThatThrownBy(() -> releases.act(rita, id, new ReleaseCommand.ResumeRollout()))
                .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.STORE_UNAVAILABLE));
        assertThat(releases.find(rita, id).state()).as("nothing changed").isEqualTo(ReleaseState.HALTED);
        releases.act(rita, id, new ReleaseCommand.ResumeRollout());
        assertThat(production().get(0).path("status").asString()).isEqualTo("inProgress");
        clock.advance(Duration.ofHours(4));
        releases.act(rita, id, new ReleaseCommand.ReportCrashFreeRate(99.8));
        Release done = releases.act(rita, id, new ReleaseCommand.CompleteRollout());
        assertThat(done.state()).isEqualTo(ReleaseState.COMPLETED);
        assertThat(production().get(0).path("status").asString()).isEqualTo("completed");
        assertThat(releases.history(rita, id)).filteredOn(event -> event.outcome().equals("refused"))
                .singleElement().satisfies(event -> assertThat(event.detail()).contains("RESOURCE_EXHAUSTED"));
    }

    @Test
    void aRolloutStraightToEveryoneIsACompletedReleaseNotAFractionOfOne() {
        play.uploaded("411");
        adapter.apply(release(0, "411"), release(100, "411"), StoreChange.START_ROLLOUT);
        assertThat(production().get(0).path("status").asString()).isEqualTo("completed");
        adapter.apply(release(0, "411"), release(0.001, "411"), StoreChange.START_ROLLOUT);
        assertThat(production().get(0).path("userFraction").asDouble()).isEqualTo(0.0001);
    }

    /** Another client of the API (a CI upload) commits the edit it opened, over HTTP as it would. */
    private HttpResponse<String> commitAsAnotherClient(String editId) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(play.url() + "/androidpublisher/v3/applications/"
                    + PACKAGE + "/edits/" + editId + ":commit")).header("Authorization", "Bearer "
                            + play.accessToken())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void theReviewIsTheLifecycleOfTheBuildsReleaseOnTheTrackReadWithoutAnEdit() throws Exception {
        Release release = release(0, "411");
        assertThat(adapter.status(release)).as("nothing on the track").contains(StoreStatus.unknown());
        play.uploaded("411");
        adapter.apply(release, release, StoreChange.SUBMIT);
        String upload = play.openEdit(PACKAGE);
        int before = play.requests().size();

        assertThat(adapter.status(release)).as("a draft is not reviewed").contains(StoreStatus.unknown());
        play.lifecycle(PACKAGE, "411", "RELEASE_LIFECYCLE_STATE_IN_REVIEW");
        assertThat(adapter.status(release)).contains(StoreStatus.of(StoreStatus.Review.inReview(
                "Google Play review: in review")));
        play.lifecycle(PACKAGE, "411", "RELEASE_LIFECYCLE_STATE_APPROVED_NOT_PUBLISHED");
        assertThat(adapter.status(release)).contains(StoreStatus.of(StoreStatus.Review.approved(
                "Google Play approved the release (not published yet)")));
        play.lifecycle(PACKAGE, "411", "RELEASE_LIFECYCLE_STATE_NOT_APPROVED");
        assertThat(adapter.status(release)).contains(StoreStatus.of(StoreStatus.Review.rejected(
                "Google Play did not approve the release")));
        play.lifecycle(PACKAGE, "411", "RELEASE_LIFECYCLE_STATE_PUBLISHED");
        assertThat(adapter.status(release)).contains(StoreStatus.of(StoreStatus.Review.approved(
                "Google Play approved the release (published)")));
        play.lifecycle(PACKAGE, "411", "RELEASE_LIFECYCLE_STATE_NOT_SENT_FOR_REVIEW");
        assertThat(adapter.status(release)).contains(StoreStatus.unknown());

        Release staged = release(20, "412");
        play.uploaded("412");
        play.consoleSets(PACKAGE, "production", "412", "inProgress", 0.2);
        assertThat(adapter.status(staged)).as("published; Play's read gives no fraction").contains(StoreStatus.of(
                StoreStatus.Review.approved("Google Play approved the release (published)")));
        play.consoleSets(PACKAGE, "production", "412", "halted", 0.025);
        assertThat(adapter.status(staged)).as("nor whether it is halted").contains(StoreStatus.of(
                StoreStatus.Review.approved("Google Play approved the release (published)")));
        assertThat(adapter.status(release)).as("another build on the track").contains(StoreStatus.unknown());
        assertThat(adapter.status(release(0, "5.2.0-rc1"))).as("not a version code").contains(StoreStatus.unknown());

        List<String> reads = play.requests().subList(before, play.requests().size());
        assertThat(reads).hasSize(9).allMatch(request -> request.equals(
                "GET /androidpublisher/v3/applications/com.acme.wallet/tracks/production/releases"));
        assertThat(play.editOpen(upload)).as("reading never replaces another client's edit").isTrue();
        assertThat(commitAsAnotherClient(upload).statusCode()).isEqualTo(200);

        play.failNext("/releases", 503, "UNAVAILABLE", "The service is currently unavailable.");
        assertThatThrownBy(() -> adapter.status(release)).isInstanceOfSatisfying(MainlineException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
    }

    @Test
    void anEditOpenedMeanwhileDeletesTheOneOpenBeforeAsPlayDoes() throws Exception {
        play.uploaded("411");
        String upload = play.openEdit(PACKAGE);
        adapter.apply(release(0, "411"), release(0, "411"), StoreChange.SUBMIT);
        assertThat(play.editOpen(upload)).isFalse();
        HttpResponse<String> commit = commitAsAnotherClient(upload);
        assertThat(commit.statusCode()).isEqualTo(410);
        assertThat(JsonMapper.builder().build().readTree(commit.body()).path("error").path("errors").get(0)
                .path("reason").asString()).isEqualTo("editDeleted");
        assertThat(production().get(0).path("status").asString()).as("Mainline's own edit was committed")
                .isEqualTo("draft");
    }
}
