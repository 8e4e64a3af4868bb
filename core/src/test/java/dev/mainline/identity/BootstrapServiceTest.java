package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mainline.TestingAuditLog;
import dev.mainline.TestingCore;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.PageRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootstrapServiceTest {
    private static final NewUser ADMIN = new NewUser("root", "The Administrator", ExternalHandles.none());

    private final TestingCore core = new TestingCore();
    private final BootstrapService bootstrap = core.bootstrapService();
    private final TestingAuditLog auditLog = core.auditLog();

    @Test
    void opensWithAOneTimeSecretWhileNobodyAdministers() {
        assertThat(bootstrap.isOpen()).isFalse();

        Optional<String> secret = bootstrap.open();

        assertThat(secret).hasValueSatisfying(value -> assertThat(value).startsWith("mlt_"));
        assertThat(bootstrap.isOpen()).isTrue();
        assertThat(bootstrap.isCompleted()).isFalse();
    }

    @Test
    void refusesWrongSecretAuditsItAndCreatesNothing() {
        String secret = bootstrap.open().orElseThrow();

        assertThatMainlineException(() -> bootstrap.complete(secret + "x", ADMIN, Channel.API))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessage("the bootstrap token does not match the one in the server's data directory");

        assertThat(auditLog.records()).containsExactly(new AuditRecord(core.clock().instant(), "bootstrap",
                Optional.empty(), Channel.API, "bootstrap", "user:root", Outcome.DENIED, "wrong bootstrap token"));
        assertThat(core.stores().users().findByLogin("root")).isEmpty();
        assertThat(core.stores().grants().anyGlobalAdmin()).isFalse();
        assertThat(core.stores().bootstrap().completedAt()).isEmpty();
        assertThat(bootstrap.isOpen()).isTrue();
    }

    @Test
    void createsTheAdministratorWithAGlobalAdminGrantAndAnAuthenticatingToken() {
        String secret = bootstrap.open().orElseThrow();

        BootstrapService.Result result = bootstrap.complete(secret, ADMIN, Channel.CLI);

        assertThat(result.admin().login()).isEqualTo("root");
        assertThat(core.stores().grants().listForUser(result.admin().id()))
                .extracting(RoleGrant::permission, RoleGrant::grantedBy)
                .containsExactly(tuple(Permission.parse("admin@global"), "bootstrap"));
        Actor admin = core.authenticate(result.token().secret(), Channel.CLI);
        assertThat(admin.login()).isEqualTo("root");
        assertThat(admin.may(Role.ADMIN, Scope.global())).isTrue();
        assertThat(core.userService().list(admin, PageRequest.firstPage()).items()).extracting(User::login)
                .containsExactly("root");
        assertThat(bootstrap.isCompleted()).isTrue();
        assertThat(bootstrap.isOpen()).isFalse();
        assertThat(core.stores().bootstrap().completedAt()).contains(core.clock().instant());
    }

    @Test
    void auditsTheBootstrapInsideItsTransactionWithoutTheSecrets() {
        String secret = bootstrap.open().orElseThrow();

        BootstrapService.Result result = bootstrap.complete(secret, ADMIN, Channel.CLI);

        assertThat(auditLog.lastEntry().inTransaction()).isTrue();
        AuditRecord record = auditLog.last();
        assertThat(record.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(record.actor()).isEqualTo("bootstrap");
        assertThat(record.action()).isEqualTo("bootstrap");
        assertThat(record.target()).isEqualTo("user:root");
        assertThat(record.channel()).isEqualTo(Channel.CLI);
        assertThat(record.detail())
                .isEqualTo("created first administrator 'root' with token %d (%s)".formatted(
                        result.token().token().id(), result.token().token().prefix()))
                .doesNotContain(secret)
                .doesNotContain(result.token().secret());
    }

    @Test
    void refusesASecondBootstrap() {
        String secret = bootstrap.open().orElseThrow();
        bootstrap.complete(secret, ADMIN, Channel.API);

        assertThatMainlineException(() -> bootstrap.complete(secret,
                new NewUser("mallory", "Mallory", ExternalHandles.none()), Channel.API))
                .hasErrorCode(ErrorCode.BOOTSTRAP_UNAVAILABLE)
                .hasMessageContaining("bootstrap is closed");

        assertThat(core.stores().users().findByLogin("mallory")).isEmpty();
    }

    @Test
    void opensNoMoreOnceBootstrapped() {
        bootstrap.complete(bootstrap.open().orElseThrow(), ADMIN, Channel.API);

        assertThat(bootstrap.open()).isEmpty();
        assertThat(bootstrap.isOpen()).isFalse();
        assertThat(core.newBootstrapService().open()).isEmpty();
    }

    @Test
    void opensNotAtAllWhenAGlobalAdministratorExists() {
        core.createAdmin("ops");
        BootstrapService restarted = core.newBootstrapService();

        assertThat(restarted.open()).isEmpty();
        assertThatMainlineException(() -> restarted.complete("mlt_guess", ADMIN, Channel.API))
                .hasErrorCode(ErrorCode.BOOTSTRAP_UNAVAILABLE);
    }

    @Test
    void refusesBootstrapThatWasNeverOpened() {
        assertThatMainlineException(() -> bootstrap.complete("mlt_guess", ADMIN, Channel.API))
                .hasErrorCode(ErrorCode.BOOTSTRAP_UNAVAILABLE);
        assertThat(core.stores().users().findByLogin("root")).isEmpty();
    }

    @Test
    void reopeningReplacesTheSecret() {
        String first = bootstrap.open().orElseThrow();
        String second = bootstrap.open().orElseThrow();

        assertThat(second).isNotEqualTo(first);
        assertThatMainlineException(() -> bootstrap.complete(first, ADMIN, Channel.API))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED);
        assertThat(bootstrap.complete(second, ADMIN, Channel.API).admin().login()).isEqualTo("root");
    }

    @Test
    void refusesBootstrapWhenAnotherServerCompletedItFirst() {
        BootstrapService other = core.newBootstrapService();
        String mine = bootstrap.open().orElseThrow();
        String theirs = other.open().orElseThrow();
        other.complete(theirs, ADMIN, Channel.API);

        assertThatMainlineException(() -> bootstrap.complete(mine,
                new NewUser("second", "Second", ExternalHandles.none()), Channel.API))
                .hasErrorCode(ErrorCode.BOOTSTRAP_UNAVAILABLE);
        assertThat(core.stores().users().findByLogin("second")).isEmpty();
    }
}
