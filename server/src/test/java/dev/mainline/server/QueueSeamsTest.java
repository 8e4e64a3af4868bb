package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.testing.git.LocalGit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The merge queue's seams, tried as a new user tried them (issue 16), through the real server on a real repository
 * on disk: restarts, pushes to main outside the queue, a bad {@code .mainline.yml}, and who a queued pull request
 * belongs to. Each test starts its own server, so it can stop and start it.
 */
class QueueSeamsTest {
    private static final String REPOSITORY = "seams/app";
    private static final String QUEUE = "/api/v1/repositories/seams/app/queue";
    private static final String PULL_REQUESTS = "/api/v1/repositories/seams/app/pull-requests";
    private static final String TEST_SCRIPT = """
            #!/bin/sh
            if grep -rq BROKEN src 2>/dev/null; then echo "FAIL: something is broken"; exit 1; fi
            echo "all tests passed"
            """;

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext server;
    private TestingApi api;
    private String admin;
    private LocalGit git;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String settings(String queueSettings) {
        return """
                merge_queue:
                %s
                ci:
                  command: sh test.sh
                  timeout: 1m
                """.formatted(queueSettings.indent(2).stripTrailing());
    }

    private void start() {
        server = MainlineServer.start("--server.port=0", "--mainline.data-dir=" + dataDir);
        api = new TestingApi(Integer.parseInt(server.getEnvironment().getProperty("local.server.port")));
    }

    private void restart() {
        server.close();
        server = null;
        start();
    }

    /** A server, an administrator, and a registered local repository whose main has {@code queueSettings}. */
    private void startWithRepository(String queueSettings) {
        start();
        TestingApi.Response bootstrapped = api.post("/api/v1/bootstrap", null, Map.of("bootstrapToken",
                ServerTestSupport.readBootstrapToken(dataDir), "login", "root", "displayName", "Root"));
        assertThat(bootstrapped.status()).as(bootstrapped.body()).isEqualTo(201);
        admin = bootstrapped.json().path("token").path("secret").asString();
        TestingApi.Response registered = api.post("/api/v1/repositories", admin,
                Map.of("name", REPOSITORY, "forge", "local"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        git = LocalGit.create(Path.of(registered.json().path("pushTo").asString()),
                Map.of(".mainline.yml", settings(queueSettings), "test.sh", TEST_SCRIPT, "src/app.txt", "app\n"));
    }

    /** A user with {@code role} on the repository, and their token. */
    private String user(String login, String role) {
        assertThat(api.post("/api/v1/users", admin, Map.of("login", login, "displayName", login)).status())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/users/" + login + "/grants", admin,
                Map.of("role", role, "scope", "repository:" + REPOSITORY)).status()).isEqualTo(201);
        return api.post("/api/v1/users/" + login + "/tokens", admin, Map.of("name", "test")).json().path("secret")
                .asString();
    }

    /** Opens a pull request from a new branch holding {@code changes}; returns its number. */
    private int openPullRequest(String token, String branch, Map<String, String> changes) {
        git.branch(branch, changes, "Change " + branch, "someone");
        TestingApi.Response opened = api.post(PULL_REQUESTS, token, Map.of("branch", branch));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json().path("number").asInt();
    }

    private TestingApi.Response enqueue(String token, int number) {
        return api.post(QUEUE + "/entries", token, Map.of("pullRequest", number));
    }

    private JsonNode history(int number) {
        return api.get(QUEUE + "/pull-requests/" + number + "/history", admin).json();
    }

    private List<String> kinds(int number) {
        return history(number).valueStream().map(line -> line.path("kind").asString()).toList();
    }

    private JsonNode status() {
        TestingApi.Response status = api.get(QUEUE, admin);
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        return status.json();
    }

    private JsonNode awaitStatus(String what, Predicate<JsonNode> done) {
        return await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(this::status, done);
    }

    private static boolean idle(JsonNode status) {
        return status.path("entries").isEmpty() && status.path("buildsInFlight").asInt() == 0;
    }

    private long mergesOf(int number) {
        return git.mainHistory().stream().filter(message -> message.startsWith("Merge #" + number + " ")).count();
    }

    private String pullRequestState(int number) {
        return api.get(PULL_REQUESTS + "/" + number, admin).json().path("state").asString();
    }

    @Test
    void aRestartAfterAPushToMainDoesNotMergeAPullRequestTwice() {
        // One build at a time: the build that merges #1 is the last thing the journal hears of.
        startWithRepository("ci_budget: 1");
        int first = openPullRequest(admin, "feature", Map.of("src/feature.txt", "feature\n"));
        assertThat(enqueue(admin, first).status()).isEqualTo(201);
        await("#1 merges").atMost(Duration.ofSeconds(60))
                .until(() -> git.reaches(git.head("main"), git.head("feature")));
        server.close();
        server = null;
        String fix = git.pushToMain(Map.of("src/app.txt", "app, fixed\n"), "Fix straight on main");
        start();

        JsonNode status = awaitStatus("the queue resumes", QueueSeamsTest::idle);
        assertThat(status.path("main").asString()).isEqualTo(fix);
        assertThat(git.head("main")).isEqualTo(fix);
        assertThat(mergesOf(first)).isEqualTo(1);
        assertThat(kinds(first)).filteredOn("merged"::equals).hasSize(1);
        assertThat(pullRequestState(first)).isEqualTo("merged");

        // The same when the merged pull request changed the settings, so the next use starts the queue again.
        int second = openPullRequest(admin, "settings", Map.of(".mainline.yml", settings("ci_budget: 3"),
                "src/second.txt", "second\n"));
        assertThat(enqueue(admin, second).status()).isEqualTo(201);
        await("#2 merges").atMost(Duration.ofSeconds(60))
                .until(() -> git.reaches(git.head("main"), git.head("settings")));
        String again = git.pushToMain(Map.of("src/app.txt", "app, fixed twice\n"), "Another fix");
        assertThat(awaitStatus("the queue takes #2's settings", QueueSeamsTest::idle).path("main").asString())
                .isEqualTo(again);
        assertThat(mergesOf(second)).isEqualTo(1);
        assertThat(kinds(second)).filteredOn("merged"::equals).hasSize(1);
    }

