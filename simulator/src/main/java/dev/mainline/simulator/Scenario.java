package dev.mainline.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A seeded world to run every strategy against.
 *
 * @param pullRequests how many pull requests join the queue over the work day (arrivals are uniform over it)
 * @param defectRate the share of queued pull requests that are broken (defects branch CI did not catch)
 * @param softConflictRate the chance that a pull request fails together with one of the pull requests queued near it
 *        although each passes alone
 * @param flakeRate the chance that a CI run fails for no fault of the code
 * @param ciMedian the median CI duration; durations are lognormal with {@code ciSigma}
 * @param riskAccuracy how often the risk signal is right about a pull request being broken or not (Uber reports 97%)
 * @param urgentShare the share of pull requests queued as urgent
 */
public record Scenario(String name, int pullRequests, Duration workday, double defectRate, double softConflictRate,
        double flakeRate, Duration ciMedian, double ciSigma, int ciBudget, int failureTolerance, double riskAccuracy,
        double urgentShare, long seed) {
    public Scenario {
        requireNonNull(name, "name is null");
        requireNonNull(workday, "workday is null");
        requireNonNull(ciMedian, "ciMedian is null");
        if (pullRequests < 1 || ciBudget < 1 || failureTolerance < 0) {
            throw new IllegalArgumentException(
                    "pullRequests and ciBudget must be positive, failureTolerance not negative");
        }
        for (double rate : new double[]{defectRate, softConflictRate, flakeRate, urgentShare}) {
            if (rate < 0 || rate >= 1) {
                throw new IllegalArgumentException("rates must be in [0, 1), got " + rate);
            }
        }
        if (riskAccuracy < 0.5 || riskAccuracy > 1) {
            throw new IllegalArgumentException("riskAccuracy must be in [0.5, 1], got " + riskAccuracy);
        }
    }

    /** Shopify 2019 (seed 001): 400 pull requests over a 10-hour day, 2% broken, failure tolerance 3. */
    public static Scenario shopify2019(double flakeRate, Duration ciMedian, long seed) {
        return new Scenario("shopify-2019 flake=%s ci=%s".formatted(percent(flakeRate), minutes(ciMedian)), 400,
                Duration.ofHours(10), 0.02, 0.005, flakeRate, ciMedian, 0.25, 50, 3, 0.97, 0.02, seed);
    }

    /** The same day with 10% broken pull requests, where a single predictive branch falls behind. */
    public static Scenario stress(double flakeRate, long seed) {
        return new Scenario("stress flake=%s".formatted(percent(flakeRate)), 400, Duration.ofHours(10), 0.10, 0.005,
                flakeRate, Duration.ofMinutes(30), 0.25, 50, 3, 0.97, 0.02, seed);
    }

    /** 100 pull requests an hour with room for 300 concurrent builds. */
    public static Scenario highLoad(long seed) {
        return new Scenario("high-load", 1000, Duration.ofHours(10), 0.03, 0.005, 0.05, Duration.ofMinutes(30), 0.25,
                300, 3, 0.97, 0.02, seed);
    }

    /** A small team: 20 pull requests a day, 10-minute CI. */
    public static Scenario smallTeam(long seed) {
        return new Scenario("small-team", 20, Duration.ofHours(8), 0.05, 0.0, 0.05, Duration.ofMinutes(10), 0.25, 4, 2,
                0.97, 0.0, seed);
    }

    public static List<Scenario> standard(long seed) {
        return List.of(shopify2019(0.0, Duration.ofMinutes(30), seed), shopify2019(0.05, Duration.ofMinutes(30), seed),
                shopify2019(0.10, Duration.ofMinutes(30), seed), shopify2019(0.25, Duration.ofMinutes(30), seed),
                shopify2019(0.10, Duration.ofSeconds(1050), seed), stress(0.10, seed), highLoad(seed),
                smallTeam(seed));
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.0f%%", rate * 100);
    }

    private static String minutes(Duration duration) {
        return String.format(Locale.ROOT, "%.1fmin", duration.toSeconds() / 60.0);
    }
}
