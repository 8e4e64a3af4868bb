package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.testing.github.FakeGitHub;
import dev.mainline.testing.github.FakeGitHub.CheckRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * GitHub mode's contract, end to end over real HTTP: GitHub (a fake speaking its REST API and sending signed
 * webhooks, its repository real git) talks to a real Mainline server, which authenticates as a GitHub App. Bad signatures are refused, redeliveries
 * ignored, {@code /shipit} accepted or refused with the reasons, the queue's check run kept current, and a
 * fast-forward GitHub refuses (422, because someone pushed to main) handled as a lost race and retried.
 */
@SpringBootTest(classes = MainlineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class GitHubModeContractTest {
    private static final String SECRET = "a-webhook-secret-of-some-length";
    private static final String REPOSITORY = "acme/shop";
    private static final String QUEUE_CHECK = "Mainline merge queue";
    private static final FakeGitHub GITHUB = new FakeGitHub(REPOSITORY, "a-token-nobody-is-given");
    private static final Path DATA_DIR = temporaryDirectory();
    private static final Path APP_KEY = appKey();
    private static String adminToken;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mainline.data-dir", DATA_DIR::toString);
        registry.add("mainline.github.webhook-secret", () -> SECRET);
        registry.add("mainline.github.app-id", () -> "4242");
        registry.add("mainline.github.private-key-file", APP_KEY::toString);
        registry.add("mainline.github.api-url", () -> GITHUB.url().toString());
        registry.add("mainline.github.mutation-spacing", () -> "0s");
        registry.add("mainline.releases.apps.shop-app.repository", () -> REPOSITORY);
        registry.add("mainline.releases.apps.shop-app.regression-workflow", () -> "regression.yml");
    }

    @AfterAll
    static void stopGitHub() {
        GITHUB.close();
    }

    @BeforeEach
    void pointWebhooksHere() {
        GITHUB.webhooks(URI.create("http://127.0.0.1:%d/api/v1/github/webhooks".formatted(port)), SECRET);
    }

    @Test
    void deliveriesWithoutTheRightSignatureAreRefusedAndRedeliveriesIgnored() {
        byte[] ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1,\"repository\":{\"full_name\":\"acme/shop\"}}"
                .getBytes(StandardCharsets.UTF_8);
        String delivery = UUID.randomUUID().toString();

        assertThat(GITHUB.deliver("ping", delivery, ping, null)).isEqualTo(401);
        assertThat(GITHUB.deliver("ping", delivery, ping, "sha256=" + "0".repeat(64))).isEqualTo(401);
        byte[] changed = "{\"zen\":\"changed on the way\",\"repository\":{\"full_name\":\"acme/shop\"}}"
                .getBytes(StandardCharsets.UTF_8);
        String signedForPing = signatureOf(ping);
        assertThat(GITHUB.deliver("ping", delivery, changed, signedForPing)).isEqualTo(401);

        // Nothing refused was stored: the same delivery id, properly signed, is new.
        assertThat(GITHUB.deliver("ping", delivery, ping)).isEqualTo(202);
        assertThat(GITHUB.deliver("ping", delivery, ping)).as("a redelivery").isEqualTo(200);
        assertThat(GITHUB.deliver("issue_comment", UUID.randomUUID().toString(),
                "{not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(400);
    }

    /** Last but one: the other tests register the repository themselves, after setting up its main branch. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1)
    void theJobLogsOfACompletedWorkflowRunAreKeptBeforeGitHubDropsThem() {
        String admin = adminToken();
        TestingApi api = new TestingApi(port);
        int registered = api.post("/api/v1/repositories", admin, Map.of("name", REPOSITORY, "forge", "github"))
                .status();
        assertThat(registered).isIn(201, 409);
        String sha = "3484a3fb816e0859fd6e1cea078d76385ff50625";
        GITHUB.workflowJob(9001, 2, 501, "test (ubuntu-latest)", sha, "failure", """
                2026-11-24T18:00:01.0000000Z Run ./gradlew test
                2026-11-24T18:00:09.0000000Z java.lang.IllegalStateException: inventory 12 is locked
                2026-11-24T18:00:09.0000000Z \tat com.acme.shop.Inventory.reserve(Inventory.java:88)
                """);
        GITHUB.workflowJob(9001, 2, 502, "lint", sha, "success", "lint passed\n");
        GITHUB.workflowJob(9001, 2, 503, "expired", sha, "success", null);
        byte[] completed = GITHUB.workflowRunPayload(9001, 2, "CI", sha, "failure", 7);

        assertThat(GITHUB.deliver("workflow_run", UUID.randomUUID().toString(), completed)).isEqualTo(202);
        await("both logs are kept").atMost(Duration.ofSeconds(20)).until(() -> api
                .get("/api/v1/logs?repository=" + REPOSITORY, admin).json().size() == 2);
        // Delivered again (GitHub redelivers, or someone asks it to): nothing is kept twice.
        assertThat(GITHUB.deliver("workflow_run", UUID.randomUUID().toString(), completed)).isEqualTo(202);
        await("the redelivery is handled").atMost(Duration.ofSeconds(20)).until(() -> GITHUB.requests().stream()
                .filter(request -> request.equals("GET /_job-logs/502")).count() == 2);

        JsonNode logs = api.get("/api/v1/logs?repository=" + REPOSITORY, admin).json();
        assertThat(logs).hasSize(2);
        JsonNode test = java.util.stream.StreamSupport.stream(logs.spliterator(), false)
                .filter(log -> log.path("job").asString().equals("CI / test (ubuntu-latest)")).findFirst()
                .orElseThrow();
        assertThat(test.path("attempt").asInt()).isEqualTo(2);
        assertThat(test.path("pullRequest").asInt()).isEqualTo(7);
        assertThat(test.path("commit").asString()).isEqualTo(sha);
        assertThat(test.path("outcome").asString()).isEqualTo("failure");
        assertThat(test.path("finishedAt").asString()).isEqualTo("2026-11-24T18:05:00Z");
        assertThat(api.get(test.path("text").asString(), admin).body()).contains("inventory 12 is locked");
    }

    /** After the job logs test, which expects the repository's only logs to be its own. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void aReleaseIsCutOnGitHubItsRegressionRunsThereAndTheRunsResultAndLogsAreTheReleases() {
        String admin = adminToken();
        TestingApi api = new TestingApi(port);
        assertThat(api.post("/api/v1/repositories", admin, Map.of("name", REPOSITORY, "forge", "github")).status())
                .isIn(201, 409);
        assertThat(api.post("/api/v1/apps", admin, Map.of("key", "shop-app", "displayName", "Shop", "platforms",
                List.of("android"))).status()).isEqualTo(201);
        if (GITHUB.branch("main").isEmpty()) {
            GITHUB.push("main", GITHUB.commit(null, "first", Map.of("README.md", "shop\n")));
        }
        String main = GITHUB.branch("main").orElseThrow();
        String fix = GITHUB.commit(main, "Merge pull request #41 from acme/fix\n\nSHOP-7 fix the basket",
                Map.of("basket.txt", "fixed\n"));
        GITHUB.push("main", fix);

        TestingApi.Response cut = api.post("/api/v1/apps/shop-app/releases", admin, Map.of("platform", "android",
                "version", "3.0.0"));
        assertThat(cut.status()).as(cut.body()).isEqualTo(201);
        long id = cut.json().path("id").asLong();
        assertThat(GITHUB.branch("release/3.0.0")).as("the branch is cut on GitHub").contains(fix);
        JsonNode contents = api.get("/api/v1/releases/%d/contents".formatted(id), admin).json();
        assertThat(contents.toString()).contains("SHOP-7").contains("\"pullRequest\":41");

        api.post("/api/v1/releases/%d/actions".formatted(id), admin, Map.of("action", "record-build", "build",
                "300"));
        TestingApi.Response refused = api.post("/api/v1/releases/%d/actions".formatted(id), admin, Map.of("action",
                "run-regression"));
        assertThat(refused.status()).as("GitHub has no such workflow").isEqualTo(409);
        assertThat(refused.code()).isEqualTo("forge-refused");
        GITHUB.workflow("regression.yml");
        TestingApi.Response started = api.post("/api/v1/releases/%d/actions".formatted(id), admin, Map.of("action",
                "run-regression"));
        assertThat(started.json().path("state").asString()).as(started.body()).isEqualTo("regression-running");
        assertThat(GITHUB.dispatches()).containsExactly("regression.yml@release/3.0.0");

        GITHUB.workflowJob(9100, 1, 601, "ui-tests", fix, "release/3.0.0", "success", "312 UI tests passed\n");
        byte[] completed = GITHUB.workflowRunPayload(9100, 1, "Regression", ".github/workflows/regression.yml",
                "workflow_dispatch", "release/3.0.0", fix, "success", 0);
        assertThat(GITHUB.deliver("workflow_run", UUID.randomUUID().toString(), completed)).isEqualTo(202);
        await("the run's result is the release's").atMost(Duration.ofSeconds(20)).until(() -> api
                .get("/api/v1/releases/" + id, admin).json().path("state").asString().equals("regression-passed"));
        await("the run's log is the release's").atMost(Duration.ofSeconds(20)).until(() -> api
                .get("/api/v1/releases/3.0.0/logs", admin).json().path("logs").size() == 1);
        JsonNode log = api.get("/api/v1/releases/3.0.0/logs", admin).json().path("logs").get(0);
        assertThat(log.path("job").asString()).isEqualTo("Regression / ui-tests");
        assertThat(log.path("kind").asString()).isEqualTo("release");
        assertThat(api.get("/api/v1/releases/%d/history".formatted(id), admin).json().toString())
                .contains("ci:github-actions").contains("https://github.com/acme/shop/actions/runs/9100");
    }

    @Test
    void shipitQueuesAcceptedPullRequestsRefusesOthersWithReasonsAndSurvivesALostRace() {
        String admin = adminToken();
        TestingApi api = new TestingApi(port);
        String main = GITHUB.commit(null, "first", Map.of("README.md", "shop\n", ".mainline.yml", """
                merge_queue:
                  required_checks: [ci/test]
                  required_approvals: 1
                """));
        GITHUB.push("main", main);
        GITHUB.runCi("ci/test", sha -> GITHUB.file(sha, "BROKEN").isEmpty());
        assertThat(api.post("/api/v1/repositories", admin, Map.of("name", REPOSITORY, "forge", "github")).status())
                .isEqualTo(201);
        user(api, "erin", "erin-gh", "engineer");
        user(api, "vic", "vic-gh", "viewer");

        String good = pullRequest(1, "erin-gh", Map.of("feature.txt", "one\n"));
        GITHUB.review(1, "rev", "APPROVED");
        GITHUB.reportCheck(good, "ci/test", "success");
        pullRequest(2, "erin-gh", Map.of("draft.txt", "two\n")).length();
        GITHUB.pullRequest(2).draft = true;
        GITHUB.review(2, "drive-by", "APPROVED", "NONE");
        String viewers = pullRequest(4, "vic-gh", Map.of("four.txt", "4\n"));
        GITHUB.review(4, "rev", "APPROVED");
        GITHUB.reportCheck(viewers, "ci/test", "success");

        // Someone pushes straight to main just before the queue's fast-forward: GitHub answers 422.
        String hotfix = GITHUB.commit(main, "hotfix", Map.of("hotfix.txt", "fix\n"));
        GITHUB.beforeNextUpdate("main", () -> GITHUB.push("main", hotfix));

        byte[] shipit = GITHUB.comment(1, "erin-gh", "/shipit");
        long shipitComment = GITHUB.lastCommentId();
        String shipitDelivery = UUID.randomUUID().toString();
        assertThat(GITHUB.deliver("issue_comment", shipitDelivery, shipit)).isEqualTo(202);
        await("the /shipit is acknowledged").atMost(Duration.ofSeconds(20))
                .until(() -> GITHUB.reactions(shipitComment), reactions -> reactions.contains("rocket"));

        String merged = await("#1 merges after the lost race").atMost(Duration.ofSeconds(30))
                .until(() -> GITHUB.branch("main").orElseThrow(),
                        head -> !head.equals(hotfix) && !head.equals(main) && GITHUB.contains(head, good));
        assertThat(GITHUB.contains(merged, hotfix)).as("built again on the pushed main").isTrue();
        assertThat(GITHUB.history("main")).containsExactly(main, hotfix, merged);
        assertThat(GITHUB.checkRuns(merged, "ci/test")).extracting(CheckRun::conclusion).contains("success");
        assertThat(GITHUB.requests())
                .filteredOn(request -> request.equals("PATCH /repos/acme/shop/git/refs/heads/main"))
                .hasSize(2);

        // The queue's check run on #1 followed it in and says so.
        CheckRun queueRun = await("#1's check run concludes").atMost(Duration.ofSeconds(20))
                .until(() -> GITHUB.checkRuns(good, QUEUE_CHECK),
                        runs -> runs.size() == 1 && "success".equals(runs.getFirst().conclusion()))
                .getFirst();
        assertThat(queueRun.byApp()).isTrue();
        assertThat(queueRun.title()).isEqualTo("Merged into main");
        assertThat(queueRun.text()).contains("enqueued", "test passed", "merge refused", "merged");

        // A redelivery of the same delivery, and a second delivery of the same comment, do nothing.
        assertThat(GITHUB.deliver("issue_comment", shipitDelivery, shipit)).isEqualTo(200);
        assertThat(GITHUB.deliver("issue_comment", UUID.randomUUID().toString(), shipit)).isEqualTo(202);

        // Refusals, each with its reasons, on the pull request.
        assertThat(GITHUB.deliver("issue_comment", UUID.randomUUID().toString(),
                GITHUB.comment(2, "erin-gh", "/shipit"))).isEqualTo(202);
        assertThat(GITHUB.deliver("issue_comment", UUID.randomUUID().toString(),
                GITHUB.comment(4, "vic-gh", "/shipit"))).isEqualTo(202);
        assertThat(GITHUB.deliver("issue_comment", UUID.randomUUID().toString(),
                GITHUB.comment(4, "stranger", "/shipit"))).isEqualTo(202);
        assertThat(GITHUB.deliver("issue_comment", UUID.randomUUID().toString(),
                GITHUB.comment(4, "erin-gh", "/shipit now please"))).isEqualTo(202);

        List<String> draftReplies = replies(2, 1);
        assertThat(draftReplies.getFirst()).startsWith("@erin-gh #2 cannot join the merge queue:")
                .contains("it is a draft", "it needs 1 approving review and has 0",
                        "the required check `ci/test` has not reported");
        List<String> fourReplies = replies(4, 3);
        assertThat(fourReplies).anySatisfy(reply -> assertThat(reply).startsWith("@vic-gh")
                .contains("queue.enqueue", "engineer"));
        assertThat(fourReplies).anySatisfy(reply -> assertThat(reply).startsWith("@stranger")
                .contains("not linked to a Mainline user"));
        assertThat(fourReplies).anySatisfy(reply -> assertThat(reply).startsWith("@erin-gh")
                .contains("`/shipit now please` is not a command"));
        assertThat(GITHUB.reactions(shipitComment)).containsExactly("rocket");
        assertThat(GITHUB.checkRuns(viewers, QUEUE_CHECK)).isEmpty();
        assertThat(GITHUB.branch("main")).contains(merged);

        // A pull request that conflicts with what merged is ejected: its check run fails and a comment says why.
        String conflicting = GITHUB.commit(main, "change 3", Map.of("feature.txt", "three\n"));
        GITHUB.push("feature-3", conflicting);
        GITHUB.openPullRequest(3, "feature-3", "erin-gh");
        GITHUB.review(3, "rev", "APPROVED");
        GITHUB.reportCheck(conflicting, "ci/test", "success");
        assertThat(GITHUB.deliver("issue_comment", UUID.randomUUID().toString(),
                GITHUB.comment(3, "erin-gh", "/shipit"))).isEqualTo(202);
        assertThat(replies(3, 1).getFirst()).startsWith("#3 was ejected from the merge queue:")
                .contains("feature.txt");
        CheckRun ejected = await("#3's check run fails").atMost(Duration.ofSeconds(20))
                .until(() -> GITHUB.checkRuns(conflicting, QUEUE_CHECK),
                        runs -> runs.size() == 1 && "failure".equals(runs.getFirst().conclusion()))
                .getFirst();
        assertThat(ejected.title()).isEqualTo("Ejected from the merge queue");
        assertThat(GITHUB.branch("main")).contains(merged);

        // The API shows the same queue, and the audit log has who did what through GitHub.
        TestingApi.Response status = api.get("/api/v1/repositories/acme/shop/queue", admin);
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().path("main").asString()).isEqualTo(merged);
        assertThat(api.get("/api/v1/audit?target=repository:acme/shop%231", admin).json().path("items"))
                .anySatisfy(event -> assertThat(event.path("channel").asString()).isEqualTo("github"));

        // GitHub's word that main runs in production is a deploy report: what main ran ahead by no longer counts.
        assertThat(status.json().path("undeployedMerges").asInt()).as("the hotfix and #1").isEqualTo(2);
        assertThat(GITHUB.deliver("deployment_status", UUID.randomUUID().toString(),
                GITHUB.deploymentStatusPayload(merged, "production", "success"))).isEqualTo(202);
        JsonNode deployed = await("the deploy is reported").atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/api/v1/audit?actorLogin=github:deployments&action=queue.report-deploy", admin)
                        .json().path("items"), items -> items.size() == 1);
        assertThat(deployed.path(0).path("detail").asString())
                .isEqualTo(merged + " deployed to production: 2 merges deployed");
        assertThat(api.get("/api/v1/repositories/acme/shop/queue", admin).json().path("undeployedMerges").asInt())
                .isZero();
    }

    /** Bot replies on a pull request, once {@code count} have come. */
    private static List<String> replies(int pullRequest, int count) {
        return await("replies on #" + pullRequest).atMost(Duration.ofSeconds(20))
                .until(() -> GITHUB.comments(pullRequest).stream()
                        .filter(comment -> comment.author().equals("mainline[bot]"))
                        .map(FakeGitHub.Comment::body).toList(), bodies -> bodies.size() >= count);
    }

    private static String pullRequest(int number, String author, Map<String, String> files) {
        String head = GITHUB.commit(GITHUB.branch("main").orElseThrow(), "change " + number, files);
        GITHUB.push("feature-" + number, head);
        GITHUB.openPullRequest(number, "feature-" + number, author);
        return head;
    }

    private void user(TestingApi api, String login, String githubLogin, String role) {
        assertThat(api.post("/api/v1/users", adminToken(), Map.of("login", login, "displayName", login,
                "githubLogin", githubLogin)).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/users/" + login + "/grants", adminToken(),
                Map.of("role", role, "scope", "repository:" + REPOSITORY)).status()).isEqualTo(201);
    }

    private synchronized String adminToken() {
        if (adminToken == null) {
            Map<String, String> body = new HashMap<>(
                    Map.of("bootstrapToken", ServerTestSupport.readBootstrapToken(DATA_DIR),
                            "login", "root", "displayName", "Root"));
            TestingApi.Response response = new TestingApi(port).post("/api/v1/bootstrap", null, body);
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            adminToken = response.json().path("token").path("secret").asString();
        }
        return adminToken;
    }

    private static String signatureOf(byte[] payload) {
        return new dev.mainline.github.WebhookSignature(SECRET).sign(payload);
    }

    /** Mainline authenticates as a GitHub App, with the key as GitHub hands it out. */
    private static Path appKey() {
        GITHUB.installApp("4242");
        try {
            return Files.writeString(DATA_DIR.resolve("github-app.pem"), GITHUB.appPrivateKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("mainline-github-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
