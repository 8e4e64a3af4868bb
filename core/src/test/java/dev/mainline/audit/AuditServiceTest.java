package dev.mainline.audit;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.TestingCore;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.identity.Actor;
import dev.mainline.identity.ExternalHandles;
import dev.mainline.identity.NewUser;
import dev.mainline.identity.Permission;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditServiceTest {
    private final TestingCore core = new TestingCore();
    private final AuditService audit = core.auditService();
    private Actor admin;

    @BeforeEach
    void setUp() {
        admin = core.createAdmin("root");
        core.userService().create(admin, new NewUser("ada", "Ada", ExternalHandles.none()));
        core.userService().create(admin, new NewUser("bob", "Bob", ExternalHandles.none()));
        core.userService().create(admin, new NewUser("cyd", "Cyd", ExternalHandles.none()));
    }

    @Test
    void listsNewestFirstPageByPage() {
        Page<AuditEvent> first = audit.list(admin, AuditQuery.all(), PageRequest.first(2));
        Page<AuditEvent> second = audit.list(admin, AuditQuery.all(), new PageRequest(first.next(), 2));

        assertThat(first.items()).extracting(event -> event.record().target()).containsExactly("user:cyd", "user:bob");
        assertThat(second.items()).extracting(event -> event.record().target()).containsExactly("user:ada");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void refusesReadingWithoutGlobalAdminAndRecordsTheRefusal() {
        Actor releaseManager = new Actor(9, "ada", Channel.API, List.of(Permission.parse("release-manager@global")),
                Optional.empty());

        assertThatMainlineException(() -> audit.list(releaseManager, AuditQuery.all(), PageRequest.firstPage()))
                .hasErrorCode(ErrorCode.PERMISSION_DENIED)
                .hasMessage("audit.read requires role admin on global; user 'ada' has no such grant");

        Page<AuditEvent> denied = audit.list(admin, new AuditQuery(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(Outcome.DENIED), Optional.empty(), Optional.empty()),
                PageRequest.firstPage());
        assertThat(denied.items()).singleElement().satisfies(event -> {
            assertThat(event.record().actor()).isEqualTo("ada");
            assertThat(event.record().action()).isEqualTo("audit.read");
            assertThat(event.record().target()).isEqualTo("audit");
        });
    }
}
