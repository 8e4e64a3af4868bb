package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A test's classification over its recent runs, with the evidence: runs looked at (outages left out), runs where it
 * failed and passed on retry, commits where it both passed and failed, how often its outcome flipped between
 * consecutive runs, and a score from 0 (never flaky) to 1. {@code reasons} say why, for people.
 */
public record Flakiness(TestHealth health, double score, int runs, int outagesIgnored, int passedOnRetry,
        int commitsWithBothOutcomes, double flipRate, List<String> reasons) {
    public Flakiness {
        requireNonNull(health, "health is null");
        reasons = List.copyOf(requireNonNull(reasons, "reasons is null"));
    }
}
