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
                "engineer", List.of("status", "history", "enqueue", "dequeue", "report deploy"),
                "release-manager", List.of("status", "history", "enqueue", "enqueue urgent", "dequeue", "lock",
                        "unlock", "emergency merge", "report deploy"),
                "admin", List.of("status", "history", "enqueue", "enqueue urgent", "dequeue", "lock", "unlock",
                        "emergency merge", "report deploy"),
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
        actions.put("report deploy", actor -> service.deployed(actor, REPOSITORY, "staging", "ab".repeat(20)));

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

    @Test
    void aProductionDeployLetsTheQueueMergePastTheDriftLimitUpToTheCommitDeployedWhereverMainIs() {
        ShaHistory history = new ShaHistory();
        TestingCi deployCi = new TestingCi();
        QueueRunner drifting = new QueueRunner("acme/web", MergeQueueEngine.start(QueueConfiguration.defaults()
                .withCiBudget(1).withMaxExclusions(0).withMaxUndeployedMerges(2), core.clock().instant(),
                history.main()), history, deployCi, EventJournal.none(), Clock.systemUTC(),
                new QueueRunner.Observer() {
                });
        RepositoryName web = new RepositoryName("acme/web");
        MergeQueueService deploys = new MergeQueueService(new MergeQueues() {
            @Override
            public QueueRunner queue(RepositoryName name) {
                return drifting;
            }

            @Override
            public String head(RepositoryName name, String branch) {
                throw MainlineException.notFound("no branches here");
            }
        }, new TestingQueueCiRuns(), core.authorizer(), core.clock());
        drifting.start();
        try {
            Actor engineer = actor("eve", "engineer@repository:acme/web");
            for (int pullRequest = 1; pullRequest <= 3; pullRequest++) {
                deploys.enqueueCommit(engineer, web, pullRequest, "head-" + pullRequest, Priority.NORMAL, "test",
                        "eve");
            }
            deployCi.finishAll(CiOutcome.PASSED);
            String first = deploys.status(engineer, web).main();
            // Two commits pushed to main outside the queue: it hears of the second only when its next merge loses
            // the race, and counts it as a merge.
            String pushedFirst = history.push("pushed 1");
            String pushedSecond = history.push("pushed 2");
            deployCi.finishAll(CiOutcome.PASSED);

            QueueStatus stalled = deploys.status(engineer, web);
            assertThat(stalled.main()).isEqualTo(pushedSecond);
            assertThat(stalled.undeployedMerges()).isEqualTo(2);
            assertThat(stalled.waitingOn()).extracting(WaitingOn::detail)
                    .contains("2 merges not deployed, limit 2: report a deploy with `mainline deploys report`");
            assertThat(stalled.entries()).extracting(QueueStatus.Entry::pullRequest).containsExactly(2, 3);
            assertThat(stalled.entries()).allSatisfy(entry -> assertThat(entry.expectedMergeAt()).isEmpty());

            int audited = core.auditLog().records().size();
            assertThatThrownBy(() -> deploys.deployed(engineer, web, "production", ShaHistory.sha("elsewhere")))
                    .isInstanceOf(MainlineException.class)
                    .hasMessageContaining("commit %s is not on the main branch of acme/web", ShaHistory.sha(
                            "elsewhere"));
            assertThatThrownBy(() -> deploys.deployed(engineer, web, "production", "v1.2.3"))
                    .isInstanceOf(MainlineException.class).hasMessageContaining("commit 'v1.2.3' is not a commit SHA");
            assertThatThrownBy(() -> deploys.deployed(engineer, web, " ", pushedFirst))
                    .isInstanceOf(MainlineException.class).hasMessageContaining("environment must not be blank");
            assertThat(core.auditLog().records()).as("refusals change nothing").hasSize(audited);
            assertThat(deploys.status(engineer, web).undeployedMerges()).isEqualTo(2);

            // The first pushed commit holds the queue's first merge, not the second push.
            DeployReport olderThanMain = deploys.deployed(engineer, web, "Production", pushedFirst.toUpperCase());
            assertThat(olderThanMain.commit()).isEqualTo(pushedFirst);
            assertThat(olderThanMain.mergesDeployed()).isEqualTo(1);
            assertThat(olderThanMain.detail()).isEqualTo("1 merge deployed; 1 not deployed, limit 2");
            assertThat(olderThanMain.queue().waitingOn()).extracting(WaitingOn::reason)
                    .doesNotContain(WaitingOn.Reason.DRIFT_LIMIT);
            assertThat(lastAudit().action()).isEqualTo("queue.report-deploy");
            assertThat(lastAudit().detail()).isEqualTo(
                    pushedFirst + " deployed to Production: 1 merge deployed; 1 not deployed, limit 2");
            assertThat(deploys.deployed(engineer, web, "production", first).detail())
                    .as("an older deploy reported late").isEqualTo(first
                            + " is older than the 1 merge not deployed; nothing changed; 1 not deployed, limit 2");

            deployCi.finishAll(CiOutcome.PASSED);
            QueueStatus second = deploys.status(engineer, web);
            assertThat(second.entries()).extracting(QueueStatus.Entry::pullRequest).containsExactly(3);
            assertThat(second.undeployedMerges()).isEqualTo(2);

            DeployReport staging = deploys.deployed(engineer, web, "staging", second.main());
            assertThat(staging.mergesDeployed()).isZero();
            assertThat(staging.detail()).startsWith("staging is not production");
            DeployReport everything = deploys.deployed(engineer, web, "production", second.main());
            assertThat(everything.mergesDeployed()).isEqualTo(2);
            assertThat(everything.queue().undeployedMerges()).isZero();
            deployCi.finishAll(CiOutcome.PASSED);
            assertThat(deploys.status(engineer, web).entries()).isEmpty();
        } finally {
            drifting.stop();
        }
    }

    /** A repository whose commits are SHA-1s that know their parent: deploys take only real commit ids. */
    private static final class ShaHistory implements MergeRepository {
        private final Map<String, String> parents = new java.util.HashMap<>();
        private String main = sha("root");

        static String sha(String text) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Someone pushes a commit straight to main. */
        synchronized String push(String message) {
            String commit = sha(message);
            parents.put(commit, main);
            main = commit;
            return commit;
        }

        @Override
        public synchronized String main() {
            return main;
        }

        @Override
        public synchronized SpeculativeCommit build(BuildId build, String base, List<EntryRef> entries) {
            String current = base;
            for (EntryRef entry : entries) {
                String merged = sha(current + " + " + entry.head());
                parents.put(merged, current);
                current = merged;
            }
            return new SpeculativeCommit.Built(current);
        }

        @Override
        public synchronized MainUpdate advanceMain(String expected, String target) {
            if (!main.equals(expected)) {
                return new MainUpdate.LostRace(main);
            }
            main = target;
            return new MainUpdate.Advanced(target);
        }

        @Override
        public void release(BuildId build) {
        }

        @Override
        public synchronized boolean reaches(String tip, String commit) {
            for (String current = tip; current != null; current = parents.get(current)) {
                if (current.equals(commit)) {
                    return true;
                }
            }
            return false;
        }
    }

    private AuditRecord lastAudit() {
        List<AuditRecord> records = core.auditLog().records();
        return records.getLast();
    }
}
