package dev.mainline.local;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.EjectionReason;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.EventJournal;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.MergeRepository;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.mergequeue.RepositorySettings.LocalCi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
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
        String initialMain = new JGitMergeRepository(sample.repository(), "main").main();

        Recorder recorder = runQueue(sample, SampleRepository.CI_COMMAND, repository -> {
        });

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
            forward.merged().stream().map(EntryRef::pullRequest).forEach(merged::add);
        }
        assertThat(recorder.mainCommits).isNotEmpty().allSatisfy(commit -> assertThat(recorder.ciResults.get(commit))
                .as("CI of %s", commit).isEqualTo(CiOutcome.PASSED));
        assertThat(merged).containsExactly(1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 22);
        String finalMain = new JGitMergeRepository(sample.repository(), "main").main();
        assertThat(finalMain).isEqualTo(recorder.mainCommits.getLast());
        assertThat(pullRequestsOnMain(sample.repository(), finalMain, initialMain, sample)).isEqualTo(merged);
    }

    @Test
    void aPushToMainOutsideTheQueueLosesNothing() throws Exception {
        SampleRepository sample = SampleRepository.create(directory.resolve("sample.git"), 8, Map.of(), Set.of());
        String initialMain = new JGitMergeRepository(sample.repository(), "main").main();
        String[] pushed = new String[1];

        // Someone pushes straight to main as soon as the queue has merged once: the queue's next fast-forward starts
        // from a main that is gone, is refused, and its pull requests go back and merge on top of the push.
        Recorder recorder = runQueue(sample, "sleep 0.2; " + SampleRepository.CI_COMMAND, repository -> {
            pushed[0] = pushDirectly(repository);
        });

        assertThat(recorder.failures).isEmpty();
        assertThat(recorder.refusals).as("the queue lost a race").isPositive();
        assertThat(recorder.ejected).isEmpty();
        String finalMain = new JGitMergeRepository(sample.repository(), "main").main();
        try (RevWalk walk = new RevWalk(sample.repository())) {
            assertThat(walk.isMergedInto(walk.parseCommit(ObjectId.fromString(pushed[0])),
                    walk.parseCommit(ObjectId.fromString(finalMain)))).as("the push is kept").isTrue();
        }
        assertThat(recorder.mainCommits).allSatisfy(commit -> assertThat(recorder.ciResults.get(commit))
                .as("CI of %s", commit).isEqualTo(CiOutcome.PASSED));
        assertThat(pullRequestsOnMain(sample.repository(), finalMain, initialMain, sample))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    /** Commits a change straight onto main, as a person with push rights would, and returns the commit. */
    private static String pushDirectly(Repository repository) {
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            RevCommit main = walk.parseCommit(repository.resolve("refs/heads/main"));
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(main.getTree());
            commit.setParentId(main);
            PersonIdent ident = new PersonIdent("Hotfixer", "hotfix@example.com");
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage("Pushed straight to main\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef("refs/heads/main");
            update.setExpectedOldObjectId(main);
            update.setNewObjectId(id);
            assertThat(update.update(walk)).isEqualTo(RefUpdate.Result.FAST_FORWARD);
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Recorder runQueue(SampleRepository sample, String ciCommand, Consumer<Repository> afterFirstMerge)
            throws Exception {
        Repository repository = sample.repository();
        Recorder recorder = new Recorder();
        JGitMergeRepository merges = new JGitMergeRepository(repository, "main");
        MergeRepository recorded = new MergeRepository() {
            @Override
            public String main() {
                return merges.main();
            }

            @Override
            public SpeculativeCommit build(BuildId build, String base, List<EntryRef> entries) {
                return merges.build(build, base, entries);
            }

            @Override
            public MainUpdate advanceMain(String expected, String target) {
                MainUpdate update = merges.advanceMain(expected, target);
                if (update instanceof MainUpdate.Advanced) {
                    recorder.mainCommits.add(target);
                    if (recorder.mainCommits.size() == 1) {
                        afterFirstMerge.accept(repository);
                    }
                } else {
                    recorder.refusals++;
                }
                return update;
            }

            @Override
            public void release(BuildId build) {
                merges.release(build);
            }

            @Override
            public boolean contains(String commit, String ancestor) {
                return merges.contains(commit, ancestor);
            }
        };
        CommandCi ci = new CommandCi(repository,
                new LocalCi(ciCommand, Duration.ofMinutes(1), 4, "**/TEST-*.xml"),
                directory.resolve("work"), directory.resolve("logs"));
        QueueConfiguration configuration = QueueConfiguration.defaults().withCiBudget(6).withFailureTolerance(1);
        Clock clock = Clock.systemUTC();
        QueueRunner runner = new QueueRunner("sample",
                MergeQueueEngine.start(configuration, clock.instant(), merges.main()), recorded, ci,
                EventJournal.none(), clock, recorder);
        runner.start();
        try {
            for (SampleRepository.PullRequest pullRequest : sample.pullRequests()) {
                runner.submit(new QueueEvent.Enqueued(clock.instant(), pullRequest.number(), pullRequest.head(),
                        pullRequest.author(), Priority.NORMAL, configuration.defaultSuccessEstimate()));
            }
            await("the queue drains").atMost(Duration.ofMinutes(3))
                    .until(() -> runner.query(engine -> engine.entries().isEmpty()).get());
        } finally {
            runner.stop();
            ci.stop();
        }
        return recorder;
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
                // The queue's merge commits have the pull request's head as second parent; a push has one parent.
                if (commit.getParentCount() == 2) {
                    numbers.add(byHead.get(commit.getParent(1).name()));
                }
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
        final List<String> mainCommits = new CopyOnWriteArrayList<>();
        volatile int refusals;

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
