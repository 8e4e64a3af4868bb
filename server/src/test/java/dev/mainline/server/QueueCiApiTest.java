package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.local.SampleRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The queue's own CI, end to end through the real server on a real local repository: a build's CI command writes a
 * JUnit report and a log; afterwards its failing test is in test analytics with the build's commit, its log is in the
 * archive and found by the build's branch, and each result in the pull request's queue history links to both.
 */
class QueueCiApiTest extends ServerTestSupport {
    private static final String REPOSITORY = "queue-ci/app";
    private static final String QUEUE = "/api/v1/repositories/" + REPOSITORY + "/queue";
    private static final String TEST_SCRIPT = """
            #!/bin/sh
            mkdir -p build
            echo "running the sample tests of $MAINLINE_COMMIT"
            if grep -q BROKEN src/*.txt; then
              echo "FAIL no_broken_files: $(grep -l BROKEN src/*.txt) is broken on purpose"
              result='<failure message="a source file is BROKEN">expected no BROKEN file</failure>'; status=1
            else
              result=''; status=0
            fi
            cat > build/TEST-sample.xml <<XML
            <testsuite name="SampleTests" tests="2">
              <testcase name="features_are_features" classname="SampleTests"/>
              <testcase name="no_broken_files" classname="SampleTests">$result</testcase>
            </testsuite>
            XML
            exit $status
            """;
    private static final String MAINLINE_YML = """
            merge_queue:
              strategy: speculative
              failure_tolerance: 1
              ci_budget: 4
            ci:
              command: sh test.sh
              timeout: 1m
              concurrency: 4
              reports: "build/TEST-*.xml"
            """;

