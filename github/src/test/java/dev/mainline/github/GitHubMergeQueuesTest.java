package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.github.FakeGitHub;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A GitHub repository's queue starts from the .mainline.yml on its main branch, and an invalid one says why. */
class GitHubMergeQueuesTest {
    private static final RepositoryName NAME = new RepositoryName("acme/api");

    @TempDir
    Path directory;
    private FakeGitHub github;
    private GitHubMergeQueues queues;

    @BeforeEach
    void setUp() {
        github = new FakeGitHub(NAME.value(), "t");
        SourceRepositoryStore repositories = new InMemoryStores().stores().repositories();
        repositories.insert(new NewSourceRepository(NAME, "main", Forge.GITHUB), Instant.now());
        GitHubApi api = GitHubApi.create(github.url(), repository -> "Bearer t", Duration.ZERO);
        queues = new GitHubMergeQueues(repositories, api, directory, Duration.ofHours(1),
                dev.mainline.mergequeue.CiTriage.none(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        queues.close();
        github.close();
    }

    @Test
    void anInvalidSettingsFileKeepsTheQueueFromStartingAndNamesTheLine() {
        github.push("main", github.commit(null, "first", Map.of(".mainline.yml", """
                merge_queue:
                  required_checks: [build]
                  batch_sise: 4
                """)));

        assertThatThrownBy(() -> queues.queue(NAME))
                .isInstanceOfSatisfying(MainlineException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.QUEUE_NOT_RUNNING))
                .hasMessageContaining("the merge queue of acme/api does not run")
                .hasMessageContaining("batch_sise")
                .hasMessageContaining("line 3");
    }

    @Test
    void theQueueStartsWithTheFileOnMainAndAgainWhenItChanges() {
        String first = github.commit(null, "first", Map.of(".mainline.yml", """
                merge_queue:
                  required_checks: [build]
                  required_approvals: 2
                """));
        github.push("main", first);

        GitHubMergeQueues.Running running = queues.started(NAME);
        assertThat(running.settings().requiredChecks()).containsExactly("build");
        assertThat(running.settings().requiredApprovals()).isEqualTo(2);

        github.push("main", github.commit(first, "relax", Map.of(".mainline.yml", """
                merge_queue:
                  required_approvals: 1
                """)));
        queues.restart(NAME);

        assertThat(queues.started(NAME).settings().requiredApprovals()).isEqualTo(1);
        assertThat(queues.started(NAME).settings().requiredChecks()).isEmpty();
    }

    @Test
    void aRepositoryWithoutItsMainBranchOnGitHubSaysSo() {
        assertThatThrownBy(() -> queues.queue(NAME))
                .isInstanceOf(MainlineException.class)
                .hasMessageContaining("acme/api has no branch 'main' on GitHub");
    }
}
