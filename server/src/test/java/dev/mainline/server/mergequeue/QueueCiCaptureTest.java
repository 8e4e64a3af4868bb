package dev.mainline.server.mergequeue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.logarchive.CapturedCiLogs;
import dev.mainline.logarchive.LocalBlobStore;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiBuild;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.QueueCiRun;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every CI run of a queue's build is recorded, with whatever it left; a run on GitHub leaves nothing here. */
class QueueCiCaptureTest {
    private static final RepositoryName SHOP = new RepositoryName("acme/shop");
    private static final CiBuild BUILD = new CiBuild(new BuildId(4), "3484a3fb816e0859fd6e1cea078d76385ff50625",
            List.of(new EntryRef(3, "h3")), 1);

    @TempDir
    Path directory;

    private final TestingClock clock = new TestingClock();
    private final Stores stores = new InMemoryStores().stores();

    private LogArchive archive() throws Exception {
        return new LogArchive(stores.logs(), stores.repositories(), new Authorizer(stores.auditLog(), clock), clock,
                new LocalBlobStore(directory.resolve("blobs")), directory, new LogArchive.Settings(1 << 20,
                        Optional.empty()));
    }

    @Test
    void aRunOnGitHubIsRecordedWithoutALogOrReportsAndOneNotRecordedAtItsStartIsRecordedAtItsEnd() throws Exception {
        try (LogArchive archive = archive()) {
            QueueCiCapture capture = new QueueCiCapture(stores.queueCiRuns(), new CapturedCiLogs(archive, clock),
                    () -> {
                        throw new AssertionError("no reports to hand on");
                    }, clock);
            CiRun checks = new CiRun(CiOutcome.FAILED, "required check 'ci/test' failed",
                    Optional.of("https://github.com/acme/shop/runs/1"), List.of());

            capture.started(SHOP, BUILD);
            assertThat(capture.review(SHOP, BUILD, checks)).isSameAs(checks);
            // The database was away when the second run started: it is recorded when it ends.
            assertThat(capture.review(SHOP, BUILD, checks)).isSameAs(checks);

            assertThat(stores.queueCiRuns().ofBuilds(SHOP, List.of(BUILD.id()))).satisfiesExactly(first -> {
                assertThat(first.attempt()).isEqualTo(1);
                assertThat(first.outcome()).contains(CiOutcome.FAILED);
                assertThat(first.log()).isEmpty();
                assertThat(first.reports()).isZero();
                assertThat(first.pullRequests()).containsExactly(3);
            }, second -> {
                assertThat(second.attempt()).isEqualTo(2);
                assertThat(second.finishedAt()).isPresent();
            });
            assertThat(QueueCiCapture.testRun(stores.queueCiRuns().latest(SHOP, BUILD.id(), BUILD.commit())
                    .orElseThrow()).job()).isEqualTo(QueueCiRun.JOB);
        }
    }
}