    @Test
    void aBuildsLogAndReportsAreKeptLabelledAndTheQueueHistoryLinksToThem() throws Exception {
        TestingApi api = api();
        String admin = adminToken();
        assertThat(api.post("/api/v1/repositories", admin, Map.of("name", REPOSITORY, "forge", "local")).status())
                .isEqualTo(201);
        SampleRepository sample = SampleRepository.create(DATA_DIR.resolve("repositories/" + REPOSITORY + ".git"), 3,
                Map.of(), Set.of(2));
        try (Repository repository = sample.repository()) {
            replaceOnMain(repository, Map.of("test.sh", TEST_SCRIPT, ".mainline.yml", MAINLINE_YML));
        }
        String engineer = userWithToken("cid", Map.of("role", "engineer", "scope", "repository:" + REPOSITORY));
        String viewer = userWithToken("cora", Map.of("role", "viewer", "scope", "repository:" + REPOSITORY));
        for (int number = 1; number <= 3; number++) {
            TestingApi.Response opened = api.post("/api/v1/repositories/" + REPOSITORY + "/pull-requests", engineer,
                    Map.of("branch", "pr-" + number, "title", "change " + number));
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            assertThat(api.post(QUEUE + "/entries", engineer, Map.of("pullRequest", number)).status())
                    .isEqualTo(201);
        }
        await("the queue empties").atMost(Duration.ofMinutes(2))
                .until(() -> api.get(QUEUE, viewer).json(), status -> status.path("entries").isEmpty());

        // #2 breaks the test: every result in its history links the run it came from.
        JsonNode history = api.get(QUEUE + "/pull-requests/2/history", viewer).json();
        assertThat(history).extracting(line -> line.path("kind").asString()).contains("ejected")
                .doesNotContain("merged");
        List<JsonNode> failed = lines(history, "test_failed");
        assertThat(failed).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("ci").path("build").asLong()).isEqualTo(line.path("build").asLong());
            assertThat(line.path("ci").path("outcome").asString()).isEqualTo("failed");
            assertThat(line.path("ci").path("pullRequests")).extracting(JsonNode::asInt).endsWith(2);
        });
        JsonNode first = failed.getFirst().path("ci");
        assertThat(first.path("branch").asString()).isEqualTo("mainline/builds/" + first.path("build").asLong());
        String commit = first.path("commit").asString();

        // The log: kept with the build's labels, its text there, found by the build's branch.
        TestingApi.Response log = api.get(first.path("log").asString(), viewer);
        assertThat(log.status()).as(log.body()).isEqualTo(200);
        assertThat(log.json().path("job").asString()).isEqualTo("merge-queue");
        assertThat(log.json().path("commit").asString()).isEqualTo(commit);
        assertThat(log.json().path("branch").asString()).isEqualTo(first.path("branch").asString());
        assertThat(log.json().path("pullRequest").asInt()).isEqualTo(2);
        assertThat(log.json().path("attempt").asInt()).isEqualTo(first.path("attempt").asInt());
        assertThat(log.json().path("outcome").asString()).isEqualTo("failure");
        assertThat(api.get(log.json().path("text").asString(), viewer).body()).contains("running the sample tests of "
                + commit, "is broken on purpose");
        JsonNode found = await("the log is searchable").atMost(Duration.ofSeconds(30)).until(() -> api.get(
                "/api/v1/logs/search?q=broken+on+purpose&repository=" + REPOSITORY + "&branch="
                        + first.path("branch").asString(),
                viewer).json(),
                search -> search.path("matches").size() > 0);
        assertThat(found.path("matches")).allSatisfy(match -> assertThat(match.path("log").path("pullRequest")
                .asInt()).isEqualTo(2));
        TestingApi.Response buildLogs = api.get(first.path("buildLogs").asString(), viewer);
        assertThat(buildLogs.status()).isEqualTo(200);
        assertThat(buildLogs.json()).extracting(listed -> listed.path("id").asLong())
                .contains(log.json().path("id").asLong());

        // The report: in test analytics as if CI had uploaded it, with the build's commit and #2's author.
        String testRunLink = first.path("testRun").asString();
        TestingApi.Response testRun = await("the report is stored").atMost(Duration.ofSeconds(30))
                .until(() -> api.get(testRunLink, viewer), response -> response.status() == 200);
        assertThat(testRun.json().path("commit").asString()).isEqualTo(commit);
        assertThat(testRun.json().path("branch").asString()).isEqualTo(first.path("branch").asString());
        assertThat(testRun.json().path("pullRequest").asInt()).isEqualTo(2);
        assertThat(testRun.json().path("author").asString()).as("who opened #2").isEqualTo("cid");
        assertThat(testRun.json().path("tests").asInt()).isEqualTo(2);
        JsonNode failure = testRun.json().path("failures").path(0);
        assertThat(testRun.json().path("failures")).hasSize(1);
        assertThat(failure.path("name").asString()).isEqualTo("no_broken_files");
        assertThat(failure.path("message").asString()).isEqualTo("a source file is BROKEN");
        TestingApi.Response test = api.get(failure.path("test").asString(), viewer);
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.json().path("latestFailures")).extracting(latest -> latest.path("run").asLong())
                .contains(failure.path("report").asLong());
        // Builds with #2 failed and builds without it passed: the queue caught #2, the test is not flaky for it.
        assertThat(test.json().path("health").asString()).isNotEqualTo("flaky");
        JsonNode trends = api.get("/api/v1/repositories/" + REPOSITORY + "/test-trends?days=1", viewer).json();
        assertThat(trends.path(0).path("jobs").asInt()).as("the queue's CI runs count as CI jobs").isPositive();
        assertThat(trends.path(0).path("failedJobs").asInt()).isPositive();

        // #1 passed: its result links a passing run's log and report too.
        JsonNode passed = lines(api.get(QUEUE + "/pull-requests/1/history", viewer).json(), "test_passed")
                .getLast().path("ci");
        assertThat(passed.path("outcome").asString()).isEqualTo("passed");
        assertThat(passed.path("pullRequests")).extracting(JsonNode::asInt).containsExactly(1);
        assertThat(api.get(passed.path("log").asString(), viewer).json().path("outcome").asString())
                .isEqualTo("success");
        await("its report is stored").atMost(Duration.ofSeconds(30))
                .until(() -> api.get(passed.path("testRun").asString(), viewer).status() == 200);
        assertThat(lines(api.get(QUEUE + "/pull-requests/1/history", viewer).json(), "enqueued").getFirst()
                .has("ci")).isFalse();
    }

    private static List<JsonNode> lines(JsonNode history, String kind) {
        return StreamSupport.stream(history.spliterator(), false)
                .filter(line -> line.path("kind").asString().equals(kind)).toList();
    }

    /** A commit on main, as someone pushing would, that replaces {@code files} and keeps every other. */
    private static void replaceOnMain(Repository repository, Map<String, String> files) throws Exception {
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            RevCommit main = walk.parseCommit(repository.resolve(Constants.R_HEADS + "main"));
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            try (TreeWalk tree = new TreeWalk(repository)) {
                tree.addTree(main.getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    if (!files.containsKey(tree.getPathString())) {
                        DirCacheEntry entry = new DirCacheEntry(tree.getPathString());
                        entry.setFileMode(tree.getFileMode(0));
                        entry.setObjectId(tree.getObjectId(0));
                        builder.add(entry);
                    }
                }
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(
                        StandardCharsets.UTF_8)));
                builder.add(entry);
            }
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setParentId(main);
            PersonIdent ident = new PersonIdent("ada", "ada@example.com", Instant.now(), ZoneOffset.UTC);
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage("Tests write a JUnit report\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
            update.setNewObjectId(id);
            update.setExpectedOldObjectId(main);
            assertThat(update.update(walk)).isEqualTo(RefUpdate.Result.FAST_FORWARD);
        }
    }
}
