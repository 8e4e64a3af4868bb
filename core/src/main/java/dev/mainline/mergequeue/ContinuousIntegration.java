package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs CI on the queue's speculative commits. Implemented by the CI adapters (a local command runner, GitHub). */
public interface ContinuousIntegration {
    /**
     * Starts CI on {@code commit} for {@code build}; {@code finished} is called once, from any thread, unless the run
     * is cancelled first.
     */
    void start(BuildId build, String commit, Consumer<CiRun> finished);

    /**
     * Starts CI on {@code build}, knowing what it holds; adapters that need only the commit take it as
     * {@link #start(BuildId, String, Consumer)} does.
     */
    default void start(CiBuild build, Consumer<CiRun> finished) {
        start(build.id(), build.commit(), finished);
    }

    /** Stops the run of {@code build}, if it still runs; its result is never reported. */
    void cancel(BuildId build);

    /**
     * A finished CI run: its outcome, a one-line summary, where its log is kept and the test reports it produced (none
     * for a run that was killed, whose reports say nothing about why it failed).
     */
    record CiRun(CiOutcome outcome, String summary, Optional<String> log, List<String> reports) {
        public CiRun {
            requireNonNull(outcome, "outcome is null");
            requireNonNull(summary, "summary is null");
            requireNonNull(log, "log is null");
            reports = List.copyOf(requireNonNull(reports, "reports is null"));
        }
    }
}
