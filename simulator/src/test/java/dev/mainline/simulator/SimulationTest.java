package dev.mainline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.mergequeue.RepositorySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The simulator on a small world: every strategy meets the same day, and the queues keep main green. */
class SimulationTest {
    private static final Scenario SMALL = new Scenario("small", 40, Duration.ofHours(4), 0.10, 0.02, 0.10,
            Duration.ofMinutes(15), 0.25, 8, 2, 0.97, 0.05, 3);

    /** What the production service queues a pull request with: the default of a repository's settings. */
    private static final double PRODUCT_ESTIMATE = RepositorySettings.defaults().queue().defaultSuccessEstimate();

    private static List<Result> smallDay() {
        return new Comparison(List.of(SMALL)).run();
    }

    /** A strategy that remembers the pull requests it was given, as the simulation gave them. */
    private static final class RecordingStrategy implements Strategy {
        private final Strategy strategy;
        private final List<QueueEvent.Enqueued> enqueued = new ArrayList<>();

        RecordingStrategy(Strategy strategy) {
            this.strategy = strategy;
        }

        @Override
        public String name() {
            return strategy.name();
        }

        @Override
        public double successEstimate(World.PullRequest pullRequest) {
            return strategy.successEstimate(pullRequest);
        }

        @Override
        public List<QueueCommand> handle(QueueEvent event) {
            if (event instanceof QueueEvent.Enqueued joined) {
                enqueued.add(joined);
            }
            return strategy.handle(event);
        }
    }

    private static RecordingStrategy runSmallDay(Function<World, Strategy> strategy) {
        World world = new World(SMALL);
        RecordingStrategy recording = new RecordingStrategy(strategy.apply(world));
        new Simulation(world, recording).run();
        assertThat(recording.enqueued).as(recording.name()).hasSize(SMALL.pullRequests());
        return recording;
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
    void mainlineQueuesEveryPullRequestWithTheProductsDefaultEstimate() {
        RecordingStrategy mainline = runSmallDay(world -> Strategies.mainline(world.scenario()));

        assertThat(mainline.enqueued).extracting(QueueEvent.Enqueued::successEstimate)
                .containsOnly(PRODUCT_ESTIMATE);
    }

    @Test
    void mainlineRunsTheProductsSpeculativeConfigurationWithTheScenariosBudgetAndTolerance() {
        assertThat(Strategies.mainline(SMALL).engine().configuration())
                .isEqualTo(RepositorySettings.defaults().queue().withCiBudget(8).withFailureTolerance(2));
    }

    @Test
    void onlyTheRowNamedForTheRiskSignalIsGivenIt() {
        World world = new World(SMALL);
        String riskSignal = Strategies.mainlineWithRiskSignal(SMALL);
        assertThat(riskSignal).isEqualTo("mainline (if a 97%-accurate risk signal existed)");
        for (Function<World, Strategy> strategy : Strategies.all()) {
            RecordingStrategy recording = runSmallDay(strategy);
            List<Double> estimates = recording.enqueued.stream().map(QueueEvent.Enqueued::successEstimate).toList();
            if (recording.name().equals(riskSignal)) {
                assertThat(recording.enqueued).allSatisfy(joined -> assertThat(joined.successEstimate())
                        .isEqualTo(world.pullRequest(joined.pullRequest()).riskSignalEstimate()));
                assertThat(estimates.stream().distinct().count()).as("flagged and clear pull requests").isEqualTo(2);
            } else {
                assertThat(estimates).as(recording.name()).containsOnly(PRODUCT_ESTIMATE);
            }
        }
    }

    @Test
    void targetCheckJudgesTheProductsMainlineAndReportsTheRiskSignalBesideIt() {
        List<TargetCheck.Row> rows = TargetCheck.run(1);

        String shopify = "shopify-2019 flake=10% ci=30.0min";
        String stress = "stress flake=10%";
        String riskSignal = "mainline (if a 97%-accurate risk signal existed)";
        assertThat(rows).extracting(TargetCheck.Row::scenario, TargetCheck.Row::strategy)
                .containsExactly(tuple(shopify, "mainline"), tuple(shopify, riskSignal), tuple(stress, "mainline"),
                        tuple(stress, riskSignal));
        assertThat(rows).extracting(TargetCheck.Row::isProduct).containsExactly(true, false, true, false);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.defectsOnMain()).isZero();
            assertThat(row.redMinutes()).isZero();
            assertThat(row.bestOther()).isIn("serial", "predictive", "batch-bisect");
            assertThat(row.p95VersusOracle()).isPositive();
        });
    }
}