    @Test
    void pullRequestsWaitingOnTheDriftLimitMergeOnceWhenAPushToMainLiftsIt() {
        startWithRepository("ci_budget: 4\nmax_undeployed_merges: 1");
        List<Integer> numbers = List.of(
                openPullRequest(admin, "one", Map.of("src/one.txt", "one\n")),
                openPullRequest(admin, "two", Map.of("src/two.txt", "two\n")),
                openPullRequest(admin, "three", Map.of("src/three.txt", "three\n")));
        numbers.forEach(number -> assertThat(enqueue(admin, number).status()).isEqualTo(201));
        await("#1 merges and the others pass, waiting on the drift limit").atMost(Duration.ofSeconds(60))
                .until(() -> kinds(1).contains("merged") && kinds(2).contains("test_passed")
                        && kinds(3).contains("test_passed"));
        assertThat(status().path("entries")).hasSize(2);

        git.pushToMain(Map.of(".mainline.yml", settings("ci_budget: 4")), "Lift the drift limit");

        awaitStatus("the queue empties", QueueSeamsTest::idle);
        for (int number : numbers) {
            String head = git.head(List.of("one", "two", "three").get(number - 1));
            assertThat(git.reaches(git.head("main"), head)).as("#%d is on main", number).isTrue();
            assertThat(mergesOf(number)).as("merges of #%d", number).isEqualTo(1);
            assertThat(kinds(number)).last().isEqualTo("merged");
            assertThat(pullRequestState(number)).isEqualTo("merged");
        }
    }

    @Test
    void aBadConfigurationIsRefusedWhenQueuedAndOneOnMainLeavesTheQueueRunningOnItsLastGoodSettings() {
        startWithRepository("ci_budget: 2");
        String typo = settings("ci_budget: 2\nfailure_tolerence: 2");
        int bad = openPullRequest(admin, "typo", Map.of(".mainline.yml", typo));
        TestingApi.Response refused = enqueue(admin, bad);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("detail").asString()).contains("failure_tolerence", "line 3");
        assertThat(status().path("entries")).isEmpty();

        git.pushToMain(Map.of(".mainline.yml", typo), "Typo pushed straight to main");
        JsonNode running = status();
        assertThat(running.path("settingsProblem").asString()).contains("failure_tolerence", "line 3");
        JsonNode told = api.get("/api/v1/audit?action=queue.settings-refused", admin).json().path("items");
        assertThat(told).as("administrators are told in the audit log").hasSize(1);
        assertThat(told.path(0).path("detail").asString()).contains("last good settings", "failure_tolerence");
        assertThat(api.put(QUEUE + "/lock", admin, Map.of("reason", "checking")).status()).isEqualTo(200);
        assertThat(api.delete(QUEUE + "/lock", admin).status()).isEqualTo(200);
        int good = openPullRequest(admin, "good", Map.of("src/good.txt", "good\n"));
        assertThat(enqueue(admin, good).status()).isEqualTo(201);
        int removed = openPullRequest(admin, "removed", Map.of("src/removed.txt", "removed\n"));
        assertThat(api.put(QUEUE + "/lock", admin, Map.of("reason", "hold")).status()).isEqualTo(200);
        assertThat(enqueue(admin, removed).status()).isEqualTo(201);
        assertThat(api.delete(QUEUE + "/entries/" + removed, admin).status()).isEqualTo(200);
        assertThat(api.delete(QUEUE + "/lock", admin).status()).isEqualTo(200);
        awaitStatus("#%d merges on the last good settings".formatted(good), QueueSeamsTest::idle);
        assertThat(kinds(good)).last().isEqualTo("merged");

        restart();
        assertThat(status().path("settingsProblem").asString()).contains("failure_tolerence");
        int urgent = openPullRequest(admin, "hotfix", Map.of("src/hotfix.txt", "hotfix\n"));
        TestingApi.Response emergency = api.post(QUEUE + "/emergency-merges", admin,
                Map.of("pullRequest", urgent, "reason", "incident"));
        assertThat(emergency.status()).as(emergency.body()).isEqualTo(201);
        await("the emergency merge lands").atMost(Duration.ofSeconds(60))
                .until(() -> git.reaches(git.head("main"), git.head("hotfix")));

        git.pushToMain(Map.of(".mainline.yml", settings("ci_budget: 2")), "Fix the typo");
        assertThat(status().path("settingsProblem").asString("")).isEmpty();
    }

    @Test
    void thePullRequestsAuthorIsTheEntrysAuthorWhoeverQueuesIt() {
        startWithRepository("ci_budget: 2");
        String quinn = user("quinn", "engineer");
        int number = openPullRequest(quinn, "quinns", Map.of("src/quinn.txt", "quinn\n"));
        assertThat(api.put(QUEUE + "/lock", admin, Map.of("reason", "hold")).status()).isEqualTo(200);

        JsonNode queued = enqueue(admin, number).json();

        assertThat(queued.path("entries").path(0).path("author").asString()).isEqualTo("quinn");
        assertThat(api.get("/api/v1/audit?action=queue.enqueue", admin).json().path("items").path(0)
                .path("detail").asString()).contains("by quinn");
    }
}
