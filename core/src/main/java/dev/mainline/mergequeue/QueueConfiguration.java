package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import java.time.Duration;

/**
 * How one repository's queue behaves.
 *
 * @param failureTolerance how many failures charged to an entry are forgiven as suspected flakes; the next one ejects
 *        it (Shopify's "failure tolerance": with 2, the third failure ejects)
 * @param ciBudget the most CI runs the queue keeps in flight at once
 * @param maxUndeployedMerges how many merges main may run ahead of the last deploy before fast-forwarding pauses
 *        (testing goes on); 0 means no limit
 * @param batchSize how many entries one speculative build adds at most; a failed batch is bisected
 * @param maxExclusions how many suspect entries one speculative build may leave out, so the entries behind a suspect
 *        are tested without it in parallel; 0 gives a single predictive branch
 * @param assumedFlakeRate the chance that a CI run fails for no fault of the code, used to weigh evidence
 * @param defaultSuccessEstimate the chance an entry is good when nothing better is known
 * @param expectedCiDuration how long a CI run takes before any has been seen, for time estimates
 * @param minSpeculationWeight builds less likely than this to become main are not worth CI; 0 spends the whole budget
 * @param countSuccessiveFailures whether the failed builds stacked on an entry's failed build count as failures of that
 *        entry too (Shopify's "successive failures": it is ejected once the builds behind it fail as well, without
 *        sequential retries); off, only the entry's own builds and builds that left it out judge it
 */
public record QueueConfiguration(int failureTolerance, int ciBudget, int maxUndeployedMerges, int batchSize,
        int maxExclusions, double assumedFlakeRate, double defaultSuccessEstimate, Duration expectedCiDuration,
        double minSpeculationWeight, boolean countSuccessiveFailures) {
    public QueueConfiguration {
        requireNonNull(expectedCiDuration, "expectedCiDuration is null");
        check(failureTolerance >= 0 && failureTolerance <= 20, "failureTolerance must be between 0 and 20, got %d",
                failureTolerance);
        check(ciBudget >= 1 && ciBudget <= 10_000, "ciBudget must be between 1 and 10000, got %d", ciBudget);
        check(maxUndeployedMerges >= 0, "maxUndeployedMerges must not be negative, got %d", maxUndeployedMerges);
        check(batchSize >= 1 && batchSize <= 100, "batchSize must be between 1 and 100, got %d", batchSize);
        check(maxExclusions >= 0 && maxExclusions <= 3, "maxExclusions must be between 0 and 3, got %d", maxExclusions);
        check(assumedFlakeRate >= 0 && assumedFlakeRate < 1, "assumedFlakeRate must be in [0, 1), got %s",
                assumedFlakeRate);
        check(defaultSuccessEstimate > 0 && defaultSuccessEstimate <= 1,
                "defaultSuccessEstimate must be in (0, 1], got %s",
                defaultSuccessEstimate);
        check(minSpeculationWeight >= 0 && minSpeculationWeight < 1, "minSpeculationWeight must be in [0, 1), got %s",
                minSpeculationWeight);
        check(!expectedCiDuration.isNegative() && !expectedCiDuration.isZero(),
                "expectedCiDuration must be positive, got %s",
                expectedCiDuration);
    }

    /** Sensible defaults: tolerance 2, ten builds in flight, no drift limit, no batching, one exclusion. */
    public static QueueConfiguration defaults() {
        return new QueueConfiguration(2, 10, 0, 1, 1, 0.05, 0.9, Duration.ofMinutes(20), 0.0, false);
    }

    public QueueConfiguration withCiBudget(int budget) {
        return new QueueConfiguration(failureTolerance, budget, maxUndeployedMerges, batchSize, maxExclusions,
                assumedFlakeRate, defaultSuccessEstimate, expectedCiDuration, minSpeculationWeight,
                countSuccessiveFailures);
    }

    public QueueConfiguration withFailureTolerance(int tolerance) {
        return new QueueConfiguration(tolerance, ciBudget, maxUndeployedMerges, batchSize, maxExclusions,
                assumedFlakeRate, defaultSuccessEstimate, expectedCiDuration, minSpeculationWeight,
                countSuccessiveFailures);
    }

    public QueueConfiguration withMaxUndeployedMerges(int limit) {
        return new QueueConfiguration(failureTolerance, ciBudget, limit, batchSize, maxExclusions, assumedFlakeRate,
                defaultSuccessEstimate, expectedCiDuration, minSpeculationWeight, countSuccessiveFailures);
    }

    public QueueConfiguration withBatchSize(int size) {
        return new QueueConfiguration(failureTolerance, ciBudget, maxUndeployedMerges, size, maxExclusions,
                assumedFlakeRate, defaultSuccessEstimate, expectedCiDuration, minSpeculationWeight,
                countSuccessiveFailures);
    }

    public QueueConfiguration withMaxExclusions(int exclusions) {
        return new QueueConfiguration(failureTolerance, ciBudget, maxUndeployedMerges, batchSize, exclusions,
                assumedFlakeRate, defaultSuccessEstimate, expectedCiDuration, minSpeculationWeight,
                countSuccessiveFailures);
    }

    public QueueConfiguration withMinSpeculationWeight(double weight) {
        return new QueueConfiguration(failureTolerance, ciBudget, maxUndeployedMerges, batchSize, maxExclusions,
                assumedFlakeRate, defaultSuccessEstimate, expectedCiDuration, weight, countSuccessiveFailures);
    }

    public QueueConfiguration withCountSuccessiveFailures(boolean count) {
        return new QueueConfiguration(failureTolerance, ciBudget, maxUndeployedMerges, batchSize, maxExclusions,
                assumedFlakeRate, defaultSuccessEstimate, expectedCiDuration, minSpeculationWeight, count);
    }

    private static void check(boolean condition, String format, Object... arguments) {
        if (!condition) {
            throw MainlineException.invalid(format, arguments);
        }
    }
}
