package dev.mainline.mergequeue;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The runner around the engine: journaling, resuming after a crash, and refusing to run on a broken journal. */
class QueueRunnerTest {
    private final TestingMergeRepository repository = new TestingMergeRepository();
    private final TestingCi ci = new TestingCi();

    /** A journal in memory that can stop keeping events, as a process killed at that point would. */
    private static final class MemoryJournal implements EventJournal {
        final List<QueueEvent> events = new ArrayList<>();
        volatile boolean dead;

        @Override
        public synchronized void append(QueueEvent event) {
            if (!dead) {
                events.add(event);
            }
        }

        @Override
        public synchronized List<QueueEvent> readAll() {
            return List.copyOf(events);
        }
    }

    private QueueRunner runner(EventJournal journal, QueueConfiguration configuration) {
        QueueRunner runner = new QueueRunner("test", MergeQueueEngine.start(configuration, Clock.systemUTC().instant(),
                repository.main()), repository, ci, journal, Clock.systemUTC(), new QueueRunner.Observer() {
                });
        runner.start();
        return runner;
    }

    @Test
    void aMergeThatNeverReachedMainIsTakenBackWhenMainMovedWhileTheQueueWasDown() throws Exception {
        QueueConfiguration configuration = QueueConfiguration.defaults().withMaxExclusions(0);
        MemoryJournal journal = new MemoryJournal();
        QueueRepositoryThatDies dying = new QueueRepositoryThatDies(repository, journal);
        QueueRunner first = new QueueRunner("test", MergeQueueEngine.start(configuration,
                Clock.systemUTC().instant(), repository.main()), dying, ci, journal, Clock.systemUTC(),
                new QueueRunner.Observer() {
                });
        first.start();
        first.submit(new QueueEvent.Enqueued(Clock.systemUTC().instant(), 1, "h1", "ada", Priority.NORMAL, 0.9))
                .get();
        // The process dies as it moves main: the CI result is journaled, the fast-forward never happens.
        dying.dieOnFastForward = true;
        ci.finishAll(CiOutcome.PASSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.dead);
        first.stop();
        journal.dead = false;
        repository.push("pushed");

        QueueRunner second = runner(journal, configuration);
        try {
            List<Integer> queued = second.query(engine -> engine.entries().stream().map(QueueEntry::pullRequest)
                    .toList()).get();
            assertThat(queued).as("#1 is not on main, so it is queued again").containsExactly(1);
            assertThat(second.query(MergeQueueEngine::main).get()).isEqualTo("pushed");
            assertThat(second.query(engine -> engine.history(1)).get()).extracting(HistoryEvent::kind)
                    .contains(HistoryEvent.Kind.MERGE_REFUSED);
        } finally {
            second.stop();
        }
    }

    @Test
    void replayRunsWithTheConfigurationTheQueueRanWithAndThenTakesTheNewOne() throws Exception {
        MemoryJournal journal = new MemoryJournal();
        QueueRunner first = runner(journal, QueueConfiguration.defaults().withCiBudget(1));
        first.submit(new QueueEvent.Enqueued(Clock.systemUTC().instant(), 1, "h1", "ada", Priority.NORMAL, 0.9))
                .get();
        List<BuildId> before = first.query(engine -> engine.builds().stream().map(SpeculativeBuild::id).toList())
                .get();
        first.stop();

        QueueRunner second = runner(journal, QueueConfiguration.defaults().withCiBudget(3));
        try {
            assertThat(second.query(engine -> engine.configuration().ciBudget()).get()).isEqualTo(3);
            assertThat(journal.readAll()).filteredOn(QueueEvent.ConfigurationChanged.class::isInstance).hasSize(2);
            assertThat(second.query(engine -> engine.builds().stream().map(SpeculativeBuild::id).toList()).get())
                    .as("the builds of the original run, as they were").containsAll(before);
        } finally {
            second.stop();
        }
    }

