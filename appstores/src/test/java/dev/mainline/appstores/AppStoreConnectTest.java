package dev.mainline.appstores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseState;
import dev.mainline.releases.StoreChange;
import dev.mainline.releases.StoreStatus;
import dev.mainline.testing.stores.FakeAppStoreConnect;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The App Store Connect adapter against a fake that speaks its API's requests, answers and errors. */
class AppStoreConnectTest {
    private final FakeAppStoreConnect apple = new FakeAppStoreConnect();
    private final AppStoreConnect adapter = new AppStoreConnect(apple.url(), AppStoreConnect.ApiKey.read(
            FakeAppStoreConnect.KEY_ID, FakeAppStoreConnect.ISSUER_ID, apple.p8()), "1234567890", Clock.systemUTC());

    @AfterEach
    void stop() {
        apple.close();
    }

    private static Release release(String version) {
        return new Release(1, new AppKey("wallet"), Platform.IOS, version, Optional.of("812"), "release/" + version,
                ReleaseState.READY, 0, Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 1, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void submittingIsAReviewSubmissionAndTheRolloutIsThePhasedRelease() {
        String version = apple.version("8.1.0", "PENDING_DEVELOPER_RELEASE");
        Release release = release("8.1.0");
        adapter.apply(release, release, StoreChange.SUBMIT);
        assertThat(apple.requests()).contains("POST /v1/reviewSubmissions", "POST /v1/reviewSubmissionItems")
                .anyMatch(request -> request.startsWith("PATCH /v1/reviewSubmissions/"));
        adapter.apply(release, release, StoreChange.START_ROLLOUT);
        assertThat(apple.phasedReleaseState(version)).isEqualTo("ACTIVE");
        assertThat(apple.versionState(version)).isEqualTo("READY_FOR_SALE");
        adapter.apply(release, release, StoreChange.PAUSE);
        assertThat(apple.phasedReleaseState(version)).isEqualTo("PAUSED");
        adapter.apply(release, release, StoreChange.RESUME);
        assertThat(apple.phasedReleaseState(version)).isEqualTo("ACTIVE");
        adapter.apply(release, release, StoreChange.COMPLETE);
        assertThat(apple.phasedReleaseState(version)).isEqualTo("COMPLETE");

        assertThatThrownBy(() -> adapter.apply(release, release, StoreChange.PAUSE))
                .isInstanceOfSatisfying(MainlineException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.STORE_REFUSED);
                    assertThat(e.getMessage()).contains("STATE_ERROR").contains("COMPLETE cannot become PAUSED");
                });
        assertThatThrownBy(() -> adapter.apply(release, release, StoreChange.HALT))
                .hasMessageContaining("the App Store has no halt for a phased release");
    }

