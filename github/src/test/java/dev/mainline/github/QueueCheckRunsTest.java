package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import dev.mainline.testing.github.FakeGitHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's check runs say why the queue is not merging, and when a pull request should merge, never in the past. */
class QueueCheckRunsTest {
    private static final RepositoryName NAME = new RepositoryName("acme/api");
    private static final String CHECK_RUN_UPDATE = "PATCH /repos/acme/api/check-runs/";

    @TempDir
    Path directory;
    private final TestingClock clock = new TestingClock();
    private FakeGitHub github;
    private GitHubMergeQueues queues;
    private String main;

    @BeforeEach
    void setUp() {
        github = new FakeGitHub("acme/api", "t");
        main = github.commit(null, "first", Map.of(".mainline.yml", """
                merge_queue:
                  required_checks: [ci/test]
                  ci_budget: 1
                """));
        github.push("main", main);
        // CI is slow today: no build reports.
        github.stopCi();
        Stores stores = new InMemoryStores().stores();
        stores.repositories().insert(new NewSourceRepository(NAME, "main", Forge.GITHUB), clock.instant());
        queues = new GitHubMergeQueues(stores.repositories(), GitHubApi.create(github.url(), repository -> "Bearer t",
                Duration.ZERO), directory, Duration.ofHours(2), CiTriage.none(), clock);
    }

    @AfterEach
    void tearDown() {
        queues.close();
        github.close();
    }

    @Test
    void anEstimateThatOnlyMovedWithTheClockIsNotRewrittenUntilTheShownOneHasPassed() {
        GitHubMergeQueues.Running running = queues.started(NAME);
        String first = queue(running, 1);
        String second = queue(running, 2);
        running.checkRuns().refresh();
        await("both check runs are shown").atMost(Duration.ofSeconds(20)).until(() -> github.checkRuns(second,
                QueueCheckRuns.NAME).size() == 1 && github.checkRuns(first, QueueCheckRuns.NAME).size() == 1);
        // 09:00 now; #1's build ends by 09:20, #2 needs its slot and then as long again.
        assertThat(summary(first)).contains("by 2026-01-05T09:20:00Z",
                "The queue is not merging now:\n- waiting on CI: #1, first in line, is being tested in 1 build\n"
                        + "- CI budget full: 1 of 1 builds running; #2 waits for a slot");
        assertThat(summary(second)).contains("by 2026-01-05T09:40:00Z");
        refreshed(running);
        long updates = updates();

        clock.advance(Duration.ofMinutes(5));
        refreshed(running);
        assertThat(updates()).as("09:45 would do as well as 09:40, still ahead").isEqualTo(updates);
        assertThat(summary(second)).contains("by 2026-01-05T09:40:00Z");

        clock.advance(Duration.ofMinutes(40));
        refreshed(running);
        assertThat(summary(first)).as("09:20 is past: as soon as it passes").contains("by 2026-01-05T09:45:00Z");
        assertThat(summary(second)).contains("by 2026-01-05T10:25:00Z");
    }

    private String queue(GitHubMergeQueues.Running running, int pullRequest) {
        String head = github.commit(main, "change " + pullRequest, Map.of("file-" + pullRequest, "x\n"));
        github.push("feature-" + pullRequest, head);
        github.openPullRequest(pullRequest, "feature-" + pullRequest, "erin-gh");
        running.checkRuns().track(pullRequest, head);
        running.runner().submit(new QueueEvent.Enqueued(clock.instant(), pullRequest, head, "erin", Priority.NORMAL,
                0.9)).join();
        return head;
    }

    /** Refreshes the check runs and waits until that is done: a comment asked for after it has been made. */
    private void refreshed(GitHubMergeQueues.Running running) {
        running.checkRuns().refresh();
        String marker = "refreshed at " + clock.instant();
        running.checkRuns().announce(1, marker);
        await("the refresh is done").atMost(Duration.ofSeconds(20))
                .until(() -> github.comments(1).stream().anyMatch(comment -> comment.body().equals(marker)));
    }

    private long updates() {
        return github.requests().stream().filter(request -> request.startsWith(CHECK_RUN_UPDATE)).count();
    }

    private String summary(String head) {
        return github.checkRuns(head, QueueCheckRuns.NAME).getFirst().summary();
    }
}
