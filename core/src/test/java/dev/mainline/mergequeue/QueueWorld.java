package dev.mainline.mergequeue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * A small seeded world for driving the engine in tests: pull requests that are good or bad, pairs that conflict, flaky
 * CI with random durations. It carries out the engine's commands the way an adapter would and checks, after every
 * event, the engine's promises: main only moves to a tested-green commit holding exactly the merged entries in queue
 * order; nothing merges twice; every ejection has a reason; CI in flight never exceeds the budget.
 */
final class QueueWorld {
    private record Scheduled(Instant at, long order, QueueEvent event) {
    }

    private final Random random;
    private final double flakeRate;
    private final Set<Integer> bad = new HashSet<>();
    private final Set<Set<Integer>> conflicts = new HashSet<>();
    private final PriorityQueue<Scheduled> pending = new PriorityQueue<>((left, right) -> {
        int byTime = left.at().compareTo(right.at());
        return byTime != 0 ? byTime : Long.compare(left.order(), right.order());
    });
    private long order;
    private MergeQueueEngine engine;
    private Instant now;

    private final Map<BuildId, List<EntryRef>> built = new HashMap<>();
    private final Map<BuildId, String> commits = new HashMap<>();
    private final Set<BuildId> running = new HashSet<>();
    private final Set<BuildId> passedCi = new HashSet<>();
    private final Map<String, List<Integer>> commitContents = new HashMap<>();
    private final List<Integer> mainContents = new ArrayList<>();
    private final Map<Integer, String> ejected = new LinkedHashMap<>();
    private final Set<Integer> dequeued = new HashSet<>();
    private final Set<Integer> enqueued = new HashSet<>();
    private final Set<Integer> emergencies = new HashSet<>();
    private final Set<Integer> refusedEmergencies = new HashSet<>();
    private final List<QueueCommand> log = new ArrayList<>();

    QueueWorld(long seed, double flakeRate, QueueConfiguration configuration) {
        this.random = new Random(seed);
        this.flakeRate = flakeRate;
        this.now = Instant.parse("2026-03-02T09:00:00Z");
        this.engine = MergeQueueEngine.start(configuration, now, "main-0");
        commitContents.put("main-0", List.of());
    }

    void emergency(Instant at, int pullRequest) {
        emergencies.add(pullRequest);
        enqueued.add(pullRequest);
        schedule(at,
                new QueueEvent.EmergencyMerge(at, pullRequest, "h" + pullRequest, "author" + pullRequest, "oncall"));
    }

    void markBad(int pullRequest) {
        bad.add(pullRequest);
    }

    void markConflicting(int first, int second) {
        conflicts.add(Set.of(first, second));
    }

    void schedule(Instant at, QueueEvent event) {
        pending.add(new Scheduled(at, order++, event));
    }

    void enqueue(Instant at, int pullRequest, Priority priority, double estimate) {
        enqueued.add(pullRequest);
        schedule(at, new QueueEvent.Enqueued(at, pullRequest, "h" + pullRequest, "author" + pullRequest, priority,
                estimate));
    }

    /**
     * Processes events until none is left or {@code until} is reached; every {@code restoreEvery} events, when asked,
     * restores the engine from its state written out as a snapshot and read back.
     */
    void run(Instant until, int restoreEvery) {
        int handled = 0;
        while (!pending.isEmpty() && !pending.peek().at().isAfter(until)) {
            Scheduled next = pending.poll();
            now = next.at();
            if (next.event() instanceof QueueEvent.Dequeued dequeue) {
                boolean queued = engine.entries().stream()
                        .anyMatch(entry -> entry.pullRequest() == dequeue.pullRequest());
                if (queued) {
                    dequeued.add(dequeue.pullRequest());
                }
            }
            if (next.event() instanceof QueueEvent.CiFinished finished) {
                if (!running.remove(finished.build())) {
                    continue;
                }
                if (finished.outcome() == CiOutcome.PASSED) {
                    passedCi.add(finished.build());
                }
            }
            List<EntryRef> queueBefore = engine.entries().stream().map(QueueEntry::ref).toList();
            List<QueueCommand> commands = engine.handle(next.event());
            log.addAll(commands);
            for (QueueCommand command : commands) {
                carryOut(command, queueBefore);
            }
            int inFlight = (int) engine.builds().stream().filter(SpeculativeBuild::inFlight).count();
            assertThat(running.size()).as("CI runs in flight")
                    .isLessThanOrEqualTo(engine.configuration().ciBudget());
            assertThat(inFlight).isLessThanOrEqualTo(engine.configuration().ciBudget());
            handled++;
            if (restoreEvery > 0 && handled % restoreEvery == 0) {
                // Through the snapshot text a journal is compacted into, so that is proven exact too.
                MergeQueueState state = engine.state();
                MergeQueueState read = QueueStateCodec.decode(QueueStateCodec.encode(state));
                assertThat(read).isEqualTo(state);
                engine = MergeQueueEngine.restore(read);
            }
        }
    }

