package dev.mainline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mainline.mergequeue.QueueConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulator against results known in closed form. */
class ClosedFormTest {
    /**
     * A serial queue with Poisson arrivals and CI as the only service is an M/G/1 queue. Pollaczek–Khinchine gives the
     * mean wait, W = λ·E[S²] / (2(1 − ρ)); time-to-merge is W + E[S]. CI is lognormal with median m and shape σ:
     * E[S] = m·e^(σ²/2), E[S²] = m²·e^(2σ²).
     */
    @Test
    void serialQueueWaitsAsPollaczekKhinchineSays() {
        int pullRequests = 3000;
        double arrivalsPerMinute = 1.5 / 60;
        double median = 30;
        double sigma = 0.25;
        Duration day = Duration.ofMinutes((long) (pullRequests / arrivalsPerMinute));
        Scenario scenario = new Scenario("m/g/1", pullRequests, day, 0, 0, 0, Duration.ofMinutes((long) median), sigma,
                1, 0, 0.97, 0, 11);
        World world = new World(scenario);

        Result serial = new Simulation(world, new EngineStrategy("serial",
                Strategies.base(scenario).withCiBudget(1).withMaxExclusions(0),
                EngineStrategy.Estimates.CONFIGURED_DEFAULT)).run();

        double service = median * Math.exp(sigma * sigma / 2);
        double serviceSquared = median * median * Math.exp(2 * sigma * sigma);
        double load = arrivalsPerMinute * service;
        double expected = arrivalsPerMinute * serviceSquared / (2 * (1 - load)) + service;
        assertThat(serial.merged()).isEqualTo(pullRequests);
        assertThat(serial.mean()).as("mean time-to-merge, expected %.1f min at load %.2f", expected, load)
                .isCloseTo(expected, within(expected * 0.08));
    }

    /**
     * Shopify's failure tolerance: a good pull request is wrongly ejected when t + 1 runs in a row flake, which
     * happens with probability f^(t+1). Tested serially, with no broken pull requests at all.
     */
    @Test
    void goodPullRequestsAreWronglyEjectedAtFlakeRateToTheToleranceAndOne() {
        int pullRequests = 2000;
        double flake = 0.3;
        int tolerance = 1;
        Scenario scenario = new Scenario("tolerance", pullRequests, Duration.ofHours(2000), 0, 0, flake,
                Duration.ofMinutes(10), 0.25, 1, tolerance, 0.97, 0, 5);
        World world = new World(scenario);
        QueueConfiguration serial = Strategies.base(scenario).withCiBudget(1).withMaxExclusions(0);

        Result result = new Simulation(world,
                new EngineStrategy("serial", serial, EngineStrategy.Estimates.CONFIGURED_DEFAULT)).run();

        double probability = Math.pow(flake, tolerance + 1);
        double expected = pullRequests * probability;
        double deviation = Math.sqrt(pullRequests * probability * (1 - probability));
        assertThat(result.goodEjected()).as("expected %.0f ± %.0f", expected, deviation)
                .isBetween((int) (expected - 3 * deviation), (int) (expected + 3 * deviation));
        assertThat(result.merged() + result.ejected()).isEqualTo(pullRequests);
    }
}
