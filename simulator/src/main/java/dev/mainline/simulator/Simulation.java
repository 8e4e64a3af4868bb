package dev.mainline.simulator;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A discrete-event run of one strategy on one world. It carries out the strategy's commands the way the adapters do
 * (commits are built at once, CI runs take the world's time and give the world's verdict), keeps main's real contents,
 * and when broken code reaches main it turns main red until main's own CI has shown it and a revert has landed.
 */
public final class Simulation {
    public static final String INITIAL_MAIN = "m0";
    private static final Duration SAMPLE_EVERY = Duration.ofMinutes(10);
    private static final Duration REVERT_DELAY = Duration.ofMinutes(10);
    /** How long after the work day the simulation goes on, for the queue to drain. */
    private static final Duration OVERTIME = Duration.ofHours(72);

    private record Scheduled(Instant at, long order, QueueEvent event, Runnable action) {
    }

    private record Running(Instant started, Instant ends) {
    }

    private final World world;
    private final Strategy strategy;
    private final PriorityQueue<Scheduled> pending = new PriorityQueue<>((left, right) -> {
        int byTime = left.at().compareTo(right.at());
        return byTime != 0 ? byTime : Long.compare(left.order(), right.order());
    });
    private long order;
    private Instant now = World.DAY_START;

    private String main = INITIAL_MAIN;
    private List<Integer> mainContents = new ArrayList<>();
    private final Map<String, List<Integer>> contents = new HashMap<>();
    /**
     * CI runs so far per tested contents, so that a commit rebuilt with the same contents gets a fresh run (and a
     * fresh chance to flake) instead of replaying its first one.
     */
    private final Map<List<Integer>, Integer> attempts = new HashMap<>();
    private final Map<BuildId, Running> running = new HashMap<>();
    private final Map<Integer, Instant> mergedAt = new HashMap<>();
    private final Set<Integer> ejected = new HashSet<>();
    private final Set<Integer> enqueued = new HashSet<>();
    private final Set<Integer> resolved = new HashSet<>();
    private int waiting;
    private final List<Integer> queueLength = new ArrayList<>();
    private Instant redSince;
    private boolean revertScheduled;
    private Duration red = Duration.ZERO;
    private long ciRuns;
    private Duration ciTime = Duration.ZERO;
    private int maxConcurrentCi;
    private int revertCount;
    private int queueAtDayEnd = -1;
    private Instant lastResolution = World.DAY_START;

    public Simulation(World world, Strategy strategy) {
        this.world = world;
        this.strategy = strategy;
        contents.put(INITIAL_MAIN, List.of());
    }

    public Result run() {
        for (World.PullRequest pullRequest : world.pullRequests()) {
            Priority priority = pullRequest.urgent() ? Priority.URGENT : Priority.NORMAL;
            schedule(pullRequest.arrival(), new QueueEvent.Enqueued(pullRequest.arrival(), pullRequest.number(),
                    "head-" + pullRequest.number(), "author-" + pullRequest.number(), priority,
                    strategy.successEstimate(pullRequest)));
        }
        Instant dayEnd = World.DAY_START.plus(world.scenario().workday());
        Instant limit = dayEnd.plus(OVERTIME);
        for (Instant at = World.DAY_START; at.isBefore(limit); at = at.plus(SAMPLE_EVERY)) {
            Instant sampleAt = at;
            scheduleAction(at, () -> {
                int waiting = waiting();
                queueLength.add(waiting);
                if (queueAtDayEnd < 0 && !sampleAt.isBefore(dayEnd)) {
                    queueAtDayEnd = waiting;
                }
            });
        }
        while (!pending.isEmpty() && !pending.peek().at().isAfter(limit)) {
            Scheduled next = pending.poll();
            now = next.at();
            if (next.action() != null) {
                next.action().run();
            } else {
                deliver(next.event());
            }
            if (enqueued.size() == world.pullRequests().size() && waiting() == 0 && running.isEmpty()
                    && !revertScheduled) {
                break;
            }
        }
        if (redSince != null) {
            red = red.plus(Duration.between(redSince, now));
        }
        return result();
    }

    private int waiting() {
        return waiting;
    }

    /** Marks a pull request as out of the queue (merged or ejected), once. */
    private void resolved(int number) {
        if (enqueued.contains(number) && resolved.add(number)) {
            waiting--;
        }
    }

    private void deliver(QueueEvent event) {
        if (event instanceof QueueEvent.CiFinished finished) {
            Running run = running.remove(finished.build());
            if (run == null) {
                return;
            }
            ciTime = ciTime.plus(Duration.between(run.started(), now));
        }
        if (event instanceof QueueEvent.Enqueued enqueuedEvent && enqueued.add(enqueuedEvent.pullRequest())) {
            waiting++;
        }
        for (QueueCommand command : strategy.handle(event)) {
            carryOut(command);
        }
    }

