package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.ExternalHandles;
import dev.mainline.identity.LinkedAccounts;
import dev.mainline.identity.NewUser;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import dev.mainline.inbox.InboxMessage;
import dev.mainline.mergequeue.MergeQueueService;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.github.FakeGitHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What GitHub does not redeliver is found again: deliveries stored but not handled when the server stopped, a
 * {@code /shipit} whose delivery never came, and CI results whose webhooks were lost.
 */
class GitHubWebhooksTest {
    private static final String SECRET = "a-secret-for-these-tests";

    @TempDir
    Path directory;
    private FakeGitHub github;
    private Stores stores;
    private GitHubMergeQueues queues;
    private GitHubWebhooks webhooks;
    private String main;

    @BeforeEach
    void setUp() {
        github = new FakeGitHub("acme/api", "t");
        main = github.commit(null, "first", Map.of(".mainline.yml", "merge_queue:\n  required_checks: [ci/test]\n"));
        github.push("main", main);
        // GitHub's CI reports its check runs, but no webhook reaches Mainline: none is configured.
        github.runCi("ci/test", sha -> true);
        stores = new InMemoryStores().stores();
        stores.repositories().insert(new NewSourceRepository(new RepositoryName("acme/api"), "main", Forge.GITHUB),
                Instant.now());
        long erin = stores.users().insert(new NewUser("erin", "Erin", new ExternalHandles(Optional.of("erin-gh"),
                Optional.empty(), Optional.empty())), Instant.now()).id();
        stores.grants().insert(erin, Permission.of(Role.ENGINEER, Scope.repository("acme/api")), "root",
                Instant.now());
        GitHubApi api = GitHubApi.create(github.url(), repository -> "Bearer t", Duration.ZERO);
        queues = new GitHubMergeQueues(stores.repositories(), api, directory, Duration.ofHours(1),
                dev.mainline.mergequeue.CiTriage.none(), Clock.systemUTC());
        webhooks = newWebhooks();
    }

    private GitHubWebhooks newWebhooks() {
        Clock clock = Clock.systemUTC();
        return new GitHubWebhooks(new WebhookSignature(SECRET), stores.inbox(), stores.repositories(), queues,
                new MergeQueueService(queues, stores.queueCiRuns(), new Authorizer(stores.auditLog(), clock), clock),
                new LinkedAccounts(stores.users(), stores.grants()), clock);
    }

    @AfterEach
    void tearDown() {
        webhooks.close();
        queues.close();
        github.close();
    }

    private String pullRequest(int number) {
        String head = github.commit(main, "change " + number, Map.of("file-" + number, "x\n"));
        github.push("feature-" + number, head);
        github.openPullRequest(number, "feature-" + number, "erin-gh");
        github.reportCheck(head, "ci/test", "success");
        return head;
    }

    @Test
    void aDeliveryStoredBeforeACrashIsHandledWhenTheServerStartsAgain() {
        String head = pullRequest(1);
        byte[] comment = github.comment(1, "erin-gh", "/shipit");
        // The last process accepted it (GitHub got its 202) and stopped before handling it.
        stores.inbox().accept(InboxMessage.received(GitHubWebhooks.SOURCE, "delivery-1", "issue_comment", comment,
                Instant.now()));

        webhooks.start();

        await("the stored /shipit is handled").atMost(Duration.ofSeconds(20))
                .until(() -> github.reactions(github.lastCommentId()).contains("rocket"));
        // The reaction is added while the delivery is handled; it is marked done right after.
        await("the delivery is marked handled").atMost(Duration.ofSeconds(20))
                .until(() -> stores.inbox().pending(GitHubWebhooks.SOURCE, 10).isEmpty());
        assertThat(stores.inbox().find(GitHubWebhooks.SOURCE, "delivery-1").orElseThrow().outcome())
                .hasValueSatisfying(outcome -> assertThat(outcome).startsWith("queued #1 at " + head));
    }

    @Test
    void reconcilingFindsAShipitWhoseDeliveryNeverCameAndCiResultsWhoseWebhooksWereLost() {
        String head = pullRequest(1);
        github.comment(1, "erin-gh", "/shipit");
        long comment = github.lastCommentId();

        webhooks.reconcile();
        await("the lost /shipit is acted on").atMost(Duration.ofSeconds(20))
                .until(() -> github.reactions(comment).contains("rocket"));

        // The build's check run is on GitHub, but its webhook never came: the next round reads it.
        String merged = await("#1 merges once its checks are read again").atMost(Duration.ofSeconds(30))
                .until(() -> {
                    webhooks.reconcile();
                    return github.branch("main").orElseThrow();
                }, commit -> !commit.equals(main));
        assertThat(github.contains(merged, head)).isTrue();

        webhooks.reconcile();
        assertThat(github.reactions(comment)).as("acted on once").containsExactly("rocket");
    }

    @Test
    void aPullRequestPushedToAfterQueuingLeavesTheQueue() {
        github.stopCi();
        String head = pullRequest(1);
        byte[] shipit = github.comment(1, "erin-gh", "/shipit");
        assertThat(webhooks.receive("issue_comment", "d-1", new WebhookSignature(SECRET).sign(shipit), shipit))
                .isEqualTo(GitHubWebhooks.Receipt.ACCEPTED);
        await().atMost(Duration.ofSeconds(20)).until(() -> queued(1));

        github.push("feature-1", github.commit(head, "more", Map.of("more", "y\n")));
        webhooks.reconcile();

        await("#1 leaves the queue").atMost(Duration.ofSeconds(20)).until(() -> !queued(1));
        // The comment follows its leaving.
        await("the author is told why").atMost(Duration.ofSeconds(20)).until(() -> github.comments(1).stream()
                .anyMatch(reply -> reply.body().contains("new commits were pushed to it")));
    }

