package dev.mainline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.releases.Release;
import dev.mainline.testing.InMemoryStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local regression runs its command on the release branch's head and says how it ended. */
class LocalRegressionsTest {
    private static final RepositoryName NAME = new RepositoryName("acme/wallet");

    @TempDir
    Path directory;

    @Test
    void theCommandRunsOnTheReleaseBranchAndItsEndIsHeard() throws Exception {
        Stores stores = new InMemoryStores().stores();
        stores.repositories().insert(new NewSourceRepository(NAME, "main", Forge.LOCAL), Instant.now());
        try (LocalMergeQueues queues = new LocalMergeQueues(stores.repositories(), stores.pullRequests(),
                directory.resolve("repositories"), directory.resolve("queues"), CiTriage.none(), Clock.systemUTC());
                LocalRegressions regressions = new LocalRegressions(stores.repositories(), queues,
                        directory.resolve("regressions"), Duration.ofMinutes(1))) {
            List<LocalRegressions.Finished> heard = new CopyOnWriteArrayList<>();
            regressions.onFinished(heard::add);
            Release release = Release.cut(new AppKey("wallet"), Platform.ANDROID, "1.0.0", "release/1.0.0",
                    Optional.empty(), Instant.now()).stored(7, 1);
            assertThatThrownBy(() -> regressions.jobs(NAME, "true").start(release)).as("no repository yet")
                    .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(ErrorCode.FORGE_REFUSED));
            Git.init().setBare(true).setDirectory(queues.location(NAME).toFile()).setInitialBranch("main").call()
                    .close();
            String commit;
            try (Repository repository = Git.open(queues.location(NAME).toFile()).getRepository()) {
                MainBranchCommits.emptyMain(repository);
                commit = MainBranchCommits.replaceOnMain(repository, Map.of("screens.txt", "checkout\n"),
                        "WAL-1 checkout").name();
                assertThatThrownBy(() -> regressions.jobs(NAME, "true").start(release)).as("no release branch")
                        .hasMessageContaining("release/1.0.0");
                RefUpdate branch = repository.updateRef(Constants.R_HEADS + "release/1.0.0");
                branch.setNewObjectId(repository.resolve(commit));
                branch.update();
            }

            String started = regressions.jobs(NAME, "grep -q checkout screens.txt").start(release);
            assertThat(started).contains("release/1.0.0").contains(commit);
            await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == 1);
            assertThat(heard.getFirst().run().outcome()).isEqualTo(CiOutcome.PASSED);
            assertThat(heard.getFirst().commit()).isEqualTo(commit);
            assertThat(heard.getFirst().repository()).isEqualTo(NAME);

            regressions.jobs(NAME, "echo the login screen is broken; exit 3").start(release);
            await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == 2);
            LocalRegressions.Finished failed = heard.get(1);
            assertThat(failed.run().outcome()).isEqualTo(CiOutcome.FAILED);
            assertThat(Files.readString(Path.of(failed.run().log().orElseThrow())))
                    .contains("the login screen is broken");
        }
    }
}