    private void carryOut(QueueCommand command) {
        switch (command) {
            case QueueCommand.BuildCommit build -> {
                List<Integer> built = new ArrayList<>(contents.get(build.base()));
                build.entries().forEach(ref -> built.add(ref.pullRequest()));
                String commit = "c" + build.build().value() + "-" + strategy.name().hashCode();
                contents.put(commit, built);
                schedule(now, new QueueEvent.CommitBuilt(now, build.build(), commit));
            }
            case QueueCommand.StartCi start -> {
                List<Integer> tested = contents.get(start.commit());
                int attempt = attempts.merge(List.copyOf(tested), 1, Integer::sum);
                World.Run run = world.run(tested, attempt);
                Instant ends = now.plus(run.duration());
                running.put(start.build(), new Running(now, ends));
                ciRuns++;
                maxConcurrentCi = Math.max(maxConcurrentCi, running.size());
                schedule(ends, new QueueEvent.CiFinished(ends, start.build(),
                        run.passes() ? CiOutcome.PASSED : CiOutcome.FAILED));
            }
            case QueueCommand.CancelCi cancel -> {
                Running run = running.remove(cancel.build());
                if (run != null) {
                    ciTime = ciTime.plus(Duration.between(run.started(), now));
                }
            }
            case QueueCommand.FastForward forward -> fastForward(forward);
            case QueueCommand.Eject eject -> {
                if (ejected.add(eject.pullRequest())) {
                    lastResolution = now;
                }
                resolved(eject.pullRequest());
            }
            case QueueCommand.Notify notify -> {
            }
        }
    }

    private void fastForward(QueueCommand.FastForward forward) {
        List<Integer> next = contents.get(forward.to());
        if (next == null) {
            next = new ArrayList<>(mainContents);
            for (EntryRef ref : forward.merged()) {
                next.add(ref.pullRequest());
            }
            contents.put(forward.to(), next);
        }
        main = forward.to();
        mainContents = new ArrayList<>(next);
        for (EntryRef ref : forward.merged()) {
            mergedAt.putIfAbsent(ref.pullRequest(), now);
            resolved(ref.pullRequest());
        }
        lastResolution = now;
        if (world.broken(mainContents) && redSince == null) {
            redSince = now;
            scheduleRevert();
        }
    }

    /** Main's own CI shows the breakage, then the culprits are reverted (outside the queue). */
    private void scheduleRevert() {
        revertScheduled = true;
        Duration detection = world.run(mainContents, 1).duration().plus(REVERT_DELAY);
        scheduleAction(now.plus(detection), () -> {
            revertScheduled = false;
            List<Integer> kept = new ArrayList<>();
            for (Integer number : mainContents) {
                List<Integer> candidate = new ArrayList<>(kept);
                candidate.add(number);
                if (!world.broken(candidate)) {
                    kept.add(number);
                }
            }
            mainContents = kept;
            main = "revert-" + (++revertCount);
            contents.put(main, List.copyOf(kept));
            red = red.plus(Duration.between(redSince, now));
            redSince = null;
            deliver(new QueueEvent.MainMoved(now, main));
        });
    }

    private void schedule(Instant at, QueueEvent event) {
        pending.add(new Scheduled(at, order++, event, null));
    }

    private void scheduleAction(Instant at, Runnable action) {
        pending.add(new Scheduled(at, order++, null, action));
    }

    private Result result() {
        List<Double> times = new ArrayList<>();
        List<Double> urgentTimes = new ArrayList<>();
        int defects = 0;
        for (Map.Entry<Integer, Instant> merged : mergedAt.entrySet()) {
            World.PullRequest pullRequest = world.pullRequest(merged.getKey());
            double minutes = Duration.between(pullRequest.arrival(), merged.getValue()).toMillis() / 60_000.0;
            times.add(minutes);
            if (pullRequest.urgent()) {
                urgentTimes.add(minutes);
            }
            if (pullRequest.broken()) {
                defects++;
            }
        }
        for (Long pair : world.softConflicts()) {
            int first = (int) (pair >>> 32);
            int second = (int) (pair & 0xFFFFFFFFL);
            if (mergedAt.containsKey(first) && mergedAt.containsKey(second)) {
                defects++;
            }
        }
        int goodEjected = 0;
        for (Integer number : ejected) {
            boolean conflicts = mergedAt.keySet().stream().anyMatch(other -> world.conflict(other, number));
            if (!world.pullRequest(number).broken() && !conflicts) {
                goodEjected++;
            }
        }
        times.sort(null);
        urgentTimes.sort(null);
        double mean = times.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return new Result(strategy.name(), world.scenario().name(), mergedAt.size(), ejected.size(), goodEjected,
                defects, red.toMillis() / 60_000.0, mean, percentile(times, 0.50), percentile(times, 0.95),
                percentile(times, 0.99), percentile(times, 1.0), percentile(urgentTimes, 0.95), ciRuns,
                ciTime.toMillis() / 60_000.0, maxConcurrentCi, Math.max(0, queueAtDayEnd),
                Duration.between(World.DAY_START, lastResolution).toMillis() / 60_000.0, waiting(), queueLength);
    }

    static double percentile(List<Double> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
