package dev.mainline.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.audit.AuditEvent;
import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.mergequeue.MergeQueues;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PullRequestServiceTest {
    private static final RepositoryName LOCAL = new RepositoryName("acme/api");
    private static final RepositoryName ON_GITHUB = new RepositoryName("acme/web");

    private final TestingClock clock = new TestingClock();
    private final Stores stores = new InMemoryStores().stores();
    private final PullRequestService service;

    PullRequestServiceTest() {
        stores.repositories().insert(new NewSourceRepository(LOCAL, "main", Forge.LOCAL), clock.instant());
        stores.repositories().insert(new NewSourceRepository(ON_GITHUB, "main", Forge.GITHUB), clock.instant());
        MergeQueues queues = new MergeQueues() {
            @Override
            public QueueRunner queue(RepositoryName name) {
                throw MainlineException.queueNotRunning("no queue in this test");
            }

            @Override
            public String head(RepositoryName name, String branch) {
                if (!branch.startsWith("feature-") && !branch.equals("main")) {
                    throw MainlineException.notFound("branch '%s' does not exist in %s", branch, name);
                }
                return "head-of-" + branch;
            }
        };
        Authorizer authorizer = new Authorizer(stores.auditLog(), clock);
        service = new PullRequestService(stores.pullRequests(), stores.repositories(), queues,
                new dev.mainline.mergequeue.MergeQueueService(queues, stores.queueCiRuns(), authorizer, clock),
                authorizer, clock);
    }

    private static Actor actor(String login, String permission) {
        return new Actor(login.hashCode(), login, Channel.API, List.of(Permission.parse(permission)),
                Optional.empty());
    }

    @Test
    void anEngineerOpensNumberedPullRequestsFromExistingBranchesAndEveryoneMayReadThem() {
        Actor engineer = actor("eve", "engineer@repository:acme/api");
        Actor viewer = actor("vic", "viewer@repository:acme/api");

        PullRequest first = service.open(engineer, LOCAL, "feature-login", Optional.of("  Log in  "));
        PullRequest second = service.open(engineer, LOCAL, "feature-logout", Optional.empty());

        assertThat(first.number()).isEqualTo(1);
        assertThat(first.title()).isEqualTo("Log in");
        assertThat(first.author()).isEqualTo("eve");
        assertThat(second.title()).isEqualTo("feature-logout");
        assertThat(service.list(viewer, LOCAL, Optional.of(PullRequestState.OPEN), PageRequest.firstPage()).items())
                .containsExactly(second, first);
        assertThat(service.branchToQueue(viewer, LOCAL, 1)).isEqualTo("feature-login");
        AuditRecord opened = audit().stream().filter(record -> record.action().equals("pull-request.open"))
                .findFirst().orElseThrow();
        assertThat(opened.target()).isEqualTo("repository:acme/api#2");
        assertThat(opened.outcome()).isEqualTo(Outcome.SUCCEEDED);

        service.checkBranch(LOCAL, 1, "feature-login");
        service.checkBranch(LOCAL, 99, "anything");
        assertThatThrownBy(() -> service.checkBranch(LOCAL, 1, "feature-other"))
                .hasMessageContaining("#1 of acme/api is opened from branch 'feature-login', not 'feature-other'");

        PullRequest closed = service.close(engineer, LOCAL, 1);
        assertThat(closed.state()).isEqualTo(PullRequestState.CLOSED);
        assertThatThrownBy(() -> service.branchToQueue(engineer, LOCAL, 1)).hasMessageContaining("is closed, not open");
        assertThatThrownBy(() -> service.checkBranch(LOCAL, 1, "feature-login")).hasMessageContaining("is closed");
    }

    @Test
    void whatCannotBeAPullRequestIsRefusedWithTheReason() {
        Actor engineer = actor("eve", "engineer@repository:acme/api");
        Actor viewer = actor("vic", "viewer@repository:acme/api");
        service.open(engineer, LOCAL, "feature-a", Optional.empty());

        assertCode(() -> service.open(viewer, LOCAL, "feature-b", Optional.empty()), ErrorCode.PERMISSION_DENIED);
        assertCode(() -> service.open(engineer, LOCAL, "feature-a", Optional.empty()), ErrorCode.ALREADY_EXISTS);
        assertCode(() -> service.open(engineer, LOCAL, "main", Optional.empty()), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> service.open(engineer, LOCAL, "nope", Optional.empty()), ErrorCode.NOT_FOUND);
        assertCode(() -> service.open(engineer, LOCAL, "feature-c", Optional.of("x".repeat(301))),
                ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> service.open(actor("eve", "engineer@repository:acme/web"), ON_GITHUB, "feature-a",
                Optional.empty()), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> service.get(viewer, LOCAL, 9), ErrorCode.NOT_FOUND);
        assertCode(() -> service.close(viewer, LOCAL, 1), ErrorCode.PERMISSION_DENIED);
        assertThat(audit()).filteredOn(record -> record.outcome() == Outcome.DENIED)
                .extracting(AuditRecord::action).containsExactlyInAnyOrder("pull-request.open", "pull-request.close");
    }

    /** The audit log, newest first. */
    private List<AuditRecord> audit() {
        return stores.auditLog().list(AuditQuery.all(), PageRequest.first(100)).items().stream()
                .map(AuditEvent::record).toList();
    }

    private static void assertCode(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(MainlineException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }
}
