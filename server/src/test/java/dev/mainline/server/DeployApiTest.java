package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.cli.MainlineCommand;
import dev.mainline.local.SampleRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * The drift limit over real HTTP on a local repository with its real CI (issue 16): with
 * {@code max_undeployed_merges: 2} two pull requests merge, the rest wait and the queue says why, and deploys reported
 * through the API and the CLI let the rest merge.
 */
class DeployApiTest extends ServerTestSupport {
    private static final String REPOSITORY = "deploy-test/service";
    private static final String QUEUE = "/api/v1/repositories/" + REPOSITORY + "/queue";
    private static final String DEPLOYS = "/api/v1/repositories/" + REPOSITORY + "/deploys";
    private static final String DRIFT = "2 merges not deployed, limit 2: report a deploy with `mainline deploys report`";

    @TempDir
    Path clone;

    @Test
    void mergingStopsAtTheDriftLimitSaysWhyAndGoesOnOnceDeploysAreReported() throws Exception {
        TestingApi api = api();
        String admin = adminToken();
        assertThat(api.post("/api/v1/repositories", admin, Map.of("name", REPOSITORY, "forge", "local")).status())
                .isEqualTo(201);
        Path bare = DATA_DIR.resolve("repositories/" + REPOSITORY + ".git");
        SampleRepository.create(bare, 7, Map.of(), Set.of()).repository().close();
        pushSettings(bare, """
                merge_queue:
                  ci_budget: 1
                  max_undeployed_merges: 2
                ci:
                  command: sh test.sh
                  timeout: 1m
                """);
        String engineer = userWithToken("dana", Map.of("role", "engineer", "scope", "repository:" + REPOSITORY));
        String viewer = userWithToken("vance", Map.of("role", "viewer", "scope", "repository:" + REPOSITORY));

        Instant queuedAt = Instant.now();
        for (int pullRequest = 1; pullRequest <= 5; pullRequest++) {
            TestingApi.Response queued = api.post(QUEUE + "/entries", engineer,
                    Map.of("pullRequest", pullRequest, "branch", "pr-" + pullRequest));
            assertThat(queued.status()).as(queued.body()).isEqualTo(201);
            if (pullRequest == 1) {
                assertThat(queued.json().path("entries").path(0).hasNonNull("expectedMergeAt")).isTrue();
            }
            assertThat(queued.json().path("entries")).filteredOn(entry -> entry.hasNonNull("expectedMergeAt"))
                    .allSatisfy(entry -> assertThat(Instant.parse(entry.path("expectedMergeAt").asString()))
                            .as("never in the past").isAfterOrEqualTo(queuedAt));
        }

        // One at a time (one CI run at a time), #1 and #2 merge; the rest are tested and wait.
        JsonNode stalled = await("two merge, then the drift limit holds the rest").atMost(Duration.ofMinutes(1))
                .until(() -> api.get(QUEUE, viewer).json(), status -> status.path("undeployedMerges").asInt() == 2
                        && status.path("entries").size() == 3 && status.path("buildsInFlight").asInt() == 0);
        assertThat(stalled.path("locked").asBoolean()).isFalse();
        assertThat(stalled.path("maxUndeployedMerges").asInt()).isEqualTo(2);
        assertThat(stalled.path("waitingOn")).anySatisfy(reason -> {
            assertThat(reason.path("reason").asString()).isEqualTo("drift-limit");
            assertThat(reason.path("detail").asString()).isEqualTo(DRIFT);
        });
        assertThat(stalled.path("entries")).extracting(entry -> entry.path("pullRequest").asInt())
                .containsExactly(3, 4, 5);
        assertThat(stalled.path("entries")).as("no time while the drift limit holds")
                .allSatisfy(entry -> assertThat(entry.hasNonNull("expectedMergeAt")).isFalse());
        String main = stalled.path("main").asString();
        String firstMerge = firstParent(bare, main);

        // Refused, each with its reason, and nothing changes.
        TestingApi.Response byViewer = api.post(DEPLOYS, viewer, Map.of("environment", "production", "commit", main));
        assertThat(byViewer.status()).isEqualTo(403);
        assertThat(byViewer.json().path("detail").asString()).contains("queue.report-deploy", "engineer");
        TestingApi.Response notASha = api.post(DEPLOYS, engineer, Map.of("environment", "production", "commit",
                "main"));
        assertThat(notASha.status()).isEqualTo(400);
        assertThat(notASha.code()).isEqualTo("invalid-argument");
        assertThat(notASha.json().path("detail").asString()).contains("commit 'main' is not a commit SHA");
        assertThat(api.post(DEPLOYS, engineer, Map.of("environment", "production", "commit", main, "sha", main))
                .code()).as("an unknown field").isEqualTo("malformed-request");
        assertThat(api.post(DEPLOYS, engineer, Map.of("commit", main)).json().path("detail").asString())
                .contains("environment is required");
        String nowhere = "0123456789abcdef0123456789abcdef01234567";
        TestingApi.Response unknown = api.post(DEPLOYS, engineer, Map.of("environment", "production", "commit",
                nowhere));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asString())
                .contains("commit " + nowhere + " is not on the main branch of " + REPOSITORY);
        assertThat(api.get(QUEUE, viewer).json().path("undeployedMerges").asInt()).isEqualTo(2);
        JsonNode denied = api.get("/api/v1/audit?actorLogin=vance&outcome=denied", admin).json().path("items");
        assertThat(denied).extracting(event -> event.path("action").asString()).contains("queue.report-deploy");

