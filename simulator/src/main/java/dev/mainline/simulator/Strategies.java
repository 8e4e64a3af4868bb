package dev.mainline.simulator;

import dev.mainline.mergequeue.QueueConfiguration;
import java.util.List;
import java.util.function.Function;

/**
 * The strategies compared. The known ones are the production engine set up as they work (so every strategy shares the
 * same, property-tested mechanics), plus two that are not queues at all:
 * <ul>
 * <li><b>no queue</b>: merge when branch CI is green;</li>
 * <li><b>serial</b> (Shopify v1-like): one entry at a time, tested on main, no speculation;</li>
 * <li><b>predictive</b> (Shopify v2 / GitHub / Zuul-like): a single predictive branch over the whole CI budget, failure
 * tolerance counted Shopify's way (the failed builds stacked behind an entry's failed build are more failures of
 * that entry), fast-forward to the furthest green, no success estimates;</li>
 * <li><b>batch-bisect</b> (bors-like): one build of everything waiting, bisected on failure, no tolerance;</li>
 * <li><b>mainline</b>: ours — the speculation tree spending the budget on the most likely futures as the risk signal
 * rates them, testing the queue without each suspect in parallel, and moving a suspect behind the entries that passed
 * without it while it is judged.</li>
 * <li><b>oracle</b>: knows the broken pull requests and conflicting pairs; the lower bound.</li>
 * </ul>
 */
public final class Strategies {
    private Strategies() {
    }

    public static QueueConfiguration base(Scenario scenario) {
        return QueueConfiguration.defaults()
                .withCiBudget(scenario.ciBudget())
                .withFailureTolerance(scenario.failureTolerance())
                .withMaxUndeployedMerges(0);
    }

    public static List<Function<World, Strategy>> all() {
        return List.of(
                world -> new NoQueueStrategy(),
                world -> new EngineStrategy("serial", base(world.scenario()).withCiBudget(1).withMaxExclusions(0),
                        EngineStrategy.Estimates.CONFIGURED_DEFAULT),
                world -> new EngineStrategy("predictive",
                        base(world.scenario()).withMaxExclusions(0).withCountSuccessiveFailures(true),
                        EngineStrategy.Estimates.CONFIGURED_DEFAULT),
                world -> new EngineStrategy("batch-bisect",
                        base(world.scenario()).withCiBudget(1).withMaxExclusions(0).withBatchSize(100)
                                .withFailureTolerance(0),
                        EngineStrategy.Estimates.CONFIGURED_DEFAULT),
                world -> new EngineStrategy("mainline",
                        base(world.scenario()).withMaxExclusions(2).withMinSpeculationWeight(0.02),
                        EngineStrategy.Estimates.RISK_SIGNAL),
                world -> new OracleStrategy(world, base(world.scenario())));
    }
}