    @Test
    void aMainTheForgeWillNotMoveLocksMergingWithItsReasonInsteadOfRetryingForever() throws Exception {
        MergeRepository protectedMain = new MergeRepository() {
            @Override
            public String main() {
                return repository.main();
            }

            @Override
            public SpeculativeCommit build(BuildId build, String base, List<EntryRef> entries) {
                return repository.build(build, base, entries);
            }

            @Override
            public MainUpdate advanceMain(String expected, String target) {
                return new MainUpdate.Refused(repository.main(), "protected branch: changes need a pull request");
            }

            @Override
            public void release(BuildId build) {
            }

            @Override
            public boolean contains(String commit, String ancestor) {
                return repository.contains(commit, ancestor);
            }
        };
        QueueRunner runner = new QueueRunner("test", MergeQueueEngine.start(QueueConfiguration.defaults(),
                Clock.systemUTC().instant(), repository.main()), protectedMain, ci, new MemoryJournal(),
                Clock.systemUTC(), new QueueRunner.Observer() {
                });
        runner.start();
        try {
            runner.submit(new QueueEvent.Enqueued(Clock.systemUTC().instant(), 1, "pr-1", "ada", Priority.NORMAL,
                    0.9)).get();
            ci.finishAll(CiOutcome.PASSED);

            assertThat(runner.query(MergeQueueEngine::lockReason).get())
                    .hasValueSatisfying(reason -> assertThat(reason).contains("protected branch"));
            assertThat(runner.query(MergeQueueEngine::entries).get()).extracting(QueueEntry::pullRequest)
                    .containsExactly(1);
        } finally {
            runner.stop();
        }
    }

    @Test
    void aPullRequestWhoseHeadIsGoneLeavesTheQueueSayingWhy() throws Exception {
        QueueRunner runner = runner(new MemoryJournal(), QueueConfiguration.defaults());
        try {
            runner.submit(new QueueEvent.Enqueued(Clock.systemUTC().instant(), 1, "gone-abc", "ada", Priority.NORMAL,
                    0.9)).get();

            assertThat(runner.query(MergeQueueEngine::entries).get()).isEmpty();
            assertThat(runner.query(engine -> engine.history(1)).get()).last().satisfies(line -> {
                assertThat(line.kind()).isEqualTo(HistoryEvent.Kind.EJECTED);
                assertThat(line.detail()).contains("gone-abc is no longer in the repository");
            });
        } finally {
            runner.stop();
        }
    }

    @Test
    void aJournalThatCannotBeReadStopsTheQueueFromAcceptingAnything() {
        EventJournal unreadable = new EventJournal() {
            @Override
            public void append(QueueEvent event) {
                throw new AssertionError("nothing may be written after a failed resume");
            }

            @Override
            public List<QueueEvent> readAll() {
                throw new IllegalStateException("line 3 of the queue journal: not a queue event");
            }
        };
        QueueRunner runner = runner(unreadable, QueueConfiguration.defaults());
        try {
            assertThatThrownBy(() -> runner.submit(new QueueEvent.Tick(Clock.systemUTC().instant())).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("could not resume from its journal: line 3");
        } finally {
            runner.stop();
        }
    }

    /** Wraps the repository; once told to, the process "dies" on the next fast-forward: nothing more is kept. */
    private final class QueueRepositoryThatDies implements MergeRepository {
        private final MergeRepository delegate;
        private final MemoryJournal journal;
        volatile boolean dieOnFastForward;

        QueueRepositoryThatDies(MergeRepository delegate, MemoryJournal journal) {
            this.delegate = delegate;
            this.journal = journal;
        }

        @Override
        public String main() {
            return delegate.main();
        }

        @Override
        public SpeculativeCommit build(BuildId build, String base, List<EntryRef> entries) {
            return delegate.build(build, base, entries);
        }

        @Override
        public MainUpdate advanceMain(String expected, String target) {
            if (dieOnFastForward) {
                journal.dead = true;
                throw new IllegalStateException("killed");
            }
            return delegate.advanceMain(expected, target);
        }

        @Override
        public void release(BuildId build) {
        }

        @Override
        public boolean contains(String commit, String ancestor) {
            return delegate.contains(commit, ancestor);
        }
    }
}
