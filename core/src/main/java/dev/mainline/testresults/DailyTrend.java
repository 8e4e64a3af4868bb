package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * One day (UTC) of a repository's CI, or of one team's part of it: CI jobs that reported tests, jobs in which a test
 * (of the team's) finally failed, failed attempts, and those of them that were flaky (passed on retry in the same run,
 * or of a test classified flaky).
 */
public record DailyTrend(LocalDate day, int jobs, int failedJobs, int failures, int flakyFailures) {
    public DailyTrend {
        requireNonNull(day, "day is null");
    }

    /** The share of jobs that failed, from 0 to 1; 0 on a day without jobs. */
    public double failedJobShare() {
        return jobs == 0 ? 0 : (double) failedJobs / jobs;
    }
}
