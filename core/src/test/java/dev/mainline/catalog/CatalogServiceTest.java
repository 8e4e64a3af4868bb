package dev.mainline.catalog;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.TestingAuditLog;
import dev.mainline.TestingCore;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogServiceTest {
    private static final AppKey PAYMENTS = new AppKey("payments");
    private static final AppKey WALLET = new AppKey("wallet");
    private static final RepositoryName API = new RepositoryName("acme/api");

    private final TestingCore core = new TestingCore();
    private final CatalogService catalog = core.catalogService();
    private final TestingAuditLog auditLog = core.auditLog();
    private Actor admin;

    @BeforeEach
    void setUp() {
        admin = core.createAdmin("root");
    }

    @Test
    void registersAppAndAuditsItInTheSameTransaction() {
        App app = catalog.createApp(admin, new NewApp(PAYMENTS, "Payments", Set.of(Platform.IOS)));

        assertThat(catalog.app(admin, PAYMENTS)).isEqualTo(app);
        assertThat(auditLog.lastEntry().inTransaction()).isTrue();
        assertThat(auditLog.last().action()).isEqualTo("app.create");
        assertThat(auditLog.last().target()).isEqualTo("app:payments");
        assertThat(auditLog.last().detail()).isEqualTo("registered app 'payments' on [ios]");
    }

    @Test
    void refusesRegisteringAppWithoutGlobalAdmin() {
        Actor releaseManager = actor("release-manager@global");

        assertThatMainlineException(() -> catalog.createApp(releaseManager,
                new NewApp(PAYMENTS, "Payments", Set.of(Platform.IOS))))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED);
        assertThat(catalog.exists(Scope.app("payments"))).isFalse();
        assertThat(auditLog.last().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(auditLog.last().target()).isEqualTo("app:payments");
    }

    @Test
    void updateChangesOnlyWhatItNames() {
        catalog.createApp(admin, new NewApp(PAYMENTS, "Payments", Set.of(Platform.IOS)));
        core.clock().advance(Duration.ofMinutes(1));

        App updated = catalog.updateApp(actor("release-manager@app:payments"), PAYMENTS,
                new AppUpdate(Optional.empty(), Optional.of(Set.of(Platform.IOS, Platform.ANDROID))));

        assertThat(updated.displayName()).isEqualTo("Payments");
        assertThat(updated.platforms()).containsExactlyInAnyOrder(Platform.IOS, Platform.ANDROID);
        assertThat(updated.updatedAt()).isEqualTo(updated.createdAt().plus(Duration.ofMinutes(1)));
    }

    @Test
    void refusesUpdatingUnknownApp() {
        assertThatMainlineException(() -> catalog.updateApp(admin, WALLET,
                new AppUpdate(Optional.of("Wallet"), Optional.empty())))
                .hasErrorCode(ErrorCode.NOT_FOUND)
                .hasMessage("app 'wallet' does not exist");
    }

    @Test
    void refusesEngineerUpdatingApp() {
        catalog.createApp(admin, new NewApp(PAYMENTS, "Payments", Set.of(Platform.IOS)));

        assertThatMainlineException(() -> catalog.updateApp(actor("engineer@app:payments"), PAYMENTS,
                new AppUpdate(Optional.of("Renamed"), Optional.empty())))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessage("app.update requires role release-manager on app:payments; user 'ada' has no such grant");
        assertThat(catalog.app(admin, PAYMENTS).displayName()).isEqualTo("Payments");
    }

    @Test
    void refusesEmptyPlatforms() {
        assertThatMainlineException(() -> new NewApp(PAYMENTS, "Payments", Set.of()))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT);
        assertThatMainlineException(() -> new AppUpdate(Optional.empty(), Optional.of(Set.of())))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void listsOnlyTheAppsTheActorMaySee() {
        catalog.createApp(admin, new NewApp(PAYMENTS, "Payments", Set.of(Platform.IOS)));
        catalog.createApp(admin, new NewApp(WALLET, "Wallet", Set.of(Platform.ANDROID)));

        assertThat(catalog.apps(actor("viewer@app:wallet"), PageRequest.firstPage()).items()).extracting(App::key)
                .containsExactly(WALLET);
        assertThat(catalog.apps(admin, PageRequest.firstPage()).items()).extracting(App::key)
                .containsExactly(PAYMENTS, WALLET);
        assertThat(catalog.apps(actor("viewer@repository:acme/api"), PageRequest.firstPage()).items()).isEmpty();
    }

    @Test
    void registersRepositoryWhichScopedViewersMayRead() {
        SourceRepository created = catalog.createRepository(admin,
                new NewSourceRepository(API, "main", Forge.GITHUB));

        assertThat(catalog.repository(actor("viewer@repository:acme/api"), API)).isEqualTo(created);
        assertThat(catalog.repositories(actor("viewer@repository:acme/api"), PageRequest.firstPage()).items())
                .containsExactly(created);
        assertThatMainlineException(() -> catalog.repository(actor("viewer@app:payments"), API))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED);
        assertThat(auditLog.last().target()).isEqualTo("repository:acme/api");
    }

    @Test
    void refusesReadingUnknownRepository() {
        assertThatMainlineException(() -> catalog.repository(admin, new RepositoryName("acme/web")))
                .hasErrorCode(ErrorCode.NOT_FOUND)
                .hasMessage("repository 'acme/web' does not exist");
    }

    @Test
    void refusesMalformedDefaultBranch() {
        assertThatMainlineException(() -> new NewSourceRepository(API, "feature..x", Forge.LOCAL))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessageContaining("defaultBranch 'feature..x' is not valid");
        assertThatMainlineException(() -> new NewSourceRepository(API, "-main", Forge.LOCAL))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT);
        assertThatMainlineException(() -> new NewSourceRepository(API, "main.lock", Forge.LOCAL))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT);
        assertThat(new NewSourceRepository(API, "release/1.2", Forge.LOCAL).defaultBranch()).isEqualTo("release/1.2");
    }

    @Test
    void knowsWhichScopesExist() {
        catalog.createApp(admin, new NewApp(PAYMENTS, "Payments", Set.of(Platform.IOS)));
        catalog.createRepository(admin, new NewSourceRepository(API, "main", Forge.LOCAL));

        assertThat(catalog.exists(Scope.global())).isTrue();
        assertThat(catalog.exists(Scope.app("payments"))).isTrue();
        assertThat(catalog.exists(Scope.app("wallet"))).isFalse();
        assertThat(catalog.exists(Scope.repository("acme/api"))).isTrue();
        assertThat(catalog.exists(Scope.repository("acme/web"))).isFalse();
    }

    private static Actor actor(String permission) {
        return new Actor(500, "ada", Channel.API, List.of(Permission.parse(permission)), Optional.empty());
    }
}
