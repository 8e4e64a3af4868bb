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
import java.util.ArrayList;
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

    /**
     * Tells whether a commit's settings ({@code .mainline.yml}) are ones the queue can run with; a build whose commit
     * has settings it cannot run with is not tested, and the pull request that brought them leaves the queue.
     */
    @FunctionalInterface
    public interface SettingsCheck {
        SettingsCheck NONE = (base, commit) -> Optional.empty();

        /**
         * What is wrong with the settings at {@code commit}, naming the line; empty when they are good or the same as
         * at {@code base} (bad settings main already has are not the pull requests' doing).
         */
        Optional<String> problemAt(String base, String commit);
    }

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
    private final SettingsCheck settingsCheck;
    /** How many entries taken out without merging are remembered, to be called merged if main turns out to hold them. */
    private static final int REMEMBERED_LEFT = 100;
    /** Entries taken out without merging, oldest first; only touched on the runner's thread. */
    private final java.util.LinkedHashMap<Integer, QueueEntry> recentlyLeft = new java.util.LinkedHashMap<>();
    private Thread thread;
    private volatile boolean running;
    /** Why the queue could not resume from its journal; while set, nothing is accepted or journaled. */
    private volatile RuntimeException broken;

    public QueueRunner(String name, MergeQueueEngine engine, MergeRepository repository, ContinuousIntegration ci,
            EventJournal journal, Clock clock, Observer observer) {
        this(name, engine, repository, ci, journal, clock, observer, SettingsCheck.NONE);
    }

    public QueueRunner(String name, MergeQueueEngine engine, MergeRepository repository, ContinuousIntegration ci,
            EventJournal journal, Clock clock, Observer observer, SettingsCheck settingsCheck) {
        this.settingsCheck = requireNonNull(settingsCheck, "settingsCheck is null");
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

    /**
     * Stops after the event being handled: a stop is not a crash, so the runner is not interrupted while it writes
     * (an interrupted thread's file channels close under it). Only a runner that does not finish within ten seconds
     * is interrupted.
     */
    public synchronized void stop() {
        running = false;
        retries.shutdownNow();
        if (thread != null) {
            // Wakes a loop waiting for work; it sees it is to stop before taking anything else.
            inbox.add(() -> {
            });
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(TimeUnit.SECONDS.toMillis(2));
                }
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

    /**
     * Whether {@code commit} is on main in the repository now: main's commit or one of its ancestors. Asked of the
     * repository on the caller's thread (it only reads), so a slow forge does not hold up the queue.
     */
    public boolean onMain(String commit) {
        return repository.reaches(repository.main(), commit);
    }

    /** Whether {@code commit} is {@code tip} or one of its ancestors, asked as {@link #onMain} is. */
    public boolean reaches(String tip, String commit) {
        return repository.reaches(tip, commit);
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
            List<QueueCommand> commands = handleRemembering(next);
            // What became of the fast-forwards goes to the engine before any other answer: a refusal puts entries
            // back that any later event would take as merged, and a success is recorded before anything is built on
            // it, so a replay never asks for it again.
            List<QueueEvent> forwarded = new ArrayList<>();
            boolean refused = false;
            for (QueueCommand command : commands) {
                // One command that cannot be carried out must not leave the others of its batch undone.
                try {
                    if (command instanceof QueueCommand.FastForward forward) {
                        // The later ones of a batch start where a refused one would have led.
                        if (!refused) {
                            refused = fastForward(forward, forwarded);
                        }
                    } else {
                        carryOut(command);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "merge queue %s could not carry out %s".formatted(name, command), e);
                    observer.failed("carrying out " + command.getClass().getSimpleName(), e);
                }
                observer.carriedOut(command);
            }
            for (int i = forwarded.size() - 1; i >= 0; i--) {
                answers.addFirst(forwarded.get(i));
            }
            if (next instanceof QueueEvent.MainMoved || next instanceof QueueEvent.FastForwardRefused) {
                landOutside();
            }
        }
    }

    /**
     * Hands {@code event} to the engine, remembering the entries it takes out without merging them (the latest
     * {@value #REMEMBERED_LEFT}): one merged by hand before the queue saw the push is then called merged too.
     */
    private List<QueueCommand> handleRemembering(QueueEvent event) {
        List<QueueEntry> before = engine.entries();
        List<QueueCommand> commands = engine.handle(event);
        if (before.size() != engine.entries().size() || event instanceof QueueEvent.Dequeued) {
            java.util.Set<Integer> still = new java.util.HashSet<>();
            engine.entries().forEach(entry -> still.add(entry.pullRequest()));
            for (QueueEntry entry : before) {
                List<HistoryEvent> history = engine.history(entry.pullRequest());
                boolean leftUnmerged = !still.contains(entry.pullRequest()) && !history.isEmpty()
                        && history.getLast().kind() != HistoryEvent.Kind.MERGED;
                if (leftUnmerged) {
                    recentlyLeft.remove(entry.pullRequest());
                    recentlyLeft.put(entry.pullRequest(), entry);
                }
            }
            while (recentlyLeft.size() > REMEMBERED_LEFT) {
                recentlyLeft.remove(recentlyLeft.keySet().iterator().next());
            }
        }
        return commands;
    }

    /**
     * Entries whose head is already on main (merged by a push outside the queue) leave it as merged: building them
     * again would merge nothing, and a queue must never call merged what is not on main, nor the other way round.
     */
    private void landOutside() {
        String main = engine.main();
        List<QueueEntry> candidates = new ArrayList<>(engine.entries());
        candidates.addAll(recentlyLeft.values());
        for (QueueEntry entry : candidates) {
            boolean onMain;
            try {
                onMain = repository.reaches(main, entry.head());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "merge queue %s cannot tell whether #%d is on main".formatted(name,
                        entry.pullRequest()), e);
                continue;
            }
            if (onMain) {
                LOG.info(() -> "merge queue %s: #%d is already on main at %s; it leaves the queue as merged"
                        .formatted(name, entry.pullRequest(), main));
                answers.add(new QueueEvent.Landed(clock.instant(), entry.pullRequest(), main));
                recentlyLeft.remove(entry.pullRequest());
                observer.merged(main, List.of(entry.ref()));
            }
        }
    }

    /**
     * Looks at where main is now, on the runner's thread: when it moved without the queue (a push), the queue
     * follows it. Called when people use the queue and by reconcile loops; costs one read of main.
     */
    public void followMain() {
        if (!running) {
            return;
        }
        inbox.add(() -> {
            if (broken != null || !engine.state().unconfirmedForwards().isEmpty()) {
                return;
            }
            String actual;
            try {
                actual = repository.main();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "merge queue %s cannot read main".formatted(name), e);
                return;
            }
            if (!actual.equals(engine.main())) {
                LOG.info(() -> "merge queue %s: main moved outside the queue to %s; speculation restarts on it"
                        .formatted(name, actual));
                handle(new QueueEvent.MainMoved(clock.instant(), actual));
            }
        });
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
            handleRemembering(event);
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
        reconcileMain(engine.state().unconfirmedForwards());
        drainAnswers();
        // Only once main is where the repository says: a configuration that lets merging go on must not merge onto a
        // main that is not there any more.
        if (!engine.configuration().equals(configured)) {
            answers.add(new QueueEvent.ConfigurationChanged(clock.instant(), configured));
        }
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
     * The fast-forwards the last journaled event asked for may or may not have reached the repository. Those main
     * already reaches happened (they are recorded now, and whoever watches is told again); the next one is made now
     * if main is where it starts; anything else was refused. Then, if main moved on without the queue (a push while
     * it was down), the queue follows it.
     */
    private void reconcileMain(List<UnconfirmedForward> forwards) {
        String actual = repository.main();
        for (UnconfirmedForward forward : forwards) {
            if (repository.reaches(actual, forward.to())) {
                observer.merged(forward.to(), merged(forward));
                answers.add(new QueueEvent.FastForwarded(clock.instant(), forward.to()));
                continue;
            }
            if (!forward.from().equals(actual)) {
                answers.add(new QueueEvent.FastForwardRefused(clock.instant(), forward.to(), actual));
                return;
            }
            List<QueueEvent> outcome = new ArrayList<>();
            if (fastForward(new QueueCommand.FastForward(forward.from(), forward.to(), new BuildId(0),
                    merged(forward), forward.emergency().isEmpty()), outcome)) {
                answers.addAll(outcome);
                return;
            }
            answers.addAll(outcome);
            actual = forward.to();
        }
        String expected = forwards.isEmpty() ? engine.main() : forwards.getLast().to();
        if (!actual.equals(expected)) {
            answers.add(new QueueEvent.MainMoved(clock.instant(), actual));
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
            case QueueCommand.FastForward forward -> throw new IllegalStateException("fast-forwards are made by drain");
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
            case SpeculativeCommit.Built built -> answers.add(checkSettings(build, built.commit()));
            case SpeculativeCommit.Conflicted conflicted -> answers.add(new QueueEvent.CommitConflicted(
                    clock.instant(), build.build(), conflicted.pullRequest(), conflicted.files()));
            // Nothing can be built with it: it leaves the queue, saying why, instead of being retried forever.
            case SpeculativeCommit.MissingHead missing -> answers.add(new QueueEvent.HeadMissing(clock.instant(),
                    build.build(), missing.pullRequest(), missing.head()));
        }
    }

    /**
     * A built commit is tested only with settings the queue can run with. When they are bad, the pull request that
     * brought them is blamed: the first whose own head has bad settings, else the last one in the build.
     */
    private QueueEvent checkSettings(QueueCommand.BuildCommit build, String commit) {
        boolean emergency = engine.builds().stream().anyMatch(existing -> existing.id().equals(build.build())
                && existing.kind() == SpeculativeBuild.Kind.EMERGENCY);
        Optional<String> problem = emergency || build.entries().isEmpty()
                ? Optional.empty()
                : settingsCheck.problemAt(build.base(), commit);
        if (problem.isEmpty()) {
            return new QueueEvent.CommitBuilt(clock.instant(), build.build(), commit);
        }
        EntryRef blamed = build.entries().getLast();
        String why = problem.get();
        for (EntryRef entry : build.entries()) {
            Optional<String> own = settingsCheck.problemAt(build.base(), entry.head());
            if (own.isPresent()) {
                blamed = entry;
                why = own.get();
                break;
            }
        }
        EntryRef culprit = blamed;
        String reason = why;
        LOG.warning(() -> "merge queue %s: %s leaves settings the queue cannot run with (%s); #%d leaves the queue"
                .formatted(name, build.build(), reason, culprit.pullRequest()));
        return new QueueEvent.SettingsRefused(clock.instant(), build.build(), culprit.pullRequest(), reason);
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

    /**
     * Moves main as {@code forward} asks and adds what became of it to {@code outcome}: {@code FastForwarded}, or
     * {@code FastForwardRefused} (with a lock when asking again cannot help). Returns whether it was refused.
     */
    private boolean fastForward(QueueCommand.FastForward forward, List<QueueEvent> outcome) {
        MainUpdate update;
        try {
            update = repository.advanceMain(forward.from(), forward.to());
        } catch (RuntimeException e) {
            // The repository failed mid-update: main is wherever it is now, and the engine must hear it.
            LOG.log(Level.SEVERE, "merge queue %s could not move main to %s".formatted(name, forward.to()), e);
            observer.failed("carrying out FastForward", e);
            String actual = repository.main();
            update = actual.equals(forward.to()) ? new MainUpdate.Advanced(actual) : new MainUpdate.LostRace(actual);
        }
        switch (update) {
            case MainUpdate.Advanced advanced -> {
                outcome.add(new QueueEvent.FastForwarded(clock.instant(), forward.to()));
                observer.merged(advanced.commit(), forward.merged());
                return false;
            }
            // Someone moved main first (a lost race), or somewhere the target does not descend from: the engine puts
            // the entries back and rebuilds speculation on the real main.
            case MainUpdate.LostRace lost -> outcome.add(refused(forward, lost.actual()));
            case MainUpdate.NotFastForward refused -> outcome.add(refused(forward, refused.actual()));
            // Retrying would be refused the same way: merging stops (testing goes on) until someone unlocks it.
            case MainUpdate.Refused refused -> {
                LOG.warning(() -> "merge queue %s: main cannot be moved: %s; merging is locked"
                        .formatted(name, refused.reason()));
                outcome.add(refused(forward, refused.actual()));
                outcome.add(new QueueEvent.Locked(clock.instant(), "mainline",
                        "main cannot be moved: " + refused.reason()));
            }
        }
        return true;
    }

    private QueueEvent refused(QueueCommand.FastForward forward, String actual) {
        LOG.info(() -> "merge queue %s: main is at %s, not %s; %s go back to the front of the queue"
                .formatted(name, actual, forward.from(), QueueBook.describe(forward.merged())));
        return new QueueEvent.FastForwardRefused(clock.instant(), forward.to(), actual);
    }
}
