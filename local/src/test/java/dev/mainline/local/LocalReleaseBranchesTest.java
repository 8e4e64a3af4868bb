package dev.mainline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.releases.ReleaseBranches;
import dev.mainline.testing.InMemoryStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A release branch is cut from main, and what is on it since the last release is read with its tickets. */
class LocalReleaseBranchesTest {
    private static final RepositoryName NAME = new RepositoryName("acme/wallet");

    @TempDir
    Path directory;

    @Test
    void cutsFromMainAndListsTheChangesPullRequestsAndTicketsSinceThePreviousRelease() throws Exception {
        Stores stores = new InMemoryStores().stores();
        stores.repositories().insert(new NewSourceRepository(NAME, "main", Forge.LOCAL), Instant.now());
        try (LocalMergeQueues queues = new LocalMergeQueues(stores.repositories(), stores.pullRequests(),
                directory.resolve("repositories"), directory.resolve("queues"), CiTriage.none(),
                Clock.systemUTC())) {
            ReleaseBranches branches = new LocalReleaseBranches(stores.repositories(), stores.pullRequests(), queues);
            assertThat(branches.cut(NAME, "release/1.0.0")).as("no repository yet").isFalse();
            Git.init().setBare(true).setDirectory(queues.location(NAME).toFile()).setInitialBranch("main").call()
                    .close();
            try (Repository repository = Git.open(queues.location(NAME).toFile()).getRepository()) {
                MainBranchCommits.emptyMain(repository);
                MainBranchCommits.replaceOnMain(repository, Map.of("a.txt", "1"), "WAL-1 first screen");
                assertThat(branches.cut(NAME, "release/1.0.0")).isTrue();
                stores.pullRequests().open(NAME, "topic", "Pay with cards (PAY-77)", "ada", Instant.now());
                MainBranchCommits.replaceOnMain(repository, Map.of("b.txt", "2"), "Merge #1 (topic)\n\nWAL-2");
                MainBranchCommits.replaceOnMain(repository, Map.of("c.txt", "3"), "Fix the total (#9)");
                assertThat(branches.cut(NAME, "release/1.1.0")).isTrue();
                assertThat(branches.cut(NAME, "release/1.1.0")).as("already there").isTrue();
                MainBranchCommits.replaceOnMain(repository, Map.of("d.txt", "4"), "WAL-3 not in 1.1.0");

                ReleaseBranches.Contents contents = branches.contents(NAME, "release/1.1.0",
                        Optional.of("release/1.0.0")).orElseThrow();
                assertThat(contents.changes()).extracting(ReleaseBranches.Change::subject)
                        .containsExactly("Fix the total (#9)", "Merge #1 (topic)");
                assertThat(contents.changes()).extracting(ReleaseBranches.Change::pullRequest)
                        .containsExactly(Optional.of(9), Optional.of(1));
                assertThat(contents.changes().get(1).pullRequestTitle()).contains("Pay with cards (PAY-77)");
                assertThat(contents.tickets()).containsExactly("PAY-77", "WAL-2");
                assertThat(branches.contents(NAME, "release/1.0.0", Optional.empty()).orElseThrow().tickets())
                        .containsExactly("WAL-1");
                assertThat(branches.contents(NAME, "release/9.9.9", Optional.empty())).isEmpty();
            }
        }
    }
}
