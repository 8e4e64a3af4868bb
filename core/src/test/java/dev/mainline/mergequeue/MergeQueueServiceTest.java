package dev.mainline.mergequeue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.TestingCore;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Permission;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The merge queue as people drive it: every action by every role, with the refusals audited. */
class MergeQueueServiceTest {
    private static final RepositoryName REPOSITORY = new RepositoryName("acme/api");

    private final TestingCore core = new TestingCore();
    private final TestingMergeRepository repository = new TestingMergeRepository();
    private final TestingCi ci = new TestingCi();
    private final TestingQueueCiRuns ciRuns = new TestingQueueCiRuns();
    private final QueueRunner runner = new QueueRunner("acme/api",
            MergeQueueEngine.start(QueueConfiguration.defaults(), core.clock().instant(), "m0"), repository, ci,
            EventJournal.none(), Clock.systemUTC(), new QueueRunner.Observer() {
            });
    private final MergeQueueService service = new MergeQueueService(new MergeQueues() {
        @Override
        public QueueRunner queue(RepositoryName name) {
            if (!name.equals(REPOSITORY)) {
                throw MainlineException.notFound("repository '%s' has no merge queue", name);
            }
            return runner;
        }

        @Override
        public String head(RepositoryName name, String branch) {
            if (!branch.startsWith("feature-")) {
                throw MainlineException.notFound("branch '%s' does not exist in %s", branch, name);
            }
            return "head-of-" + branch;
        }
    }, ciRuns, core.authorizer(), core.clock());

    {
        runner.start();
    }

    @AfterEach
    void stop() {
        runner.stop();
    }

    private static Actor actor(String login, String permission) {
        return new Actor(login.hashCode(), login, Channel.API, List.of(Permission.parse(permission)),
                Optional.empty());
    }