    @Test
    void applesErrorsAreRefusalsOrWaits() {
        apple.version("8.2.0", "WAITING_FOR_REVIEW");
        Release notReady = release("8.2.0");
        assertThatThrownBy(() -> adapter.apply(notReady, notReady, StoreChange.START_ROLLOUT))
                .isInstanceOfSatisfying(MainlineException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.STORE_REFUSED);
                    assertThat(e.getMessage()).contains("not ready to be released (WAITING_FOR_REVIEW)");
                });
        apple.failNext("/appStoreVersions", 429, "RATE_LIMIT_EXCEEDED", "The request rate limit has been reached.");
        assertThatThrownBy(() -> adapter.apply(notReady, notReady, StoreChange.PAUSE))
                .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.STORE_UNAVAILABLE));
        assertThatThrownBy(() -> adapter.apply(release("9.9.9"), release("9.9.9"), StoreChange.SUBMIT))
                .hasMessageContaining("App Store Connect has no version 9.9.9");
        try (FakeAppStoreConnect other = new FakeAppStoreConnect()) {
            AppStoreConnect stranger = new AppStoreConnect(apple.url(), AppStoreConnect.ApiKey.read(
                    FakeAppStoreConnect.KEY_ID, FakeAppStoreConnect.ISSUER_ID, other.p8()), "1234567890",
                    Clock.systemUTC());
            assertThatThrownBy(() -> stranger.apply(notReady, notReady, StoreChange.PAUSE))
                    .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.getMessage())
                            .contains("NOT_AUTHORIZED"));
        }
    }

    @Test
    void aStartTriedAgainAndAPhasedReleaseAppleCompletedItselfGoOn() {
        String version = apple.version("8.3.0", "PENDING_DEVELOPER_RELEASE");
        Release release = release("8.3.0");
        apple.failNext("/appStoreVersionReleaseRequests", 503, "UNEXPECTED_ERROR", "try again later");
        assertThatThrownBy(() -> adapter.apply(release, release, StoreChange.START_ROLLOUT))
                .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.STORE_UNAVAILABLE));
        adapter.apply(release, release, StoreChange.START_ROLLOUT);
        assertThat(apple.phasedReleaseState(version)).isEqualTo("ACTIVE");
        assertThat(apple.versionState(version)).isEqualTo("READY_FOR_SALE");
        apple.appleSets(version, "COMPLETE");
        adapter.apply(release, release, StoreChange.COMPLETE);
        assertThat(apple.phasedReleaseState(version)).isEqualTo("COMPLETE");
    }

    @Test
    void theStatusIsTheVersionsReviewAndItsPhasedReleasesDayReadWithoutChangingAnything() {
        String version = apple.version("8.4.0", "WAITING_FOR_REVIEW");
        Release release = release("8.4.0");
        assertThat(adapter.status(release)).contains(StoreStatus.of(StoreStatus.Review.inReview(
                "App Store review: WAITING_FOR_REVIEW")));
        apple.appleReviews(version, "REJECTED");
        assertThat(adapter.status(release)).hasValueSatisfying(status -> {
            assertThat(status.rollout()).isEmpty();
            assertThat(status.review()).hasValueSatisfying(review -> {
                assertThat(review.verdict()).isEqualTo(StoreStatus.Verdict.REJECTED);
                assertThat(review.reason()).isEqualTo("App Store review rejected it (REJECTED); Apple gives its"
                        + " reasons in App Store Connect's Resolution Center");
            });
        });
        apple.appleReviews(version, "PENDING_DEVELOPER_RELEASE");
        assertThat(adapter.status(release)).contains(StoreStatus.of(StoreStatus.Review.approved(
                "App Store review approved it (PENDING_DEVELOPER_RELEASE)")));

        adapter.apply(release, release, StoreChange.START_ROLLOUT);
        int before = apple.requests().size();
        assertThat(adapter.status(release).flatMap(StoreStatus::rollout)).contains(StoreStatus.Rollout.rollingOut(1));
        apple.appleDay(version, 3);
        assertThat(adapter.status(release).flatMap(StoreStatus::rollout)).contains(StoreStatus.Rollout.rollingOut(5));
        apple.appleSets(version, "PAUSED");
        assertThat(adapter.status(release).flatMap(StoreStatus::rollout)).contains(StoreStatus.Rollout.paused(5));
        apple.appleSets(version, "ACTIVE");
        apple.appleDay(version, 6);
        assertThat(adapter.status(release).flatMap(StoreStatus::rollout)).contains(StoreStatus.Rollout.rollingOut(
                50));
        apple.appleDay(version, 7);
        apple.appleSets(version, "COMPLETE");
        assertThat(adapter.status(release)).contains(StoreStatus.of(StoreStatus.Review.approved(
                "App Store review approved it (READY_FOR_SALE)"), StoreStatus.Rollout.completed()));
        assertThat(apple.requests().subList(before, apple.requests().size())).as("only reads")
                .allMatch(request -> request.startsWith("GET "));
    }

    @Test
    void aVersionReleasedAtOnceIsCompleteAndAStoreThatCannotBeReadIsAWait() {
        String version = apple.version("8.5.0", "READY_FOR_DISTRIBUTION");
        assertThat(adapter.status(release("8.5.0"))).contains(StoreStatus.of(StoreStatus.Review.approved(
                "App Store review approved it (READY_FOR_DISTRIBUTION)"), StoreStatus.Rollout.completed()));
        apple.appleReviews(version, "DEVELOPER_REJECTED");
        assertThat(adapter.status(release("8.5.0")).flatMap(StoreStatus::review)).hasValueSatisfying(
                review -> assertThat(review.verdict()).isEqualTo(StoreStatus.Verdict.REJECTED));
        apple.appleReviews(version, "PREPARE_FOR_SUBMISSION");
        assertThat(adapter.status(release("8.5.0"))).contains(StoreStatus.unknown());
        apple.failNext("/appStoreVersions", 503, "UNEXPECTED_ERROR", "try again later");
        assertThatThrownBy(() -> adapter.status(release("8.5.0")))
                .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.STORE_UNAVAILABLE));
        assertThatThrownBy(() -> adapter.status(release("9.9.9")))
                .hasMessageContaining("App Store Connect has no version 9.9.9");
    }
}
