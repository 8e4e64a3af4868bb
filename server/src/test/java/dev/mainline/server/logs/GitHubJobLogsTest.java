package dev.mainline.server.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.github.GitHubActionsLogs.JobLog;
import dev.mainline.identity.Authorizer;
import dev.mainline.logarchive.LocalBlobStore;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.logs.LogSource;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiBuild;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitHub Actions job logs get the labels the local runner's logs get, when their run tested a queue's build. */
class GitHubJobLogsTest {
    private static final RepositoryName SHOP = new RepositoryName("acme/shop");
    private static final String BUILT = "3484a3fb816e0859fd6e1cea078d76385ff50625";

    @TempDir
    Path directory;

    private final TestingClock clock = new TestingClock();
    private final Stores stores = new InMemoryStores().stores();

    private static JobLog job(String branch, Optional<Integer> pullRequest, boolean ownBranch) {
        return new JobLog(SHOP, 9001, 1, "CI", 501, "test", BUILT, Optional.of(branch), pullRequest, "failure",
                Optional.of(Instant.parse("2026-11-24T18:00:00Z")), Optional.of(Instant.parse("2026-11-24T18:05:00Z")),
                ownBranch);
    }

    @Test
    void aRunOnAQueuesBuildIsALogOfThePullRequestWhoseVerdictItGives() throws Exception {
        stores.queueCiRuns().started(SHOP, new CiBuild(new BuildId(7), BUILT, List.of(new EntryRef(3, "h3"),
                new EntryRef(5, "h5")), 1), clock.instant());
        try (LogArchive archive = new LogArchive(stores.logs(), stores.repositories(),
                new Authorizer(stores.auditLog(), clock), clock, new LocalBlobStore(directory.resolve("blobs")),
                directory, new LogArchive.Settings(1 << 20, Optional.empty()))) {
            GitHubJobLogs logs = new GitHubJobLogs(archive, (repository, branch) -> Optional.empty(),
                    stores.queueCiRuns());

            LogSource build = logs.source(job("mainline/builds/7", Optional.empty(), true));
            assertThat(build.branch()).contains("mainline/builds/7");
            assertThat(build.pullRequest()).contains(5);
            assertThat(build.job()).isEqualTo("CI / test");

            assertThat(logs.source(job("mainline/builds/8", Optional.empty(), true)).pullRequest())
                    .as("another build at the same commit is not this one").isEmpty();
            assertThat(logs.source(job("mainline/builds/7", Optional.empty(), false)).pullRequest())
                    .as("a fork's branch of the same name").isEmpty();
            assertThat(logs.source(job("feature", Optional.of(9), true)).pullRequest()).contains(9);
        }
    }
}
