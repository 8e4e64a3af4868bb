package dev.mainline.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The facts of one seeded day, the same for every strategy: when each pull request arrives, which are broken, which
 * pairs fail together, what a risk signal of the scenario's accuracy would say, and how every CI run of a given commit
 * goes (its duration and whether it flakes depend only on the seed, the commit's contents and the attempt, so two
 * strategies testing the same commit see the same run).
 */
public final class World {
    public static final Instant DAY_START = Instant.parse("2026-03-02T09:00:00Z");

    /**
     * One pull request of the day.
     *
     * @param riskSignalEstimate the chance it is good as a risk signal of the scenario's accuracy would rate it. The
     *        product has no such signal (it queues every pull request with the configured default estimate), so only
     *        strategies that say they are given it may read it.
     */
    public record PullRequest(int number, Instant arrival, boolean broken, boolean urgent,
            double riskSignalEstimate) {
    }

    /** A CI run's fate. */
    public record Run(Duration duration, boolean passes) {
    }

    private final Scenario scenario;
    private final List<PullRequest> pullRequests = new ArrayList<>();
    private final Set<Long> softConflicts = new HashSet<>();

    public World(Scenario scenario) {
        this.scenario = scenario;
        Random random = new Random(scenario.seed());
        double defect = scenario.defectRate();
        double accuracy = scenario.riskAccuracy();
        // What a flagged (or unflagged) pull request's chance of being good is, given the signal's accuracy.
        // P(flagged | broken) = accuracy and P(flagged | good) = 1 - accuracy; the other way round for clear ones.
        double goodIfFlagged = goodGiven(defect, accuracy, 1 - accuracy);
        double goodIfClear = goodGiven(defect, 1 - accuracy, accuracy);
        List<Instant> arrivals = new ArrayList<>();
        for (int i = 0; i < scenario.pullRequests(); i++) {
            arrivals.add(DAY_START.plusMillis((long) (random.nextDouble() * scenario.workday().toMillis())));
        }
        arrivals.sort(null);
        for (int i = 0; i < arrivals.size(); i++) {
            boolean broken = random.nextDouble() < defect;
            boolean flagged = random.nextDouble() < accuracy ? broken : !broken;
            boolean urgent = random.nextDouble() < scenario.urgentShare();
            pullRequests.add(new PullRequest(i + 1, arrivals.get(i), broken, urgent,
                    flagged ? goodIfFlagged : goodIfClear));
        }
        for (int i = 1; i <= pullRequests.size(); i++) {
            if (random.nextDouble() < scenario.softConflictRate()) {
                int partner = Math.max(1, i - 1 - random.nextInt(20));
                if (partner != i) {
                    softConflicts.add(pair(partner, i));
                }
            }
        }
    }

    /** P(good | signal), from the prior defect rate and the chance of the signal given bad and given good. */
    private static double goodGiven(double defect, double signalIfBad, double signalIfGood) {
        double good = (1 - defect) * signalIfGood;
        double bad = defect * signalIfBad;
        double chance = good / (good + bad);
        return Math.min(0.9999, Math.max(0.0001, chance));
    }

    public Scenario scenario() {
        return scenario;
    }

    public List<PullRequest> pullRequests() {
        return pullRequests;
    }

    public PullRequest pullRequest(int number) {
        return pullRequests.get(number - 1);
    }

    public boolean conflict(int first, int second) {
        return softConflicts.contains(pair(Math.min(first, second), Math.max(first, second)));
    }

    public Set<Long> softConflicts() {
        return softConflicts;
    }

    /** Whether code holding these pull requests (in any order) is broken. */
    public boolean broken(List<Integer> contents) {
        for (Integer number : contents) {
            if (pullRequest(number).broken()) {
                return true;
            }
        }
        if (softConflicts.isEmpty()) {
            return false;
        }
        Set<Integer> present = new HashSet<>(contents);
        for (Long pair : softConflicts) {
            if (present.contains((int) (pair >>> 32)) && present.contains((int) (pair & 0xFFFFFFFFL))) {
                return true;
            }
        }
        return false;
    }

    /** The {@code attempt}-th CI run of a commit holding {@code contents}. */
    public Run run(List<Integer> contents, int attempt) {
        long hash = scenario.seed() * 0x9E3779B97F4A7C15L + attempt;
        for (Integer number : contents) {
            hash = hash * 31 + number;
        }
        SplittableRandom random = new SplittableRandom(hash);
        double minutes = scenario.ciMedian().toMillis() / 60_000.0
                * Math.exp(scenario.ciSigma() * gaussian(random));
        boolean flaked = random.nextDouble() < scenario.flakeRate();
        return new Run(Duration.ofMillis((long) (minutes * 60_000)), !broken(contents) && !flaked);
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long pair(int first, int second) {
        return ((long) first << 32) | second;
    }
}
