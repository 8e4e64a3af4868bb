package dev.mainline.server.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.appstores.AppStoreConnect;
import dev.mainline.appstores.GooglePlay;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.identity.Authorizer;
import dev.mainline.releases.AppStoreAdapter;
import dev.mainline.releases.ReleaseService;
import dev.mainline.releases.ReleaseStore;
import dev.mainline.releases.ReleaseStorePolling;
import dev.mainline.releases.StoreCapabilities;
import dev.mainline.server.config.MainlineProperties;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.stores.FakeAppStoreConnect;
import dev.mainline.testing.stores.FakeGooglePlay;
import java.nio.file.Files;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each app's stores come from configuration; the rest are released by hand; a bad key file stops start-up. */
class ReleasesWiringTest {
    @TempDir
    Path directory;

    @Test
    void configuredAppsGetTheirStoresAndOthersTheManualOne() throws Exception {
        try (FakeGooglePlay play = new FakeGooglePlay(); FakeAppStoreConnect apple = new FakeAppStoreConnect()) {
            Path serviceAccount = Files.writeString(directory.resolve("play.json"), play.serviceAccountJson());
            Path p8 = Files.writeString(directory.resolve("AuthKey.p8"), apple.p8());
            var releases = new MainlineProperties.Releases(true, Duration.ofMinutes(5), Map.of("wallet",
                    new MainlineProperties.Releases.AppStores(new MainlineProperties.Releases.GooglePlay(
                            "com.acme.wallet", serviceAccount, "production", play.url().toString()),
                            new MainlineProperties.Releases.AppStoreConnect("1234567890", FakeAppStoreConnect.KEY_ID,
                                    FakeAppStoreConnect.ISSUER_ID, p8, apple.url().toString()),
                            "acme/wallet", null,
                            "acme/wallet-ios", "regression.yml", null, null, null)));
            var adapters = ReleasesWiring.adapters(releases, Clock.systemUTC());
            assertThat(adapters.apply(new AppKey("wallet"), Platform.ANDROID)).isInstanceOf(GooglePlay.class);
            assertThat(adapters.apply(new AppKey("wallet"), Platform.IOS)).isInstanceOf(AppStoreConnect.class);
            assertThat(adapters.apply(new AppKey("maps"), Platform.IOS).capabilities())
                    .isEqualTo(StoreCapabilities.MANUAL);
            var repositories = ReleasesWiring.repositories(releases);
            assertThat(repositories.apply(new AppKey("wallet"), Platform.ANDROID))
                    .contains(new dev.mainline.common.RepositoryName("acme/wallet"));
            assertThat(repositories.apply(new AppKey("wallet"), Platform.IOS))
                    .contains(new dev.mainline.common.RepositoryName("acme/wallet-ios"));
            assertThat(repositories.apply(new AppKey("maps"), Platform.IOS)).isEmpty();

            var broken = new MainlineProperties.Releases(true, Duration.ofMinutes(5),
                    Map.of("wallet",
                            new MainlineProperties.Releases.AppStores(
                                    new MainlineProperties.Releases.GooglePlay("com.acme.wallet",
                                            directory.resolve("missing.json"), "production", play.url().toString()),
                                    null, null, null, null, null, null, null, null)));
            assertThatThrownBy(() -> ReleasesWiring.adapters(broken, Clock.systemUTC()))
                    .hasMessageContaining("mainline.releases.apps.wallet.google-play.service-account-file")
                    .hasMessageContaining("missing.json");
        }
    }

    @Test
    void theStorePollingIsScheduledOnlyWhenAskedForAndAFailedRoundIsLoggedNotThrown() {
        var stores = new InMemoryStores().stores();
        Clock clock = Clock.systemUTC();
        ReleaseService service = new ReleaseService(stores.releases(), stores.apps(),
                (app, platform) -> AppStoreAdapter.manual(), new Authorizer(stores.auditLog(), clock),
                stores.transactions(), clock);
        ReleaseStorePolling polling = new ReleaseStorePolling(stores.releases(), service,
                (app, platform) -> AppStoreAdapter.manual());
        try (var off = ReleasesWiring.StorePolling.start(polling, Optional.empty())) {
            assertThat(off.schedule()).isEmpty();
        }
        var on = ReleasesWiring.StorePolling.start(polling, Optional.of(Duration.ofHours(1)));
        assertThat(on.schedule()).hasValueSatisfying(schedule -> assertThat(schedule.isShutdown()).isFalse());
        on.close();
        assertThat(on.schedule()).hasValueSatisfying(schedule -> assertThat(schedule.isShutdown()).isTrue());

        // The database is down: the round fails as a whole, and the schedule must go on to the next one.
        ReleaseStore down = (ReleaseStore) Proxy.newProxyInstance(ReleaseStore.class.getClassLoader(),
                new Class<?>[]{ReleaseStore.class}, (proxy, method, arguments) -> {
                    throw new IllegalStateException("the database is down");
                });
        ReleaseStorePolling failing = new ReleaseStorePolling(down, service,
                (app, platform) -> AppStoreAdapter.manual());
        assertThatThrownBy(failing::pollOnce).hasMessage("the database is down");
        assertThatCode(() -> ReleasesWiring.StorePolling.round(failing)).doesNotThrowAnyException();
    }

    @Test
    void aRoundEndingInAnErrorDoesNotEndTheSchedule() throws Exception {
        var stores = new InMemoryStores().stores();
        Clock clock = Clock.systemUTC();
        ReleaseService service = new ReleaseService(stores.releases(), stores.apps(),
                (app, platform) -> AppStoreAdapter.manual(), new Authorizer(stores.auditLog(), clock),
                stores.transactions(), clock);
        // Two rounds run here, then at least three on the schedule: the second comes after the first one's Error.
        CountDownLatch rounds = new CountDownLatch(5);
        ReleaseStore broken = (ReleaseStore) Proxy.newProxyInstance(ReleaseStore.class.getClassLoader(),
                new Class<?>[]{ReleaseStore.class}, (proxy, method, arguments) -> {
                    rounds.countDown();
                    throw new NoClassDefFoundError("org/postgresql/util/PSQLException");
                });
        ReleaseStorePolling failing = new ReleaseStorePolling(broken, service,
                (app, platform) -> AppStoreAdapter.manual());
        assertThatThrownBy(failing::pollOnce).isInstanceOf(NoClassDefFoundError.class);
        assertThatCode(() -> ReleasesWiring.StorePolling.round(failing)).doesNotThrowAnyException();
        try (var polling = ReleasesWiring.StorePolling.start(failing, Optional.of(Duration.ofMillis(1)))) {
            assertThat(rounds.await(30, TimeUnit.SECONDS)).as("rounds go on after one ended in an Error").isTrue();
        }
    }
}
