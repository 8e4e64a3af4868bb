package dev.mainline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator on a small world: every strategy meets the same day, and the queues keep main green. */
class SimulationTest {
    private static List<Result> smallDay() {
        Scenario scenario = new Scenario("small", 40, Duration.ofHours(4), 0.10, 0.02, 0.10, Duration.ofMinutes(15),
                0.25, 8, 2, 0.97, 0.05, 3);
        return new Comparison(List.of(scenario)).run();
    }

    @Test
    void queuesNeverLetBrokenCodeIntoMainButNoQueueDoes() {
        for (Result result : smallDay()) {
            if (result.strategy().equals("no queue")) {
                assertThat(result.defectsOnMain()).isPositive();
                assertThat(result.redMinutes()).isPositive();
            } else {
                assertThat(result.defectsOnMain()).as(result.strategy()).isZero();
                assertThat(result.redMinutes()).as(result.strategy()).isZero();
            }
        }
    }

    @Test
    void everyStrategyResolvesEveryPullRequestAndTheOracleIsTheFloor() {
        List<Result> results = smallDay();
        Result oracle = Comparison.oracle(results, "small");
        for (Result result : results) {
            assertThat(result.merged() + result.ejected()).as(result.strategy()).isEqualTo(40);
            if (!result.strategy().equals("no queue")) {
                assertThat(result.p50()).as(result.strategy()).isGreaterThanOrEqualTo(oracle.p50() * 0.9);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameResults() {
        assertThat(smallDay()).isEqualTo(smallDay());
    }

    @Test
    void ciRunsOfTheSameCommitAreTheSameForEveryStrategy() {
        World world = new World(Scenario.smallTeam(5));
        assertThat(world.run(List.of(1, 2, 3), 1)).isEqualTo(world.run(List.of(1, 2, 3), 1));
        assertThat(world.run(List.of(1, 2, 3), 1).duration()).isPositive();
    }

    @Test
    void targetCheckComparesMainlineWithEveryOtherQueueOnBothTargetScenarios() {
        List<TargetCheck.Row> rows = TargetCheck.run(1);

        assertThat(rows).extracting(TargetCheck.Row::scenario)
                .containsExactly("shopify-2019 flake=10% ci=30.0min", "stress flake=10%");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.defectsOnMain()).isZero();
            assertThat(row.redMinutes()).isZero();
            assertThat(row.bestOther()).isNotIn("mainline", "oracle", "no queue");
            assertThat(row.p95VersusOracle()).isPositive();
        });
    }
}
