package dev.mainline.simulator;

import java.time.Duration;
import java.util.List;

/**
 * What one strategy did on one world. Times are minutes; {@code mean} and the percentiles are of time-to-merge.
 *
 * @param queueAtDayEnd entries still waiting when the work day ended
 * @param drainedAfter minutes from the start of the day until the last entry left the queue
 * @param queueLength queue length sampled every ten minutes
 */
public record Result(String strategy, String scenario, int merged, int ejected, int goodEjected, int defectsOnMain,
        double redMinutes, double mean, double p50, double p95, double p99, double max, double urgentP95, long ciRuns,
        double ciMinutes, int maxConcurrentCi, int queueAtDayEnd, double drainedAfter, int unresolved,
        List<Integer> queueLength) {
    public Result {
        queueLength = List.copyOf(queueLength);
    }

    public double ciRunsPerMerge() {
        return merged == 0 ? 0 : (double) ciRuns / merged;
    }

    public double ciMinutesPerMerge() {
        return merged == 0 ? 0 : ciMinutes / merged;
    }

    /** Merged entries per hour of the work day. */
    public double throughputPerHour(Duration workday) {
        return merged / (workday.toMinutes() / 60.0);
    }
}
