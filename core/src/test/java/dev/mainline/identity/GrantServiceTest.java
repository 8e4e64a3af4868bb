package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.TestingAuditLog;
import dev.mainline.TestingClock;
import dev.mainline.TestingCore;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewApp;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.RepositoryName;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrantServiceTest {
    private final TestingCore core = new TestingCore();
    private final GrantService grants = core.grantService();
    private final TestingAuditLog auditLog = core.auditLog();
    private Actor admin;
    private User ada;

    @BeforeEach
    void setUp() {
        admin = core.createAdmin("root");
        core.catalogService().createApp(admin, new NewApp(new AppKey("payments"), "Payments", Set.of(Platform.IOS)));
        core.catalogService().createRepository(admin,
                new NewSourceRepository(new RepositoryName("acme/api"), "main", Forge.GITHUB));
        ada = core.userService().create(admin, new NewUser("ada", "Ada Lovelace", ExternalHandles.none()));
    }

    @Test
    void grantsRoleOnARegisteredAppAndAuditsIt() {
        RoleGrant grant = grants.grant(admin, "ada", Permission.parse("release-manager@app:payments"));

        assertThat(grant.userId()).isEqualTo(ada.id());
        assertThat(grant.grantedBy()).isEqualTo("root");
        assertThat(grant.grantedAt()).isEqualTo(TestingClock.START);
        assertThat(auditLog.lastEntry().inTransaction()).isTrue();
        assertThat(auditLog.last().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(auditLog.last().detail()).isEqualTo("granted release-manager@app:payments to 'ada'");
    }

    @Test
    void grantsRolesOnARegisteredRepositoryAndGlobally() {
        grants.grant(admin, "ada", Permission.parse("engineer@repository:acme/api"));
        grants.grant(admin, "ada", Permission.parse("viewer@global"));

        assertThat(grants.list(admin, "ada")).extracting(RoleGrant::permission)
                .containsExactly(Permission.parse("engineer@repository:acme/api"), Permission.parse("viewer@global"));
    }

    @Test
    void refusesGrantOnAppThatDoesNotExist() {
        assertThatMainlineException(() -> grants.grant(admin, "ada", Permission.parse("admin@app:wallet")))
                .hasErrorCode(ErrorCode.NOT_FOUND)
                .hasMessage("app:wallet does not exist; register it before granting roles on it");
        assertThat(core.stores().grants().listForUser(ada.id())).isEmpty();
    }

    @Test
    void refusesGrantOnRepositoryThatDoesNotExist() {
        assertThatMainlineException(() -> grants.grant(admin, "ada", Permission.parse("engineer@repository:acme/web")))
                .hasErrorCode(ErrorCode.NOT_FOUND)
                .hasMessage("repository:acme/web does not exist; register it before granting roles on it");
    }

    @Test
    void refusesGrantToUnknownUser() {
        assertThatMainlineException(() -> grants.grant(admin, "nobody", Permission.parse("viewer@global")))
                .hasErrorCode(ErrorCode.NOT_FOUND)
                .hasMessage("user 'nobody' does not exist");
    }

    @Test
    void refusesGrantingWithoutGlobalAdmin() {
        Actor appAdmin = new Actor(ada.id(), "ada", Channel.API, List.of(Permission.parse("admin@app:payments")),
                Optional.empty());

        assertThatMainlineException(() -> grants.grant(appAdmin, "ada", Permission.parse("admin@global")))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessage("role.grant requires role admin on global; user 'ada' has no such grant");
        assertThat(core.stores().grants().listForUser(ada.id())).isEmpty();
        assertThat(auditLog.last().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(auditLog.last().action()).isEqualTo("role.grant");
        assertThat(auditLog.last().target()).isEqualTo("user:ada");
    }

    @Test
    void revokesAGrantAndAuditsIt() {
        RoleGrant grant = grants.grant(admin, "ada", Permission.parse("viewer@global"));

        grants.revoke(admin, "ada", grant.id());

        assertThat(core.stores().grants().listForUser(ada.id())).isEmpty();
        assertThat(auditLog.last().action()).isEqualTo("role.revoke");
        assertThat(auditLog.last().detail()).isEqualTo("revoked viewer@global from 'ada'");
    }

    @Test
    void refusesRevokingAGrantOfAnotherUser() {
        RoleGrant rootsGrant = core.stores().grants().listForUser(admin.userId()).getFirst();

        assertThatMainlineException(() -> grants.revoke(admin, "ada", rootsGrant.id()))
                .hasErrorCode(ErrorCode.NOT_FOUND)
                .hasMessage("user 'ada' has no grant %d", rootsGrant.id());
        assertThat(core.stores().grants().findById(rootsGrant.id())).isPresent();
    }

    @Test
    void letsUsersListTheirOwnGrantsOnly() {
        grants.grant(admin, "ada", Permission.parse("viewer@app:payments"));
        Actor viewer = new Actor(ada.id(), "ada", Channel.API, List.of(Permission.parse("viewer@app:payments")),
                Optional.empty());

        assertThat(grants.list(viewer, "ada")).extracting(RoleGrant::permission)
                .containsExactly(Permission.parse("viewer@app:payments"));
        assertThatMainlineException(() -> grants.list(viewer, "root")).hasErrorCode(ErrorCode.PERMISSION_DENIED);
    }
}