        // The first merge, which main has gone past, is deployed: one merge more may land, and #3, #4 and #5, all
        // tested together while they waited, land in it.
        TestingApi.Response older = api.post(DEPLOYS, engineer, Map.of("environment", "production", "commit",
                firstMerge));
        assertThat(older.status()).as(older.body()).isEqualTo(200);
        assertThat(older.json().path("mergesDeployed").asInt()).isEqualTo(1);
        assertThat(older.json().path("detail").asString()).isEqualTo("1 merge deployed; 2 not deployed, limit 2");
        JsonNode second = older.json().path("queue");
        assertThat(second.path("entries")).isEmpty();
        assertThat(second.path("waitingOn")).extracting(reason -> reason.path("detail").asString())
                .containsExactly(DRIFT);

        for (int pullRequest = 6; pullRequest <= 7; pullRequest++) {
            assertThat(api.post(QUEUE + "/entries", engineer, Map.of("pullRequest", pullRequest, "branch",
                    "pr-" + pullRequest)).status()).isEqualTo(201);
        }
        await("#6 and #7 are tested and wait").atMost(Duration.ofMinutes(1))
                .until(() -> api.get(QUEUE, viewer).json(), status -> status.path("buildsInFlight").asInt() == 0);
        Run waiting = cli(viewer, "queue", "status", "--repo=" + REPOSITORY);
        assertThat(waiting.exitCode()).as(waiting.err()).isZero();
        assertThat(waiting.out()).contains("\"reason\" : \"drift-limit\"", DRIFT, "\"pullRequest\" : 6");

        String newMain = second.path("main").asString();
        Run reported = cli(engineer, "deploys", "report", "--repo=" + REPOSITORY, "--environment", "production",
                "--commit", newMain);
        assertThat(reported.exitCode()).as(reported.err()).isZero();
        assertThat(reported.out()).contains("\"mergesDeployed\" : 2", "\"environment\" : \"production\"",
                "1 not deployed, limit 2");
        JsonNode done = api.get(QUEUE, viewer).json();
        assertThat(done.path("entries")).as("#6 and #7 merged").isEmpty();
        assertThat(done.path("undeployedMerges").asInt()).isEqualTo(1);
        assertThat(done.path("waitingOn")).isEmpty();

        JsonNode audit = api.get("/api/v1/audit?actorLogin=dana&outcome=succeeded", admin).json().path("items");
        assertThat(StreamSupport.stream(audit.spliterator(), false)
                .filter(event -> event.path("action").asString().equals("queue.report-deploy"))
                .map(event -> event.path("detail").asString()))
                .containsExactlyInAnyOrder(
                        firstMerge + " deployed to production: 1 merge deployed; 2 not deployed, limit 2",
                        newMain + " deployed to production: 2 merges deployed; 1 not deployed, limit 2");
    }

    /** Someone clones the repository, changes its settings on main and pushes. */
    private void pushSettings(Path bare, String settings) throws Exception {
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call()) {
            Files.writeString(clone.resolve(".mainline.yml"), settings, StandardCharsets.UTF_8);
            git.add().addFilepattern(".mainline.yml").call();
            PersonIdent ada = new PersonIdent("ada", "ada@example.com");
            git.commit().setMessage("Limit how far main runs ahead of production").setAuthor(ada).setCommitter(ada)
                    .call();
            git.push().call();
        }
    }

    private static String firstParent(Path bare, String commit) throws Exception {
        try (Repository repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
                RevWalk walk = new RevWalk(repository)) {
            RevCommit parsed = walk.parseCommit(repository.resolve(commit));
            return parsed.getParent(0).name();
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run cli(String token, String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--server=http://127.0.0.1:" + port, "--token=" + token));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = MainlineCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }
}
