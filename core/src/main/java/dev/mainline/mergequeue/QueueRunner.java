package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.MergeRepository.MainUpdate;
import dev.mainline.mergequeue.MergeRepository.SpeculativeCommit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one repository's {@link MergeQueueEngine} against a real repository and CI. The engine is touched by one
 * thread only: events from anywhere (the API, CI callbacks) are queued and handled in order, and the engine's commands
 * are carried out there, their answers (a built commit, a lost race) going back in as events before the next outside
 * event. Components that own threads have {@link #start()} and {@link #stop()}.
 */
public final class QueueRunner {
    private static final Logger LOG = Logger.getLogger(QueueRunner.class.getName());
    private static final Duration BUILD_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_BUILD_RETRY = Duration.ofMinutes(5);
    /** The journal is compacted into a snapshot after this many events, so a restart replays at most that many. */
    private static final long COMPACT_EVERY = Long.getLong("mainline.journal.compact-every", 10_000);

    /** What the runner did, for whoever watches it (notifications, audit, tests). Called on the runner's thread. */
    public interface Observer {
        default void carriedOut(QueueCommand command) {
        }

        default void ciFinished(BuildId build, String commit, CiRun run) {
        }

        /** Main moved to {@code commit}, merging {@code merged}. */
        default void merged(String commit, List<EntryRef> merged) {
        }

        default void failed(String what, RuntimeException failure) {
        }
    }

    private final String name;
    /** Replaced only by a snapshot when the queue resumes; only touched on the runner's thread after that. */
    private MergeQueueEngine engine;
    private final MergeRepository repository;
    private final ContinuousIntegration ci;
    private final Clock clock;
    private final Observer observer;
    private final EventJournal journal;
    /** The configuration the queue should run with now (the repository's settings); the journal says what it was. */
    private final QueueConfiguration configured;
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final Deque<QueueEvent> answers = new ArrayDeque<>();
    /** Compact once this many events are journaled since the snapshot; only touched on the runner's thread. */
    private long nextCompaction = COMPACT_EVERY;
    /** How many times in a row each build could not be made; only touched on the runner's thread. */
    private final java.util.Map<BuildId, Integer> buildFailures = new java.util.HashMap<>();
    private final ScheduledExecutorService retries;
    private Thread thread;
    private volatile boolean running;
    /** Why the queue could not resume from its journal; while set, nothing is accepted or journaled. */
    private volatile RuntimeException broken;

    public QueueRunner(String name, MergeQueueEngine engine, MergeRepository repository, ContinuousIntegration ci,
            EventJournal journal, Clock clock, Observer observer) {
        this.name = requireNonNull(name, "name is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.ci = requireNonNull(ci, "ci is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.observer = requireNonNull(observer, "observer is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.configured = engine.configuration();
        this.retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread retry = new Thread(runnable, "mainline-queue-" + name + "-retries");
            retry.setDaemon(true);
            return retry;
        });
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        inbox.add(() -> {
            try {
                resume();
            } catch (RuntimeException e) {
                broken = e;
                LOG.log(Level.SEVERE, "merge queue " + name + " could not resume from its journal; it accepts nothing",
                        e);
                observer.failed("resuming from the journal", e);
            }
        });
        thread = new Thread(this::loop, "mainline-queue-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        retries.shutdownNow();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Queues an event for the engine; it is handled after every event submitted before it. The future completes once
     * the event is in the journal and handled: from then on it survives a crash.
     */
    public CompletableFuture<Void> submit(QueueEvent event) {
        requireNonNull(event, "event is null");
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        if (!running) {
            accepted.completeExceptionally(stopped());
            return accepted;
        }
        inbox.add(() -> {
            if (broken != null) {
                accepted.completeExceptionally(unavailable());
                return;
            }
            try {
                handle(event);
                accepted.complete(null);
            } catch (RuntimeException e) {
                accepted.completeExceptionally(e);
                throw e;
            }
        });
        return accepted;
    }

    /** Answers a question about the engine on the runner's thread, between two events. */
    public <T> CompletableFuture<T> query(Function<MergeQueueEngine, T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        if (!running) {
            answer.completeExceptionally(stopped());
            return answer;
        }
        inbox.add(() -> {
            if (broken != null) {
                answer.completeExceptionally(unavailable());
                return;
            }
            try {
                answer.complete(question.apply(engine));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private MainlineException stopped() {
        return new MainlineException(ErrorCode.QUEUE_NOT_RUNNING,
                "the merge queue of %s is stopped (it may be starting again with new settings); try again".formatted(
                        name));
    }

    /** Whether its thread has ended: nothing of this runner touches the repository any more. */
    public boolean hasStopped() {
        Thread current = thread;
        return !running && (current == null || !current.isAlive());
    }

    private MainlineException unavailable() {
        return new MainlineException(ErrorCode.QUEUE_NOT_RUNNING,
                "the merge queue of %s could not resume from its journal: %s".formatted(name, broken.getMessage()),
                broken);
    }

    public String name() {
        return name;
    }

    public Clock clock() {
        return clock;
    }

    private void loop() {
        while (running) {
            Runnable next;
            try {
                next = inbox.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "merge queue " + name + " failed to handle an event", e);
                observer.failed("handling an event", e);
            }
        }
    }

    private void handle(QueueEvent event) {
        answers.add(event);
        drainAnswers();
    }

    private void drainAnswers() {
        drain();
        long since = journal.eventsSinceSnapshot();
        if (since >= nextCompaction) {
            try {
                journal.compact(engine.state());
                nextCompaction = COMPACT_EVERY;
            } catch (RuntimeException e) {
                // The journal still holds every event: nothing is lost, the next restart just replays more. Try again
                // only after as many events again, not at every event (a full disk would make each one costly).
                nextCompaction = since + COMPACT_EVERY;
                LOG.log(Level.WARNING, "merge queue %s could not compact its journal".formatted(name), e);
            }
        }
    }

    private void drain() {
        while (!answers.isEmpty()) {
            QueueEvent next = answers.poll();
            journal.append(next);
            List<QueueCommand> commands = engine.handle(next);
            for (QueueCommand command : commands) {
                // One command that cannot be carried out must not leave the others of its batch undone.
                try {
                    carryOut(command);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "merge queue %s could not carry out %s".formatted(name, command), e);
                    observer.failed("carrying out " + command.getClass().getSimpleName(), e);
                }
                observer.carriedOut(command);
            }
        }
    }

    /**
     * Brings the engine back to where it was before a stop or a crash (every journaled event replayed, its commands
     * not carried out again), then finishes what was in flight: a fast-forward asked for but not made, merge commits
     * asked for but not answered, CI runs that died with the previous process.
     */
    private void resume() {
        Optional<MergeQueueState> snapshot = journal.snapshot();
        snapshot.ifPresent(state -> engine = MergeQueueEngine.restore(state));
        List<QueueEvent> journaled = journal.readAll();
        for (QueueEvent event : journaled) {
            engine.handle(event);
        }
        if (snapshot.isEmpty() && journaled.isEmpty()) {
            // The configuration is journaled too: a replay must run with the one the queue ran with, whatever the
            // repository's settings say by then.
            handle(new QueueEvent.Started(clock.instant(), repository.main()));
            handle(new QueueEvent.ConfigurationChanged(clock.instant(), configured));
            return;
        }
        LOG.info(() -> "merge queue %s resumed from %s%d journaled events".formatted(name,
                snapshot.isPresent() ? "a snapshot and " : "", journaled.size()));
        List<SpeculativeBuild> building = engine.builds().stream()
                .filter(build -> build.status() == SpeculativeBuild.Status.BUILDING)
                .toList();
        List<SpeculativeBuild> testing = engine.builds().stream()
                .filter(build -> build.status() == SpeculativeBuild.Status.TESTING && build.commit().isPresent())
                .toList();
        if (!engine.configuration().equals(configured)) {
            answers.add(new QueueEvent.ConfigurationChanged(clock.instant(), configured));
        }
        reconcileForwards(engine.state().unconfirmedForwards());
        drainAnswers();
        for (SpeculativeBuild build : building) {
            if (stillIs(build, SpeculativeBuild.Status.BUILDING)) {
                buildCommit(new QueueCommand.BuildCommit(build.id(), engine.main(), build.entries()));
            }
        }
        drainAnswers();
        for (SpeculativeBuild build : testing) {
            if (stillIs(build, SpeculativeBuild.Status.TESTING)) {
                startCi(build.id(), build.commit().orElseThrow());
            }
        }
    }

    /**
     * The fast-forwards the last journaled event asked for may or may not have reached the repository. Those after
     * where main is are made now; if main is somewhere none of them leads, they were refused.
     */
    private void reconcileForwards(List<UnconfirmedForward> forwards) {
        String actual = repository.main();
        int next = -1;
        for (int i = forwards.size() - 1; i >= 0 && next < 0; i--) {
            if (forwards.get(i).to().equals(actual)) {
                next = i + 1;
            }
        }
        if (next < 0 && !forwards.isEmpty() && forwards.getFirst().from().equals(actual)) {
            next = 0;
        }
        if (next < 0) {
            if (!forwards.isEmpty()) {
                answers.add(new QueueEvent.FastForwardRefused(clock.instant(), forwards.getFirst().to(), actual));
            } else if (!actual.equals(engine.main())) {
                answers.add(new QueueEvent.MainMoved(clock.instant(), actual));
            }
            return;
        }
        // The ones main already passed merged before the crash; whoever watches may not have heard (telling again is
        // harmless).
        forwards.subList(0, next).forEach(forward -> observer.merged(forward.to(), merged(forward)));
        for (UnconfirmedForward forward : forwards.subList(next, forwards.size())) {
            MainUpdate update = repository.advanceMain(forward.from(), forward.to());
            switch (update) {
                case MainUpdate.Advanced advanced -> observer.merged(advanced.commit(), merged(forward));
                case MainUpdate.LostRace lost -> {
                    answers.add(new QueueEvent.FastForwardRefused(clock.instant(), forward.to(), lost.actual()));
                    return;
                }
                case MainUpdate.NotFastForward refused -> {
                    answers.add(new QueueEvent.FastForwardRefused(clock.instant(), forward.to(), refused.actual()));
                    return;
                }
                case MainUpdate.Refused refused -> {
                    answers.add(new QueueEvent.FastForwardRefused(clock.instant(), forward.to(), refused.actual()));
                    answers.add(new QueueEvent.Locked(clock.instant(), "mainline",
                            "main cannot be moved: " + refused.reason()));
                    return;
                }
            }
        }
    }

    private static List<EntryRef> merged(UnconfirmedForward forward) {
        List<EntryRef> merged = new java.util.ArrayList<>(forward.entries().stream().map(QueueEntry::ref).toList());
        forward.emergency().ifPresent(emergency -> merged.add(emergency.ref()));
        return merged;
    }

    private boolean stillIs(SpeculativeBuild build, SpeculativeBuild.Status status) {
        return engine.builds().stream()
                .anyMatch(current -> current.id().equals(build.id()) && current.status() == status
                        && current.entries().equals(build.entries()));
    }

    private void startCi(BuildId build, String commit) {
        // What the build holds goes with it, so whatever keeps its log and reports can say which pull requests it was.
        CiBuild tested = engine.builds().stream().filter(held -> held.id().equals(build)).findFirst()
                .map(held -> CiBuild.of(held, commit)).orElseGet(() -> CiBuild.unknown(build, commit));
        ci.start(tested, run -> inbox.add(() -> {
            if (broken != null) {
                return;
            }
            observer.ciFinished(build, commit, run);
            handle(new QueueEvent.CiFinished(clock.instant(), build, run.outcome()));
        }));
    }

    private void carryOut(QueueCommand command) {
        switch (command) {
            case QueueCommand.BuildCommit build -> buildCommit(build);
            case QueueCommand.StartCi start -> startCi(start.build(), start.commit());
            case QueueCommand.CancelCi cancel -> {
                ci.cancel(cancel.build());
                repository.release(cancel.build());
            }
            case QueueCommand.FastForward forward -> fastForward(forward);
            case QueueCommand.Eject eject -> {
            }
            case QueueCommand.Notify notify -> {
            }
        }
    }

    private void buildCommit(QueueCommand.BuildCommit build) {
        SpeculativeCommit result;
        try {
            result = repository.build(build.build(), build.base(), build.entries());
        } catch (RuntimeException e) {
            // The repository could not be read or written: nobody is to blame, so try again rather than eject.
            LOG.log(Level.WARNING, "merge queue %s could not build %s; retrying".formatted(name, build.build()), e);
            observer.failed("building " + build.build(), e);
            // Two seconds, then twice as long each time the same build fails, up to five minutes: a forge that is down
            // for an hour is not asked every two seconds.
            int failures = buildFailures.merge(build.build(), 1, Integer::sum);
            long delay = Math.min(BUILD_RETRY.toMillis() << Math.min(failures - 1, 20), MAX_BUILD_RETRY.toMillis());
            retries.schedule(() -> inbox.add(() -> retryBuild(build)), delay, TimeUnit.MILLISECONDS);
            return;
        }
        buildFailures.remove(build.build());
        switch (result) {
            case SpeculativeCommit.Built built -> answers.add(
                    new QueueEvent.CommitBuilt(clock.instant(), build.build(), built.commit()));
            case SpeculativeCommit.Conflicted conflicted -> answers.add(new QueueEvent.CommitConflicted(
                    clock.instant(), build.build(), conflicted.pullRequest(), conflicted.files()));
            // Nothing can be built with it: it leaves the queue, saying why, instead of being retried forever.
            case SpeculativeCommit.MissingHead missing -> answers.add(new QueueEvent.HeadMissing(clock.instant(),
                    build.build(), missing.pullRequest(), missing.head()));
        }
    }

    private void retryBuild(QueueCommand.BuildCommit build) {
        boolean stillWanted = engine.builds().stream()
                .anyMatch(existing -> existing.id().equals(build.build())
                        && existing.status() == SpeculativeBuild.Status.BUILDING
                        && existing.entries().equals(build.entries()));
        if (stillWanted && engine.main().equals(build.base())) {
            buildCommit(build);
            drainAnswers();
        } else {
            buildFailures.remove(build.build());
        }
    }

    private void fastForward(QueueCommand.FastForward forward) {
        MainUpdate update;
        try {
            update = repository.advanceMain(forward.from(), forward.to());
        } catch (RuntimeException e) {
            // The repository failed mid-update: main is wherever it is now, and the engine must hear it.
            String actual = repository.main();
            if (!actual.equals(forward.to())) {
                refused(forward, actual);
            }
            throw e;
        }
        switch (update) {
            case MainUpdate.Advanced advanced -> observer.merged(advanced.commit(), forward.merged());
            // Someone moved main first (a lost race), or somewhere the target does not descend from: the engine puts
            // the entries back and rebuilds speculation on the real main.
            case MainUpdate.LostRace lost -> refused(forward, lost.actual());
            case MainUpdate.NotFastForward refused -> refused(forward, refused.actual());
            // Retrying would be refused the same way: merging stops (testing goes on) until someone unlocks it.
            case MainUpdate.Refused refused -> {
                LOG.warning(() -> "merge queue %s: main cannot be moved: %s; merging is locked"
                        .formatted(name, refused.reason()));
                refused(forward, refused.actual());
                answers.add(new QueueEvent.Locked(clock.instant(), "mainline",
                        "main cannot be moved: " + refused.reason()));
            }
        }
    }

    private void refused(QueueCommand.FastForward forward, String actual) {
        LOG.info(() -> "merge queue %s: main is at %s, not %s; %s go back to the front of the queue"
                .formatted(name, actual, forward.from(), QueueBook.describe(forward.merged())));
        answers.add(new QueueEvent.FastForwardRefused(clock.instant(), forward.to(), actual));
    }
}
