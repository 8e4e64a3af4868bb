package dev.mainline.testresults;

import java.time.LocalDate;

/**
 * How one test ended on one day (UTC), counted per attempt: passes are kept only as these counts, so a pass costs a
 * few bytes whatever the number of runs; failures are kept whole as well ({@link StoredFailure}).
 */
public record DailyCounts(long testId, LocalDate day, long passed, long failed, long skipped) {
}
