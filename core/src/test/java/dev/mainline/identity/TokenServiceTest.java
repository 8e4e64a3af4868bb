package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.TestingAuditLog;
import dev.mainline.TestingClock;
import dev.mainline.TestingCore;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.common.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private final TestingCore core = new TestingCore();
    private final TokenService tokens = core.tokenService();
    private final TestingAuditLog auditLog = core.auditLog();
    private Actor admin;
    private Actor ada;

    @BeforeEach
    void setUp() {
        admin = core.createAdmin("root");
        User user = core.userService().create(admin, new NewUser("ada", "Ada Lovelace", ExternalHandles.none()));
        ada = new Actor(user.id(), "ada", Channel.CLI, List.of(), Optional.empty());
    }

    @Test
    void storesOnlyTheHashAndAPrefixOfTheSecret() {
        MintedToken minted = tokens.mint(admin, "ada", request("ci", "viewer@global", Optional.empty()));

        ApiToken stored = core.stores().tokens().findById(minted.token().id()).orElseThrow();
        assertThat(minted.secret()).startsWith("mlt_");
        assertThat(stored.secretHash()).isEqualTo(TokenSecrets.hash(minted.secret())).doesNotContain(minted.secret());
        assertThat(stored.prefix()).isEqualTo(minted.secret().substring(0, 12));
        assertThat(stored.scopes()).containsExactly(Permission.parse("viewer@global"));
        assertThat(minted.toString()).doesNotContain(minted.secret());
    }

    @Test
    void expiresAfterTheDefaultLifetimeWhenNoneIsAsked() {
        MintedToken minted = tokens.mint(admin, "ada", request("ci", "viewer@global", Optional.empty()));

        assertThat(minted.token().createdAt()).isEqualTo(TestingClock.START);
        assertThat(minted.token().expiresAt()).isEqualTo(TestingClock.START.plus(Duration.ofDays(30)));
    }

    @Test
    void expiresAfterTheAskedLifetime() {
        MintedToken minted = tokens.mint(admin, "ada",
                request("ci", "viewer@global", Optional.of(Duration.ofHours(2))));

        assertThat(minted.token().expiresAt()).isEqualTo(TestingClock.START.plus(Duration.ofHours(2)));
    }

    @Test
    void refusesLifetimeAboveThePolicyMaximum() {
        assertThatMainlineException(() -> tokens.mint(admin, "ada",
                request("ci", "viewer@global", Optional.of(Duration.ofDays(91)))))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("lifetime PT2184H is longer than the allowed maximum PT2160H");

        assertThat(core.stores().tokens().listForUser(ada.userId())).isEmpty();
        assertThat(auditLog.last().action()).isEqualTo("user.create");
    }

    @Test
    void auditsMintingWithoutTheSecret() {
        MintedToken minted = tokens.mint(admin, "ada", request("ci", "engineer@repository:acme/api", Optional.empty()));

        assertThat(auditLog.lastEntry().inTransaction()).isTrue();
        assertThat(auditLog.last().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(auditLog.last().action()).isEqualTo("token.mint");
        assertThat(auditLog.last().target()).isEqualTo("user:ada");
        assertThat(auditLog.last().detail())
                .isEqualTo("minted token %d 'ci' (%s) scoped engineer@repository:acme/api, expiring %s".formatted(
                        minted.token().id(), minted.token().prefix(), minted.token().expiresAt()))
                .doesNotContain(minted.secret());
    }

    @Test
    void letsUsersMintTheirOwnTokensWithoutAnyGrant() {
        MintedToken minted = tokens.mint(ada, "ada", request("laptop", "viewer@global", Optional.empty()));

        assertThat(minted.token().userId()).isEqualTo(ada.userId());
        assertThat(auditLog.last().actor()).isEqualTo("ada");
    }

    @Test
    void refusesMintingForSomeoneElseWithoutAdmin() {
        Actor releaseManager = new Actor(ada.userId(), "ada", Channel.CLI,
                List.of(Permission.parse("release-manager@global")), Optional.empty());

        assertThatMainlineException(() -> tokens.mint(releaseManager, "root",
                request("stolen", "admin@global", Optional.empty())))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessage("token.mint requires role admin on global; user 'ada' has no such grant");

        assertThat(core.stores().tokens().listForUser(admin.userId())).isEmpty();
        assertThat(auditLog.last().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(auditLog.last().target()).isEqualTo("user:root");
    }

    @Test
    void refusesMintingForUnknownUser() {
        assertThatMainlineException(() -> tokens.mint(admin, "nobody", request("ci", "viewer@global",
                Optional.empty())))
                .hasErrorCode(ErrorCode.NOT_FOUND)
                .hasMessage("user 'nobody' does not exist");
    }

    @Test
    void tokenScopesNarrowTheUsersGrantsAndTheRefusalNamesTheToken() {
        MintedToken minted = tokens.mint(admin, "root", request("ci", "engineer@repository:acme/api",
                Optional.empty()));
        Actor narrowed = core.authenticate(minted.secret(), Channel.API);

        assertThatMainlineException(() -> core.userService().create(narrowed,
                new NewUser("bob", "Bob", ExternalHandles.none())))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessage("user.create requires role admin on global; the token 'ci' is not scoped for it");

        assertThat(core.stores().users().findByLogin("bob")).isEmpty();
        assertThat(auditLog.last().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(auditLog.last().detail()).contains("the token 'ci'");
    }

    @Test
    void refusesTokenMintingATokenThatMayDoMoreThanItself() {
        MintedToken minted = tokens.mint(admin, "root", request("ci", "viewer@app:payments", Optional.empty()));
        Actor narrowed = core.authenticate(minted.secret(), Channel.API);

        assertThatMainlineException(() -> tokens.mint(narrowed, "root", TokenRequest.unrestricted("escalated")))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessageContaining("admin@global")
                .hasMessageContaining("the token 'ci'");

        assertThat(core.stores().tokens().listForUser(admin.userId())).extracting(ApiToken::name)
                .containsExactly("ci");
        assertThat(auditLog.last().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(auditLog.last().action()).isEqualTo("token.mint");
    }

    @Test
    void refusesNarrowTokenRevokingABroaderTokenOfItsUser() {
        MintedToken broad = tokens.mint(admin, "root", TokenRequest.unrestricted("laptop"));
        MintedToken narrow = tokens.mint(admin, "root", request("ci", "viewer@app:payments", Optional.empty()));
        Actor narrowed = core.authenticate(narrow.secret(), Channel.API);

        assertThatMainlineException(() -> tokens.revoke(narrowed, "root", broad.token().id()))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessageContaining("the token 'ci'");

        assertThat(core.stores().tokens().findById(broad.token().id()).orElseThrow().isRevoked()).isFalse();
        assertThat(auditLog.last().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(auditLog.last().action()).isEqualTo("token.revoke");
    }

    @Test
    void letsTokenRevokeItself() {
        MintedToken narrow = tokens.mint(admin, "root", request("ci", "viewer@app:payments", Optional.empty()));
        Actor narrowed = core.authenticate(narrow.secret(), Channel.API);

        tokens.revoke(narrowed, "root", narrow.token().id());

        assertThat(core.stores().tokens().findById(narrow.token().id()).orElseThrow().isRevoked()).isTrue();
    }

    @Test
    void letsTokenMintATokenThatMayDoNoMoreThanItself() {
        MintedToken minted = tokens.mint(admin, "root", request("ci", "release-manager@app:payments",
                Optional.empty()));
        Actor narrowed = core.authenticate(minted.secret(), Channel.API);

        MintedToken child = tokens.mint(narrowed, "root", request("child", "viewer@app:payments", Optional.empty()));

        assertThat(child.token().scopes()).containsExactly(Permission.parse("viewer@app:payments"));
    }

    @Test
    void listsTheUsersTokens() {
        tokens.mint(admin, "ada", request("one", "viewer@global", Optional.empty()));
        tokens.mint(admin, "ada", request("two", "viewer@global", Optional.empty()));

        assertThat(tokens.list(ada, "ada")).extracting(ApiToken::name).containsExactly("one", "two");
        assertThatMainlineException(() -> tokens.list(ada, "root")).hasErrorCode(ErrorCode.PERMISSION_DENIED);
    }

    @Test
    void revokesOnceAndAuditsIt() {
        MintedToken minted = tokens.mint(ada, "ada", request("laptop", "viewer@global", Optional.empty()));

        tokens.revoke(ada, "ada", minted.token().id());

        assertThat(core.stores().tokens().findById(minted.token().id()).orElseThrow().revokedAt())
                .contains(TestingClock.START);
        assertThat(auditLog.last().action()).isEqualTo("token.revoke");
        assertThat(auditLog.lastEntry().inTransaction()).isTrue();
        int entries = auditLog.records().size();
        tokens.revoke(ada, "ada", minted.token().id());
        assertThat(auditLog.records()).as("revoking again changes nothing").hasSize(entries);
    }

    @Test
    void tokenMintedWithATokenNeverOutlivesItAndIsRevokedWithIt() {
        MintedToken parent = tokens.mint(admin, "root", request("short", "viewer@app:payments",
                Optional.of(Duration.ofDays(1))));
        Actor withParent = core.authenticate(parent.secret(), Channel.API);

        MintedToken child = tokens.mint(withParent, "root", request("long", "viewer@app:payments",
                Optional.of(Duration.ofDays(60))));
        MintedToken grandchild = tokens.mint(core.authenticate(child.secret(), Channel.API), "root",
                request("longer", "viewer@app:payments", Optional.empty()));

        assertThat(child.token().expiresAt()).isEqualTo(parent.token().expiresAt());
        assertThat(child.token().parentTokenId()).contains(parent.token().id());
        assertThat(grandchild.token().expiresAt()).isEqualTo(parent.token().expiresAt());

        tokens.revoke(admin, "root", parent.token().id());

        assertThat(core.tokenService().authenticate(child.secret(), Channel.API))
                .isInstanceOf(Authentication.Refused.class);
        assertThat(core.tokenService().authenticate(grandchild.secret(), Channel.API))
                .isInstanceOf(Authentication.Refused.class);
        assertThat(auditLog.last().detail()).contains("and the 2 tokens minted with it");
    }

    @Test
    void refusesRevokingAnotherUsersTokenThroughOnesOwnAccount() {
        MintedToken rootToken = tokens.mint(admin, "root", request("ops", "admin@global", Optional.empty()));

        assertThatMainlineException(() -> tokens.revoke(ada, "ada", rootToken.token().id()))
                .hasErrorCode(ErrorCode.NOT_FOUND)
                .hasMessage("user 'ada' has no token %d", rootToken.token().id());
        assertThat(core.tokenService().authenticate(rootToken.secret(), Channel.API))
                .isInstanceOf(Authentication.Authenticated.class);
    }

    private static TokenRequest request(String name, String scope, Optional<Duration> lifetime) {
        return new TokenRequest(name, List.of(Permission.parse(scope)), lifetime);
    }
}
