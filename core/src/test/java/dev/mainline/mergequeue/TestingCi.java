package dev.mainline.mergequeue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** CI whose runs finish when the test says so. */
final class TestingCi implements ContinuousIntegration {
    private final Map<BuildId, Consumer<CiRun>> running = new ConcurrentHashMap<>();

    @Override
    public void start(BuildId build, String commit, Consumer<CiRun> finished) {
        running.put(build, finished);
    }

    @Override
    public void cancel(BuildId build) {
        running.remove(build);
    }

    int running() {
        return running.size();
    }

    /**
     * Finishes every run with {@code outcome}. The results are in the runner's inbox when this returns, so any query
     * or event submitted afterwards sees them handled.
     */
    void finishAll(CiOutcome outcome) {
        for (BuildId build : new ArrayList<>(running.keySet())) {
            Consumer<CiRun> finished = running.remove(build);
            if (finished != null) {
                finished.accept(new CiRun(outcome, "finished by the test", Optional.empty(), List.of()));
            }
        }
    }
}
