package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.TestingAuditLog;
import dev.mainline.TestingCore;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.catalog.App;
import dev.mainline.catalog.AppUpdate;
import dev.mainline.catalog.NewApp;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.PageRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The role model end to end: an administrator registers apps, creates a user, makes them release manager of one app and
 * mints them a token; the token then acts for the user with exactly the rights the user holds.
 */
class AccessScenarioTest {
    private static final AppKey PAYMENTS = new AppKey("payments");
    private static final AppKey WALLET = new AppKey("wallet");

    private final TestingCore core = new TestingCore();
    private final TestingAuditLog auditLog = core.auditLog();
    private Actor admin;
    private MintedToken token;

    @BeforeEach
    void setUp() {
        admin = core.createAdmin("root");
        core.catalogService().createApp(admin,
                new NewApp(PAYMENTS, "Payments", Set.of(Platform.IOS, Platform.ANDROID)));
        core.catalogService().createApp(admin, new NewApp(WALLET, "Wallet", Set.of(Platform.IOS)));
        core.userService().create(admin, new NewUser("ada", "Ada Lovelace", ExternalHandles.none()));
        core.grantService().grant(admin, "ada", Permission.parse("release-manager@app:payments"));
        token = core.tokenService().mint(admin, "ada", TokenRequest.unrestricted("laptop"));
    }

    @Test
    void recordsEveryStepOfTheSetUpInsideItsTransaction() {
        assertThat(auditLog.entries())
                .allSatisfy(entry -> {
                    assertThat(entry.inTransaction()).isTrue();
                    assertThat(entry.record().outcome()).isEqualTo(Outcome.SUCCEEDED);
                    assertThat(entry.record().actor()).isEqualTo("root");
                    assertThat(entry.record().actorUserId()).contains(admin.userId());
                    assertThat(entry.record().channel()).isEqualTo(Channel.API);
                })
                .extracting(entry -> entry.record().action() + " " + entry.record().target())
                .containsExactly("app.create app:payments", "app.create app:wallet", "user.create user:ada",
                        "role.grant user:ada", "token.mint user:ada");
        assertThat(auditLog.records().get(3).detail()).isEqualTo("granted release-manager@app:payments to 'ada'");
    }

    @Test
    void mintedTokenAuthenticatesWithTheUsersGrantsAndTheTokensScopes() {
        Authentication authentication = core.tokenService().authenticate(token.secret(), Channel.CLI);

        User ada = core.stores().users().findByLogin("ada").orElseThrow();
        assertThat(authentication).isEqualTo(new Authentication.Authenticated(new Actor(ada.id(), "ada", Channel.CLI,
                List.of(Permission.parse("release-manager@app:payments")),
                Optional.of(new Actor.TokenRestriction(token.token().id(), "laptop",
                        List.of(Permission.parse("admin@global")))))));
    }

    @Test
    void releaseManagerMayUpdateTheirApp() {
        Actor ada = core.authenticate(token.secret(), Channel.CLI);

        App updated = core.catalogService().updateApp(ada, PAYMENTS,
                new AppUpdate(Optional.of("Payments 2"), Optional.empty()));

        assertThat(updated.displayName()).isEqualTo("Payments 2");
        assertThat(updated.platforms()).containsExactlyInAnyOrder(Platform.IOS, Platform.ANDROID);
        assertThat(auditLog.lastEntry().inTransaction()).isTrue();
        assertThat(auditLog.last()).isEqualTo(new AuditRecord(core.clock().instant(), "ada", Optional.of(ada.userId()),
                Channel.CLI, "app.update", "app:payments", Outcome.SUCCEEDED, "updated app 'payments'"));
    }

    @Test
    void refusesReleaseManagerOnAnotherApp() {
        Actor ada = core.authenticate(token.secret(), Channel.CLI);

        assertThatMainlineException(() -> core.catalogService().updateApp(ada, WALLET,
                new AppUpdate(Optional.of("Hijacked"), Optional.empty())))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessage("app.update requires role release-manager on app:wallet; user 'ada' has no such grant");

        assertThat(core.stores().apps().findByKey(WALLET).orElseThrow().displayName()).isEqualTo("Wallet");
        assertThat(auditLog.last()).isEqualTo(new AuditRecord(core.clock().instant(), "ada", Optional.of(ada.userId()),
                Channel.CLI, "app.update", "app:wallet", Outcome.DENIED,
                "app.update requires role release-manager on app:wallet; user 'ada' has no such grant"));
    }

