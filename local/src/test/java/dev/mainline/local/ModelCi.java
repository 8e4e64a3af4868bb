package dev.mainline.local;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * CI whose runs finish when a model history says so, with the outcome it chooses: CI is the outside world of the
 * queue, and the history decides what the outside world does. Stopped with its queue, like the command runner.
 */
final class ModelCi implements QueueCi {
    /** A run waiting for its result. */
    record Run(BuildId build, String commit, Consumer<CiRun> finished) {
    }

    private final Map<BuildId, Run> running = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    @Override
    public void start(BuildId build, String commit, Consumer<CiRun> finished) {
        if (!stopped) {
            running.put(build, new Run(build, commit, finished));
        }
    }

    @Override
    public void cancel(BuildId build) {
        running.remove(build);
    }

    @Override
    public void stop() {
        stopped = true;
        running.clear();
    }

    /** The runs waiting for a result, oldest build first, so a seeded choice among them is the same every time. */
    List<Run> runs() {
        List<Run> runs = new ArrayList<>(running.values());
        runs.sort(Comparator.comparingLong(run -> run.build().value()));
        return runs;
    }

    /**
     * Reports {@code outcome} for {@code run} if it still runs; the result is in the runner's inbox when this returns.
     * Returns whether it was reported.
     */
    boolean finish(Run run, CiOutcome outcome) {
        if (!running.remove(run.build(), run)) {
            return false;
        }
        run.finished().accept(new CiRun(outcome, "decided by the model history", Optional.empty(), List.of()));
        return true;
    }
}
