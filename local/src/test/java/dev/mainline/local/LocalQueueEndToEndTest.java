package dev.mainline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.EjectionReason;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.mergequeue.QueueRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge queue on a real repository on disk: speculative commits built by JGit, CI as a real command on a
 * checkout, main moved by compare-and-swap. 22 pull requests, two of which conflict and two of which break the tests.
 */
class LocalQueueEndToEndTest {
    @TempDir
    Path directory;

    @Test
    void mergesTheGoodPullRequestsInQueueOrderAndEjectsTheBadOnesWithTheirReasons() throws Exception {
        SampleRepository sample = SampleRepository.standard(directory.resolve("sample.git"), 22);
        Repository repository = sample.repository();
        JGitMergeRepository merges = new JGitMergeRepository(repository, "main");
        String initialMain = merges.main();
        CommandCi ci = new CommandCi(repository,
                new CommandCi.Settings(SampleRepository.CI_COMMAND, Duration.ofMinutes(1), 4, "**/TEST-*.xml"),
                directory.resolve("work"), directory.resolve("logs"));
        Recorder recorder = new Recorder();
        QueueConfiguration configuration = QueueConfiguration.defaults().withCiBudget(6).withFailureTolerance(1);
        Clock clock = Clock.systemUTC();
        QueueRunner runner = new QueueRunner("sample", MergeQueueEngine.start(configuration, clock.instant(),
                initialMain), merges, ci, clock, recorder);
        runner.start();
        try {
            for (SampleRepository.PullRequest pullRequest : sample.pullRequests()) {
                runner.submit(new QueueEvent.Enqueued(clock.instant(), pullRequest.number(), pullRequest.head(),
                        pullRequest.author(), Priority.NORMAL, configuration.defaultSuccessEstimate()));
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!runner.query(engine -> engine.entries().isEmpty()).get() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(runner.query(engine -> engine.entries()).get()).as("queue drained").isEmpty();
        } finally {
            runner.stop();
            ci.stop();
        }

        assertThat(recorder.failures).isEmpty();
        assertThat(recorder.ejected.keySet()).containsExactlyInAnyOrder(8, 14, 20, 21);
        assertThat(recorder.ejected.get(14).reason()).isEqualTo(EjectionReason.MERGE_CONFLICT);
        assertThat(recorder.ejected.get(14).detail()).contains("src/shared.txt");
        assertThat(recorder.ejected.get(21).reason()).isEqualTo(EjectionReason.MERGE_CONFLICT);
        assertThat(recorder.ejected.get(8).reason()).isEqualTo(EjectionReason.CI_FAILED);
        assertThat(recorder.ejected.get(20).reason()).isEqualTo(EjectionReason.CI_FAILED);

        // Every commit main ever pointed to passed CI, and main holds exactly the merged pull requests, in order.
        List<Integer> merged = new ArrayList<>();
        for (QueueCommand.FastForward forward : recorder.forwards) {
            assertThat(forward.tested()).isTrue();
            assertThat(recorder.ciResults.get(forward.to())).as("CI of %s", forward.to()).isEqualTo(CiOutcome.PASSED);
            forward.merged().stream().map(EntryRef::pullRequest).forEach(merged::add);
        }
        assertThat(merged).containsExactly(1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 22);
        String finalMain = merges.main();
        assertThat(finalMain).isEqualTo(recorder.forwards.getLast().to());
        assertThat(pullRequestsOnMain(repository, finalMain, initialMain, sample)).isEqualTo(merged);
    }

    /** The pull requests merged into main, oldest first, read from the merge commits' second parents. */
    private static List<Integer> pullRequestsOnMain(Repository repository, String main, String initial,
            SampleRepository sample) throws Exception {
        Map<String, Integer> byHead = new ConcurrentHashMap<>();
        sample.pullRequests().forEach(pullRequest -> byHead.put(pullRequest.head(), pullRequest.number()));
        List<Integer> numbers = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(main));
            while (!commit.name().equals(initial)) {
                assertThat(commit.getParentCount()).as("%s is a merge commit", commit.name()).isEqualTo(2);
                numbers.add(byHead.get(commit.getParent(1).name()));
                commit = walk.parseCommit(commit.getParent(0));
            }
        }
        Collections.reverse(numbers);
        return numbers;
    }

    private static final class Recorder implements QueueRunner.Observer {
        final List<QueueCommand.FastForward> forwards = new CopyOnWriteArrayList<>();
        final Map<Integer, QueueCommand.Eject> ejected = new ConcurrentHashMap<>();
        final Map<String, CiOutcome> ciResults = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void carriedOut(QueueCommand command) {
            if (command instanceof QueueCommand.FastForward forward) {
                forwards.add(forward);
            } else if (command instanceof QueueCommand.Eject eject) {
                ejected.put(eject.pullRequest(), eject);
            }
        }

        @Override
        public void ciFinished(BuildId build, String commit, CiRun run) {
            ciResults.merge(commit, run.outcome(), (left, right) -> left == CiOutcome.PASSED ? left : right);
        }

        @Override
        public void failed(String what, RuntimeException failure) {
            failures.add(what + ": " + failure);
        }
    }
}