    @Test
    void refusesReleaseManagerCreatingUsers() {
        Actor ada = core.authenticate(token.secret(), Channel.SLACK);

        assertThatMainlineException(() -> core.userService().create(ada,
                new NewUser("mallory", "Mallory", ExternalHandles.none())))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessageContaining("user.create requires role admin on global");

        assertThat(core.stores().users().findByLogin("mallory")).isEmpty();
        AuditRecord denial = auditLog.last();
        assertThat(denial.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(denial.actor()).isEqualTo("ada");
        assertThat(denial.channel()).isEqualTo(Channel.SLACK);
        assertThat(denial.action()).isEqualTo("user.create");
        assertThat(denial.target()).isEqualTo("user:mallory");
    }

    @Test
    void releaseManagerMayReadTheirAppButNotSeeOtherApps() {
        Actor ada = core.authenticate(token.secret(), Channel.CLI);

        assertThat(core.catalogService().app(ada, PAYMENTS).key()).isEqualTo(PAYMENTS);
        assertThat(core.catalogService().apps(ada, PageRequest.firstPage()).items())
                .extracting(App::key)
                .containsExactly(PAYMENTS);
        assertThatMainlineException(() -> core.catalogService().app(ada, WALLET))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED);
    }

    @Test
    void refusesGrantOnAppThatDoesNotExist() {
        int auditSize = auditLog.size();

        assertThatMainlineException(() -> core.grantService().grant(admin, "ada",
                Permission.parse("release-manager@app:payments-ios")))
                .hasErrorCode(ErrorCode.NOT_FOUND)
                .hasMessage("app:payments-ios does not exist; register it before granting roles on it");

        User ada = core.stores().users().findByLogin("ada").orElseThrow();
        assertThat(core.stores().grants().listForUser(ada.id())).extracting(RoleGrant::permission)
                .containsExactly(Permission.parse("release-manager@app:payments"));
        assertThat(auditLog.size()).isEqualTo(auditSize);
    }

    @Test
    void refusesRevokedToken() {
        core.tokenService().revoke(admin, "ada", token.token().id());

        assertThat(core.tokenService().authenticate(token.secret(), Channel.API))
                .isEqualTo(new Authentication.Refused(ErrorCode.TOKEN_REVOKED,
                        "the token 'laptop' (%s) was revoked".formatted(token.token().prefix())));
    }

    @Test
    void refusesTokenFromTheMomentItExpires() {
        Duration lifetime = TestingCore.TOKEN_POLICY.defaultLifetime();
        core.clock().advance(lifetime.minusSeconds(1));
        assertThat(core.tokenService().authenticate(token.secret(), Channel.API))
                .isInstanceOf(Authentication.Authenticated.class);

        core.clock().advance(Duration.ofSeconds(1));

        assertThat(core.tokenService().authenticate(token.secret(), Channel.API))
                .isEqualTo(new Authentication.Refused(ErrorCode.TOKEN_EXPIRED,
                        "the token 'laptop' (%s) expired at %s".formatted(token.token().prefix(),
                                token.token().expiresAt())));
    }

    @Test
    void refusesUnknownToken() {
        String unknown = "mlt_" + "A".repeat(43);

        assertThat(core.tokenService().authenticate(unknown, Channel.API))
                .isEqualTo(new Authentication.Refused(ErrorCode.TOKEN_INVALID, "the bearer token is not known"));
        assertThat(core.tokenService().authenticate("ghp_notours", Channel.API))
                .isEqualTo(new Authentication.Refused(ErrorCode.TOKEN_INVALID,
                        "the bearer token is not a Mainline token"));
    }

    @Test
    void revokedGrantNoLongerAllowsTheNextRequest() {
        User ada = core.stores().users().findByLogin("ada").orElseThrow();
        long grantId = core.stores().grants().listForUser(ada.id()).getFirst().id();

        core.grantService().revoke(admin, "ada", grantId);

        Actor afterRevoke = core.authenticate(token.secret(), Channel.CLI);
        assertThatMainlineException(() -> core.catalogService().updateApp(afterRevoke, PAYMENTS,
                new AppUpdate(Optional.of("Payments 2"), Optional.empty())))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED);
    }
}