    private void carryOut(QueueCommand command, List<EntryRef> queueBefore) {
        switch (command) {
            case QueueCommand.BuildCommit build -> {
                if (!build.base().equals(engine.main())) {
                    throw new AssertionError("build on " + build.base() + " while main is " + engine.main());
                }
                built.put(build.build(), build.entries());
                List<Integer> contents = new ArrayList<>(commitContents.get(build.base()));
                for (EntryRef ref : build.entries()) {
                    for (Integer earlier : contents) {
                        if (conflicts.contains(Set.of(earlier, ref.pullRequest()))) {
                            schedule(now, new QueueEvent.CommitConflicted(now, build.build(), ref.pullRequest(),
                                    List.of("src/Shared" + Math.min(earlier, ref.pullRequest()) + ".java")));
                            return;
                        }
                    }
                    contents.add(ref.pullRequest());
                }
                String commit = "c" + build.build().value();
                commitContents.put(commit, List.copyOf(contents));
                commits.put(build.build(), commit);
                schedule(now, new QueueEvent.CommitBuilt(now, build.build(), commit));
            }
            case QueueCommand.StartCi start -> {
                if (!running.add(start.build())) {
                    throw new AssertionError("CI started twice on " + start.build());
                }
                List<Integer> contents = commitContents.get(start.commit());
                boolean broken = contents.stream().anyMatch(bad::contains);
                boolean flaky = random.nextDouble() < flakeRate;
                CiOutcome outcome = broken || flaky ? CiOutcome.FAILED : CiOutcome.PASSED;
                Instant done = now.plus(Duration.ofMinutes(10 + random.nextInt(20)));
                schedule(done, new QueueEvent.CiFinished(done, start.build(), outcome));
            }
            case QueueCommand.CancelCi cancel -> running.remove(cancel.build());
            case QueueCommand.FastForward forward -> {
                if (!forward.tested()) {
                    assertThat(forward.merged()).hasSize(1);
                    assertThat(emergencies).as("untested merges are emergency merges")
                            .contains(forward.merged().get(0).pullRequest());
                    assertThat(mainContents).doesNotContain(forward.merged().get(0).pullRequest());
                    assertThat(forward.from()).isEqualTo(currentMain());
                    mainContents.add(forward.merged().get(0).pullRequest());
                    assertThat(commitContents.get(forward.to())).as("emergency commit descends from main")
                            .isEqualTo(mainContents);
                    currentMainCommit = forward.to();
                    return;
                }
                assertThat(passedCi).as("main moves only to a commit whose CI passed").contains(forward.build());
                assertThat(forward.from()).isEqualTo(String.valueOf(currentMain()));
                List<Integer> contents = commitContents.get(forward.to());
                List<Integer> expected = new ArrayList<>(mainContents);
                forward.merged().forEach(ref -> expected.add(ref.pullRequest()));
                assertThat(contents).as("main holds exactly the merged entries in order").isEqualTo(expected);
                for (EntryRef ref : forward.merged()) {
                    assertThat(mainContents).as("#%d merged twice", ref.pullRequest())
                            .doesNotContain(ref.pullRequest());
                    assertThat(queueBefore).as("merged entries were queued").contains(ref);
                }
                List<Integer> mergedNumbers = forward.merged().stream().map(EntryRef::pullRequest).toList();
                List<EntryRef> ahead = queueBefore.subList(0, queueBefore.indexOf(forward.merged().getLast()) + 1);
                for (EntryRef ref : ahead) {
                    boolean accounted = mergedNumbers.contains(ref.pullRequest())
                            || ejected.containsKey(ref.pullRequest())
                            || dequeued.contains(ref.pullRequest())
                            || engine.entries().stream().noneMatch(entry -> entry.ref().equals(ref))
                            || demotedSuspect(ref);
                    assertThat(accounted).as("#%d was skipped over", ref.pullRequest()).isTrue();
                }
                assertThat(mergedNumbers).as("merged in queue order").isEqualTo(ahead.stream()
                        .map(EntryRef::pullRequest).filter(mergedNumbers::contains).toList());
                mainContents.addAll(mergedNumbers);
                currentMainCommit = forward.to();
            }
            case QueueCommand.Eject eject -> {
                assertThat(eject.detail()).as("ejection reason").isNotBlank();
                assertThat(ejected.put(eject.pullRequest(), eject.detail())).as("ejected twice").isNull();
            }
            case QueueCommand.Notify notify -> {
                if (notify.message().isBlank()) {
                    throw new AssertionError("empty notification for #" + notify.pullRequest());
                }
                if (notify.message().startsWith("the emergency merge of")) {
                    refusedEmergencies.add(notify.pullRequest());
                }
            }
        }
    }

    private String currentMainCommit = "main-0";

    /** An entry still queued that was moved behind the merged ones because a failure was charged to it. */
    private boolean demotedSuspect(EntryRef ref) {
        boolean suspect = engine.entries().stream()
                .anyMatch(entry -> entry.ref().equals(ref) && entry.failures() > 0);
        boolean moved = engine.history(ref.pullRequest()).stream()
                .anyMatch(
                        line -> line.kind() == HistoryEvent.Kind.POSITION_CHANGED && line.detail().contains("retried"));
        return suspect && moved;
    }

    private String currentMain() {
        return currentMainCommit;
    }

    MergeQueueEngine engine() {
        return engine;
    }

    List<Integer> mainContents() {
        return mainContents;
    }

    Map<Integer, String> ejected() {
        return ejected;
    }

    Set<Integer> dequeued() {
        return dequeued;
    }

    Set<Integer> emergencies() {
        return emergencies;
    }

    Set<Integer> refusedEmergencies() {
        return refusedEmergencies;
    }

    Set<Integer> enqueued() {
        return enqueued;
    }

    List<QueueCommand> log() {
        return log;
    }

    Random random() {
        return random;
    }
}