    @Test
    void queuedPullRequestIsTestedAndShownWithItsPositionAndEstimate() {
        Actor engineer = actor("eve", "engineer@repository:acme/api");

        QueueStatus status = service.enqueue(engineer, REPOSITORY, 12, "feature-login", Priority.NORMAL);

        assertThat(status.main()).isEqualTo("m0");
        assertThat(status.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.position()).isEqualTo(1);
            assertThat(entry.pullRequest()).isEqualTo(12);
            assertThat(entry.head()).isEqualTo("head-of-feature-login");
            assertThat(entry.author()).isEqualTo("eve");
            assertThat(entry.expectedMergeAt()).isPresent();
        });
        assertThat(status.buildsInFlight()).isEqualTo(1);
        assertThat(lastAudit().action()).isEqualTo("queue.enqueue");
        assertThat(lastAudit().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(lastAudit().target()).isEqualTo("repository:acme/api#12");
    }

    @Test
    void everyActionByEveryRole() {
        Map<String, Actor> roles = Map.of(
                "viewer", actor("vic", "viewer@repository:acme/api"),
                "engineer", actor("eve", "engineer@repository:acme/api"),
                "release-manager", actor("rita", "release-manager@repository:acme/api"),
                "admin", actor("ada", "admin@global"),
                "engineer elsewhere", actor("olga", "engineer@repository:acme/web"));
        Map<String, List<String>> allowed = Map.of(
                "viewer", List.of("status", "history"),
                "engineer", List.of("status", "history", "enqueue", "dequeue"),
                "release-manager", List.of("status", "history", "enqueue", "enqueue urgent", "dequeue", "lock",
                        "unlock", "emergency merge"),
                "admin", List.of("status", "history", "enqueue", "enqueue urgent", "dequeue", "lock", "unlock",
                        "emergency merge"),
                "engineer elsewhere", List.of());
        Map<String, Consumer<Actor>> actions = new java.util.LinkedHashMap<>();
        actions.put("status", actor -> service.status(actor, REPOSITORY));
        actions.put("history", actor -> {
            service.enqueue(roles.get("admin"), REPOSITORY, 5, "feature-e", Priority.NORMAL);
            assertThat(service.history(actor, REPOSITORY, 5)).isNotEmpty();
        });
        actions.put("enqueue", actor -> service.enqueue(actor, REPOSITORY, 1, "feature-a", Priority.NORMAL));
        actions.put("enqueue urgent", actor -> service.enqueue(actor, REPOSITORY, 2, "feature-b", Priority.URGENT));
        actions.put("dequeue", actor -> {
            service.enqueue(roles.get("admin"), REPOSITORY, 3, "feature-c", Priority.NORMAL);
            service.dequeue(actor, REPOSITORY, 3, "not ready");
        });
        actions.put("lock", actor -> service.lock(actor, REPOSITORY, "incident 7"));
        actions.put("unlock", actor -> service.unlock(actor, REPOSITORY));
        actions.put("emergency merge", actor -> service.emergencyMerge(actor, REPOSITORY, 4, "feature-d", "fix"));

        for (Map.Entry<String, Actor> role : roles.entrySet()) {
            for (Map.Entry<String, Consumer<Actor>> action : actions.entrySet()) {
                boolean mayDo = allowed.get(role.getKey()).contains(action.getKey());
                int before = core.auditLog().records().size();
                if (mayDo) {
                    action.getValue().accept(role.getValue());
                } else {
                    assertThatThrownBy(() -> action.getValue().accept(role.getValue()))
                            .as("%s may not %s", role.getKey(), action.getKey())
                            .isInstanceOf(MainlineException.class)
                            .hasMessageContaining("requires role");
                    List<AuditRecord> added = core.auditLog().records()
                            .subList(before, core.auditLog().records().size());
                    assertThat(added).as("the refusal is audited").anySatisfy(record -> {
                        assertThat(record.actor()).isEqualTo(role.getValue().login());
                        assertThat(record.outcome()).isEqualTo(Outcome.DENIED);
                    });
                }
            }
        }
    }

    @Test
    void lockStopsMergingUntilUnlockedAndEmergencyMergeLandsAtOnce() throws Exception {
        Actor manager = actor("rita", "release-manager@repository:acme/api");
        service.enqueue(manager, REPOSITORY, 5, "feature-e", Priority.NORMAL);
        assertThat(service.lock(manager, REPOSITORY, "incident 7").lockReason()).hasValueSatisfying(
                reason -> assertThat(reason).contains("incident 7"));

        ci.finishAll(CiOutcome.PASSED);
        QueueStatus locked = service.status(manager, REPOSITORY);
        assertThat(locked.main()).isEqualTo("m0");
        assertThat(locked.entries()).extracting(QueueStatus.Entry::pullRequest).containsExactly(5);

        QueueStatus unlocked = service.unlock(manager, REPOSITORY);
        assertThat(unlocked.entries()).isEmpty();
        assertThat(repository.main()).isNotEqualTo("m0");

        QueueStatus emergency = service.emergencyMerge(manager, REPOSITORY, 6, "feature-hotfix", "outage");
        assertThat(emergency.main()).contains("head-of-feature-hotfix");
        assertThat(lastAudit().action()).isEqualTo("queue.emergency-merge");
    }

    @Test
    void badRequestsAreRefusedWithAReasonAndChangeNothing() {
        Actor engineer = actor("eve", "engineer@repository:acme/api");

        assertThatThrownBy(() -> service.enqueue(engineer, REPOSITORY, 7, "no-such-branch", Priority.NORMAL))
                .isInstanceOf(MainlineException.class).hasMessageContaining("branch 'no-such-branch' does not exist");
        assertThatThrownBy(() -> service.enqueue(engineer, REPOSITORY, 0, "feature-x", Priority.NORMAL))
                .isInstanceOf(MainlineException.class).hasMessageContaining("pullRequest must be a positive number");
        assertThatThrownBy(() -> service.dequeue(engineer, REPOSITORY, 99, "gone"))
                .isInstanceOf(MainlineException.class).hasMessageContaining("#99 is not in the merge queue");
        assertThat(service.status(engineer, REPOSITORY).entries()).isEmpty();
    }

    private AuditRecord lastAudit() {
        List<AuditRecord> records = core.auditLog().records();
        return records.getLast();
    }
}
