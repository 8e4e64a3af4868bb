package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies a test from its history: flaky when it fails and then passes within one run, passes and fails on the
 * same commit across runs, or flips between passing and failing from one run to the next more often than code
 * changes would explain; broken, not flaky, when its latest runs all failed; runs that were outages are left out.
 * Runs of a merge queue's speculative builds count for the first two only: each tested pull requests no other run
 * tested, so a broken one failing there says nothing of the test (else a pull request the queue is catching would
 * make the test look flaky, and have its own failures excused as flakes).
 */
public final class FlakinessClassifier {
    private final Settings settings;

    /**
     * @param window how many of the latest runs (outages left out) are looked at
     * @param minimumRuns fewer runs than this say nothing ({@link TestHealth#UNKNOWN})
     * @param brokenStreak this many latest runs failing, with no pass on retry, make a test broken
     * @param flakyFlipRate a share of consecutive runs with a changed outcome at or above this is flaky
     * @param outageShare a run where at least this share of its tests failed is an outage
     * @param outageMinimumTests runs with fewer tests are never outages (three tests failing of five is not one)
     */
    public record Settings(int window, int minimumRuns, int brokenStreak, double flakyFlipRate, double outageShare,
            int outageMinimumTests) {
        public static Settings defaults() {
            return new Settings(100, 3, 3, 0.3, 0.3, 20);
        }
    }

    public FlakinessClassifier(Settings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    public FlakinessClassifier() {
        this(Settings.defaults());
    }

    /** Whether a run in which {@code failed} of {@code tests} tests failed was an outage rather than test failures. */
    public boolean isOutage(int tests, int failed) {
        return tests >= settings.outageMinimumTests() && failed >= settings.outageShare() * tests;
    }

    /** Classifies one test from its runs, oldest first. */
    public Flakiness classify(List<RunOutcome> history) {
        List<RunOutcome> counted = new ArrayList<>();
        int outages = 0;
        for (RunOutcome run : history) {
            if (run.outage()) {
                outages++;
            } else if (run.outcome() != TestOutcome.SKIPPED) {
                counted.add(run);
            }
        }
        if (counted.size() > settings.window()) {
            counted = counted.subList(counted.size() - settings.window(), counted.size());
        }
        List<String> reasons = new ArrayList<>();
        if (outages > 0) {
            reasons.add("%d run%s left out as outages".formatted(outages, outages == 1 ? "" : "s"));
        }
        int runs = counted.size();
        int retried = (int) counted.stream().filter(RunOutcome::passedOnRetry).count();
        int mixedCommits = commitsWithBothOutcomes(counted);
        List<RunOutcome> ownCode = counted.stream().filter(run -> !run.speculative()).toList();
        int flips = 0;
        for (int i = 1; i < ownCode.size(); i++) {
            if (ownCode.get(i).outcome().failed() != ownCode.get(i - 1).outcome().failed()) {
                flips++;
            }
        }
        double flipRate = ownCode.size() > 1 ? (double) flips / (ownCode.size() - 1) : 0;
        if (runs < settings.minimumRuns()) {
            reasons.add("%d run%s: too few to say".formatted(runs, runs == 1 ? "" : "s"));
            return new Flakiness(TestHealth.UNKNOWN, 0, runs, outages, retried, mixedCommits, flipRate, reasons);
        }
        double score = Math.min(1, (retried + mixedCommits) / (double) runs + flipRate / 2);
        if (brokenTail(ownCode)) {
            reasons.add("failed in each of its last %d runs".formatted(settings.brokenStreak()));
            return new Flakiness(TestHealth.BROKEN, score, runs, outages, retried, mixedCommits, flipRate, reasons);
        }
        if (retried > 0) {
            reasons.add("failed, then passed on retry, in %d run%s".formatted(retried, retried == 1 ? "" : "s"));
        }
        if (mixedCommits > 0) {
            reasons.add("passed and failed on the same commit %d time%s".formatted(mixedCommits,
                    mixedCommits == 1 ? "" : "s"));
        }
        if (flipRate >= settings.flakyFlipRate()) {
            reasons.add("its outcome changed in %d of %d consecutive runs".formatted(flips, ownCode.size() - 1));
        }
        boolean flaky = retried > 0 || mixedCommits > 0 || flipRate >= settings.flakyFlipRate();
        return new Flakiness(flaky ? TestHealth.FLAKY : TestHealth.HEALTHY, flaky ? score : 0, runs, outages,
                retried, mixedCommits, flipRate, reasons);
    }

    /** The latest runs all failed, none passing on retry: what fails every time is broken, not flaky. */
    private boolean brokenTail(List<RunOutcome> runs) {
        if (runs.size() < settings.brokenStreak()) {
            return false;
        }
        return runs.subList(runs.size() - settings.brokenStreak(), runs.size()).stream()
                .allMatch(run -> run.outcome().failed() && run.attempts().stream().noneMatch(
                        outcome -> outcome == TestOutcome.PASSED));
    }

    private static int commitsWithBothOutcomes(List<RunOutcome> runs) {
        Map<String, int[]> byCommit = new HashMap<>();
        for (RunOutcome run : runs) {
            int[] seen = byCommit.computeIfAbsent(run.commit(), commit -> new int[2]);
            seen[run.outcome().failed() ? 1 : 0]++;
        }
        return (int) byCommit.values().stream().filter(seen -> seen[0] > 0 && seen[1] > 0).count();
    }
}
