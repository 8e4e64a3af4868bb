package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.TestingAuditLog;
import dev.mainline.TestingCore;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserServiceTest {
    private final TestingCore core = new TestingCore();
    private final UserService users = core.userService();
    private final TestingAuditLog auditLog = core.auditLog();
    private Actor admin;

    @BeforeEach
    void setUp() {
        admin = core.createAdmin("root");
    }

    @Test
    void adminCreatesUserAndTheAuditEntryIsWrittenInTheSameTransaction() {
        User ada = users.create(admin, new NewUser("ada", "Ada Lovelace",
                new ExternalHandles(Optional.of("ada"), Optional.empty(), Optional.of("ada@example.com"))));

        assertThat(core.stores().users().findByLogin("ada")).contains(ada);
        assertThat(ada.handles().githubLogin()).contains("ada");
        assertThat(auditLog.lastEntry().inTransaction()).isTrue();
        assertThat(auditLog.last()).isEqualTo(new AuditRecord(core.clock().instant(), "root",
                Optional.of(admin.userId()), Channel.API, "user.create", "user:ada", Outcome.SUCCEEDED,
                "created user 'ada' (Ada Lovelace)"));
    }

    @Test
    void refusesCreatingUserWithoutGlobalAdmin() {
        Actor engineer = new Actor(50, "eve", Channel.GITHUB, List.of(Permission.parse("engineer@global")),
                Optional.empty());

        assertThatMainlineException(() -> users.create(engineer, new NewUser("ada", "Ada", ExternalHandles.none())))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED);

        assertThat(core.stores().users().findByLogin("ada")).isEmpty();
        assertThat(auditLog.lastEntry().inTransaction()).isFalse();
        assertThat(auditLog.last()).isEqualTo(new AuditRecord(core.clock().instant(), "eve", Optional.of(50L),
                Channel.GITHUB, "user.create", "user:ada", Outcome.DENIED,
                "user.create requires role admin on global; user 'eve' has no such grant"));
    }

    @Test
    void updateChangesOnlyWhatItNames() {
        users.create(admin, new NewUser("ada", "Ada Lovelace",
                new ExternalHandles(Optional.of("ada"), Optional.of("U024BE7LH"), Optional.empty())));
        core.clock().advance(Duration.ofHours(1));

        User updated = users.update(admin, "ada", new UserUpdate(Optional.empty(),
                new ExternalHandles(Optional.empty(), Optional.empty(), Optional.of("ada@example.com"))));

        assertThat(updated.displayName()).isEqualTo("Ada Lovelace");
        assertThat(updated.handles()).isEqualTo(new ExternalHandles(Optional.of("ada"), Optional.of("U024BE7LH"),
                Optional.of("ada@example.com")));
        assertThat(updated.updatedAt()).isEqualTo(updated.createdAt().plus(Duration.ofHours(1)));
        assertThat(auditLog.last().action()).isEqualTo("user.update");
    }

    @Test
    void refusesUpdatingUnknownUser() {
        assertThatMainlineException(() -> users.update(admin, "nobody",
                new UserUpdate(Optional.of("Nobody"), ExternalHandles.none())))
                .hasErrorCode(ErrorCode.NOT_FOUND)
                .hasMessage("user 'nobody' does not exist");
    }

    @Test
    void letsUsersReadThemselvesButNotOthers() {
        User ada = users.create(admin, new NewUser("ada", "Ada Lovelace", ExternalHandles.none()));
        Actor adaActor = new Actor(ada.id(), "ada", Channel.API, List.of(), Optional.empty());

        assertThat(users.get(adaActor, "ada")).isEqualTo(ada);
        assertThatMainlineException(() -> users.get(adaActor, "root")).hasErrorCode(ErrorCode.PERMISSION_DENIED);
        assertThatMainlineException(() -> users.list(adaActor, PageRequest.firstPage()))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED);
        assertThat(auditLog.last().target()).isEqualTo("user:*");
    }

    @Test
    void listsUsersPageByPage() {
        users.create(admin, new NewUser("ada", "Ada", ExternalHandles.none()));
        users.create(admin, new NewUser("bob", "Bob", ExternalHandles.none()));

        Page<User> first = users.list(admin, PageRequest.first(2));
        Page<User> second = users.list(admin, new PageRequest(first.next(), 2));

        assertThat(first.items()).extracting(User::login).containsExactly("root", "ada");
        assertThat(second.items()).extracting(User::login).containsExactly("bob");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void refusesMalformedLogins() {
        assertThatMainlineException(() -> new NewUser("Ada", "Ada", ExternalHandles.none()))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessageStartingWith("login 'Ada' is not valid");
        assertThatMainlineException(() -> new NewUser("a".repeat(65), "Ada", ExternalHandles.none()))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("login must be at most 64 characters, got 65");
    }
}
