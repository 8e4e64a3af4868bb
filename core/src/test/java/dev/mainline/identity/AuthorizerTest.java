package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mainline.TestingAuditLog;
import dev.mainline.TestingClock;
import dev.mainline.TestingTransactions;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizerTest {
    private static final Scope PAYMENTS = Scope.app("payments");
    private static final Scope API = Scope.repository("acme/api");

    private final TestingClock clock = new TestingClock();
    private final TestingTransactions transactions = new TestingTransactions();
    private final TestingAuditLog auditLog = new TestingAuditLog(transactions);
    private final Authorizer authorizer = new Authorizer(auditLog, clock);

    /** The role model as documented, written out rather than derived from {@link Action#requiredRole()}. */
    private static Set<Role> rolesAllowedTo(Action action) {
        return switch (action) {
            case USER_CREATE, USER_UPDATE, USER_READ, ROLE_GRANT, ROLE_REVOKE, ROLE_READ, TOKEN_MINT, TOKEN_REVOKE,
                    TOKEN_READ, AUDIT_READ, APP_CREATE, REPOSITORY_CREATE, BOOTSTRAP, RELEASE_RUNBOOK_RELAX,
                    QUEUE_SETTINGS_REFUSED ->
                EnumSet.of(Role.ADMIN);
            case APP_UPDATE, QUEUE_ENQUEUE_URGENT, QUEUE_LOCK, QUEUE_UNLOCK, QUEUE_EMERGENCY_MERGE, RELEASE_CUT,
                    RELEASE_REGRESSION, RELEASE_APPROVE, RELEASE_SUBMIT, RELEASE_ROLLOUT ->
                EnumSet.of(Role.RELEASE_MANAGER, Role.ADMIN);
            case QUEUE_ENQUEUE, QUEUE_DEQUEUE, QUEUE_REPORT_DEPLOY, PULL_REQUEST_OPEN, PULL_REQUEST_CLOSE,
                    TEST_RESULTS_UPLOAD,
                    TEST_QUARANTINE, LOGS_UPLOAD, RELEASE_BUILD, RELEASE_REPORT ->
                EnumSet.of(Role.ENGINEER, Role.RELEASE_MANAGER, Role.ADMIN);
            case APP_READ, REPOSITORY_READ, QUEUE_READ, PULL_REQUEST_READ, TEST_RESULTS_READ, LOGS_READ, RELEASE_READ ->
                EnumSet.allOf(
                        Role.class);
        };
    }

    /** The scope each action is checked on by the services: the object acted on, or global. */
    private static Scope checkedScope(Action action) {
        return switch (action) {
            case USER_CREATE, USER_UPDATE, USER_READ, ROLE_GRANT, ROLE_REVOKE, ROLE_READ, TOKEN_MINT, TOKEN_REVOKE,
                    TOKEN_READ, AUDIT_READ, APP_CREATE, REPOSITORY_CREATE, BOOTSTRAP ->
                Scope.global();
            case APP_UPDATE, APP_READ, RELEASE_READ, RELEASE_CUT, RELEASE_BUILD, RELEASE_REGRESSION, RELEASE_REPORT,
                    RELEASE_APPROVE, RELEASE_SUBMIT, RELEASE_ROLLOUT, RELEASE_RUNBOOK_RELAX ->
                PAYMENTS;
            case REPOSITORY_READ, QUEUE_READ, QUEUE_ENQUEUE, QUEUE_ENQUEUE_URGENT, QUEUE_DEQUEUE, QUEUE_LOCK,
                    QUEUE_UNLOCK, QUEUE_EMERGENCY_MERGE, QUEUE_SETTINGS_REFUSED, QUEUE_REPORT_DEPLOY, PULL_REQUEST_READ,
                    PULL_REQUEST_OPEN,
                    PULL_REQUEST_CLOSE,
                    TEST_RESULTS_UPLOAD, TEST_RESULTS_READ, TEST_QUARANTINE, LOGS_UPLOAD, LOGS_READ ->
                API;
        };
    }

    static Stream<Arguments> everyActionForEveryRoleOnEveryGrantScope() {
        List<Arguments> cases = new ArrayList<>();
        for (Action action : Action.values()) {
            for (Role role : Role.values()) {
                for (Scope grantScope : List.of(Scope.global(), PAYMENTS)) {
                    cases.add(Arguments.of(action, role, grantScope));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} by {1}@{2}")
    @MethodSource("everyActionForEveryRoleOnEveryGrantScope")
    void decidesEveryActionForEveryRoleAsTheRoleModelSays(Action action, Role role, Scope grantScope) {
        Scope scope = checkedScope(action);
        Actor actor = new Actor(7, "ada", Channel.SLACK, List.of(Permission.of(role, grantScope)), Optional.empty());
        boolean grantCoversScope = grantScope.equals(Scope.global()) || grantScope.equals(scope);
        boolean expectedAllowed = grantCoversScope && rolesAllowedTo(action).contains(role);
        Role weakestAllowed = rolesAllowedTo(action).iterator().next();
        String reason = "%s requires role %s on %s; user 'ada' has no such grant".formatted(action.key(),
                weakestAllowed.key(), scope);

        if (expectedAllowed) {
            assertThatCode(() -> authorizer.require(actor, action, scope, "thing:1")).doesNotThrowAnyException();
            assertThat(auditLog.records()).isEmpty();
        } else {
            assertThatMainlineException(() -> authorizer.require(actor, action, scope, "thing:1"))
                    .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                    .hasMessage(reason);
            assertThat(auditLog.records()).containsExactly(new AuditRecord(TestingClock.START, "ada", Optional.of(7L),
                    Channel.SLACK, action.key(), "thing:1", Outcome.DENIED, reason));
        }
    }

    @Test
    void refusesReleaseManagerOnAnotherApp() {
        Actor actor = actor(List.of(Permission.of(Role.RELEASE_MANAGER, PAYMENTS)), Optional.empty());

        assertThatMainlineException(() -> authorizer.require(actor, Action.APP_UPDATE, Scope.app("wallet"),
                "app:wallet"))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessage("app.update requires role release-manager on app:wallet; user 'ada' has no such grant");
    }

    @Test
    void tokenScopesNarrowTheUsersGrants() {
        Actor actor = actor(List.of(Permission.of(Role.ADMIN, Scope.global())),
                Optional.of(new Actor.TokenRestriction(31, "ci", List.of(Permission.of(Role.ENGINEER, API)))));

        assertThatMainlineException(() -> authorizer.require(actor, Action.USER_CREATE, Scope.global(), "user:bob"))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessage("user.create requires role admin on global; the token 'ci' is not scoped for it");
        assertThat(auditLog.last()).isEqualTo(new AuditRecord(TestingClock.START, "ada", Optional.of(7L), Channel.CLI,
                "user.create", "user:bob", Outcome.DENIED,
                "user.create requires role admin on global; the token 'ci' is not scoped for it"));
    }

    @Test
    void tokenAllowsWhatBothItAndTheUserAllow() {
        Actor actor = actor(List.of(Permission.of(Role.ADMIN, Scope.global())),
                Optional.of(new Actor.TokenRestriction(31, "ci", List.of(Permission.of(Role.ENGINEER, API)))));

        assertThatCode(() -> authorizer.require(actor, Action.REPOSITORY_READ, API, "repository:acme/api"))
                .doesNotThrowAnyException();
        assertThat(actor.may(Role.ENGINEER, API)).isTrue();
        assertThat(actor.may(Role.RELEASE_MANAGER, API)).isFalse();
        assertThat(actor.may(Role.VIEWER, PAYMENTS)).isFalse();
    }

    @Test
    void tokenCannotWidenTheUsersGrants() {
        Actor actor = actor(List.of(Permission.of(Role.VIEWER, PAYMENTS)),
                Optional.of(new Actor.TokenRestriction(31, "everything", List.of(Permission.parse("admin@global")))));

        assertThatMainlineException(() -> authorizer.require(actor, Action.APP_UPDATE, PAYMENTS, "app:payments"))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessageContaining("user 'ada' has no such grant");
    }

    @Test
    void letsUsersActOnTheirOwnAccountWithoutAnyGrant() {
        Actor actor = actor(List.of(), Optional.empty());

        assertThatCode(() -> authorizer.requireSelfOr(actor, Action.TOKEN_MINT, "ada", "user:ada"))
                .doesNotThrowAnyException();
        assertThat(auditLog.records()).isEmpty();
    }

    @Test
    void refusesActingOnSomeoneElsesAccountWithoutAdmin() {
        Actor actor = actor(List.of(Permission.of(Role.RELEASE_MANAGER, Scope.global())), Optional.empty());

        assertThatMainlineException(() -> authorizer.requireSelfOr(actor, Action.TOKEN_MINT, "bob", "user:bob"))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED);
        assertThat(auditLog.last().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(auditLog.last().target()).isEqualTo("user:bob");
    }

    @Test
    void recordsSuccessWithTheActorAndTheTimeOfTheClock() {
        clock.advance(Duration.ofMinutes(5));

        authorizer.succeeded(actor(List.of(), Optional.empty()), Action.APP_UPDATE, "app:payments", "renamed");

        assertThat(auditLog.last()).isEqualTo(new AuditRecord(TestingClock.START.plusSeconds(300), "ada",
                Optional.of(7L), Channel.CLI, "app.update", "app:payments", Outcome.SUCCEEDED, "renamed"));
    }

    @Test
    void recordsARefusalDecidedElsewhereAndReturnsTheError() {
        MainlineException error = authorizer.deny(actor(List.of(), Optional.empty()), Action.TOKEN_MINT, "user:ada",
                "too wide");

        assertThat(error.errorCode()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(error).hasMessage("too wide");
        assertThat(auditLog.last().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(auditLog.last().detail()).isEqualTo("too wide");
    }

    private static Actor actor(List<Permission> grants, Optional<Actor.TokenRestriction> token) {
        return new Actor(7, "ada", Channel.CLI, grants, token);
    }
}