    @Test
    void aSuccessfulDeploymentStatusToProductionLetsTheQueueMergePastTheDriftLimit() {
        main = github.commit(main, "keep main near production", Map.of(".mainline.yml", """
                merge_queue:
                  required_checks: [ci/test]
                  ci_budget: 1
                  max_undeployed_merges: 1
                """));
        github.push("main", main);
        String first = pullRequest(1);
        String second = pullRequest(2);
        deliver("issue_comment", "shipit-1", github.comment(1, "erin-gh", "/shipit"));
        deliver("issue_comment", "shipit-2", github.comment(2, "erin-gh", "/shipit"));

        // No check run webhook comes in this test: each reconcile round reads the builds' checks.
        String merged = await("#1 merges").atMost(Duration.ofSeconds(30)).until(() -> {
            webhooks.reconcile();
            return github.branch("main").orElseThrow();
        }, commit -> github.contains(commit, first));
        FakeGitHub.CheckRun waiting = await("#2 is tested and its check run says why it waits")
                .atMost(Duration.ofSeconds(30)).until(() -> {
                    webhooks.reconcile();
                    return github.checkRuns(second, QueueCheckRuns.NAME);
                }, runs -> runs.size() == 1
                        && runs.getFirst().title().endsWith("waiting for a deploy (the drift limit)"))
                .getFirst();
        assertThat(waiting.summary()).contains("The queue is not merging now:",
                "- 1 merge not deployed, limit 1: report a deploy with `mainline deploys report`");

        // Only a success to production counts, and only for a commit of main.
        deliver("deployment_status", "pending", github.deploymentStatusPayload(merged, "production", "pending"));
        deliver("deployment_status", "staging", github.deploymentStatusPayload(merged, "staging", "success"));
        deliver("deployment_status", "not-main", github.deploymentStatusPayload(second, "production", "success"));
        assertThat(outcome("pending")).isEqualTo("nothing to do");
        assertThat(outcome("staging")).endsWith("staging is not production: the drift limit counts deploys to"
                + " production only, so nothing changed; 1 not deployed, limit 1");
        assertThat(outcome("not-main")).contains("refused: commit %s is not on the main branch of acme/api"
                .formatted(second));
        assertThat(github.branch("main")).contains(merged);

        deliver("deployment_status", "production", github.deploymentStatusPayload(merged, "Production", "success"));

        await("#2 merges once #1 runs in production").atMost(Duration.ofSeconds(30))
                .until(() -> github.contains(github.branch("main").orElseThrow(), second));
        assertThat(outcome("production")).endsWith("of %s to Production: 1 merge deployed; 1 not deployed, limit 1"
                .formatted(merged));
        assertThat(stores.auditLog().list(new dev.mainline.audit.AuditQuery(Optional.of("github:deployments"),
                Optional.of("queue.report-deploy"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()), dev.mainline.common.PageRequest.firstPage()).items())
                .as("audited as GitHub's deployments").hasSize(2);
    }

    /** Delivers a signed delivery, as GitHub sends it. */
    private void deliver(String event, String deliveryId, byte[] payload) {
        assertThat(webhooks.receive(event, deliveryId, new WebhookSignature(SECRET).sign(payload), payload))
                .isEqualTo(GitHubWebhooks.Receipt.ACCEPTED);
    }

    /** What became of a delivery, once it is handled. */
    private String outcome(String deliveryId) {
        return await("delivery " + deliveryId + " is handled").atMost(Duration.ofSeconds(20))
                .until(() -> stores.inbox().find(GitHubWebhooks.SOURCE, deliveryId)
                        .flatMap(InboxMessage::outcome), Optional::isPresent)
                .orElseThrow();
    }

    @Test
    void anEditedCommentIsNeverACommand() {
        pullRequest(1);
        github.comment(1, "erin-gh", "looks good to me");
        long comment = github.lastCommentId();
        github.editComment(comment, "/shipit --emergency");

        webhooks.reconcile();
        // The round also starts the repository's queue, as at boot.
        await("the round ends").atMost(Duration.ofSeconds(20))
                .until(() -> queues.ifRunning(new RepositoryName("acme/api")).isPresent()
                        && Files.exists(queues.directory(new RepositoryName("acme/api"))
                                .resolve(GitHubWebhooks.COMMENTS_MARK)));

        assertThat(github.reactions(comment)).isEmpty();
        assertThat(github.comments(1)).extracting(FakeGitHub.Comment::author).doesNotContain("mainline[bot]");
        assertThat(queued(1)).isFalse();
    }

    @Test
    void aForgedDeliveryIsRefusedAndNothingIsStored() {
        byte[] comment = github.comment(1, "erin-gh", "/shipit");

        assertThatThrownBy(() -> webhooks.receive("issue_comment", "forged", "sha256=" + "ab".repeat(32), comment))
                .isInstanceOf(GitHubWebhooks.SignatureRejectedException.class);
        assertThat(stores.inbox().find(GitHubWebhooks.SOURCE, "forged")).isEmpty();
    }

    private boolean queued(int pullRequest) {
        return queues.ifRunning(new RepositoryName("acme/api")).map(running -> running.runner()
                .query(engine -> engine.entries().stream().anyMatch(entry -> entry.pullRequest() == pullRequest))
                .join()).orElse(false);
    }
}
