package dev.mainline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.testing.InMemoryStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMergeQueuesTest {
    private static final RepositoryName NAME = new RepositoryName("acme/api");

    @TempDir
    Path directory;

    @Test
    void aChangedMainlineYmlRestartsTheQueueWithItAndAnInvalidOneLeavesItOnItsLastGoodSettings() throws Exception {
        SourceRepositoryStore repositories = new InMemoryStores().stores().repositories();
        repositories.insert(new NewSourceRepository(NAME, "main", Forge.LOCAL), Instant.now());
        try (LocalMergeQueues queues = new LocalMergeQueues(repositories, new InMemoryStores().stores().pullRequests(),
                directory.resolve("repositories"),
                directory.resolve("queues"), dev.mainline.mergequeue.CiTriage.none(), Clock.systemUTC())) {
            Repository repository = SampleRepository.create(queues.location(NAME), 2, Map.of(), Set.of())
                    .repository();
            QueueRunner first = queues.queue(NAME);
            assertThat(first.query(engine -> engine.configuration().ciBudget()).get()).isEqualTo(4);
            assertThat(queues.queue(NAME)).as("unchanged settings, same queue").isSameAs(first);

            commitSettings(repository, "merge_queue:\n  ci_budget: 2\nci:\n  command: sh test.sh\n");
            QueueRunner second = queues.queue(NAME);
            assertThat(second).isNotSameAs(first);
            assertThat(second.query(engine -> engine.configuration().ciBudget()).get()).isEqualTo(2);

            commitSettings(repository, "merge_queue:\n  ci_budget: two\n");
            QueueRunner third = queues.queue(NAME);
            assertThat(third).as("the queue goes on with its last good settings").isSameAs(second);
            assertThat(third.query(engine -> engine.configuration().ciBudget()).get()).isEqualTo(2);
            assertThat(queues.settingsProblem(NAME)).hasValueSatisfying(problem -> assertThat(problem)
                    .contains(".mainline.yml line 2: ci_budget must be a whole number"));
            repository.close();
        }
        // A new server on the same data keeps running on the last good settings and still says what is wrong.
        try (LocalMergeQueues queues = new LocalMergeQueues(repositories, new InMemoryStores().stores().pullRequests(),
                directory.resolve("repositories"),
                directory.resolve("queues"), dev.mainline.mergequeue.CiTriage.none(), Clock.systemUTC())) {
            assertThat(queues.queue(NAME).query(engine -> engine.configuration().ciBudget()).get()).isEqualTo(2);
            assertThat(queues.settingsProblem(NAME)).hasValueSatisfying(problem -> assertThat(problem)
                    .contains("line 2"));
        }
    }

    @Test
    void aRepositoryWhoseMainNeverHadGoodSettingsSaysWhyItsQueueDoesNotRun() throws Exception {
        SourceRepositoryStore repositories = new InMemoryStores().stores().repositories();
        repositories.insert(new NewSourceRepository(NAME, "main", Forge.LOCAL), Instant.now());
        try (LocalMergeQueues queues = new LocalMergeQueues(repositories, new InMemoryStores().stores().pullRequests(),
                directory.resolve("repositories"),
                directory.resolve("queues"), dev.mainline.mergequeue.CiTriage.none(), Clock.systemUTC())) {
            Repository repository = SampleRepository.create(queues.location(NAME), 2, Map.of(), Set.of())
                    .repository();
            commitSettings(repository, "merge_queue:\n  ci_budget: two\n");
            assertThatThrownBy(() -> queues.queue(NAME)).isInstanceOfSatisfying(MainlineException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.QUEUE_NOT_RUNNING);
                assertThat(e).hasMessageContaining(".mainline.yml line 2: ci_budget must be a whole number");
            });
            repository.close();
        }
    }

    @Test
    void gitHubRepositoriesHaveNoLocalQueue() {
        SourceRepositoryStore repositories = new InMemoryStores().stores().repositories();
        repositories.insert(new NewSourceRepository(new RepositoryName("acme/web"), "main", Forge.GITHUB),
                Instant.now());
        try (LocalMergeQueues queues = new LocalMergeQueues(repositories, new InMemoryStores().stores().pullRequests(),
                directory.resolve("repositories"),
                directory.resolve("queues"), dev.mainline.mergequeue.CiTriage.none(), Clock.systemUTC())) {
            assertThatThrownBy(() -> queues.queue(new RepositoryName("acme/web")))
                    .hasMessageContaining("is a github repository");
            assertThatThrownBy(() -> queues.queue(new RepositoryName("acme/none")))
                    .hasMessageContaining("repository 'acme/none' does not exist");
        }
    }

    /** Commits a new {@code .mainline.yml} on main, keeping every other file. */
    private static void commitSettings(Repository repository, String settings) throws Exception {
        MainBranchCommits.replaceOnMain(repository, Map.of(".mainline.yml", settings), "Change the queue settings");
    }
}
