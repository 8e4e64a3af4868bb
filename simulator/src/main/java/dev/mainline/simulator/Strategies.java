package dev.mainline.simulator;

import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.RepositorySettings;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * The strategies compared. The known ones are the production engine set up as they work (so every strategy shares the
 * same, property-tested mechanics), plus two that are not queues at all. Every one is told the same about a pull
 * request when it joins, the configured default success estimate, except where its name says otherwise:
 * <ul>
 * <li><b>no queue</b>: merge when branch CI is green;</li>
 * <li><b>serial</b> (Shopify v1-like): one entry at a time, tested on main, no speculation;</li>
 * <li><b>predictive</b> (Shopify v2 / GitHub / Zuul-like): a single predictive branch over the whole CI budget, failure
 * tolerance counted Shopify's way (the failed builds stacked behind an entry's failed build are more failures of
 * that entry), fast-forward to the furthest green;</li>
 * <li><b>batch-bisect</b> (bors-like): one build of everything waiting, bisected on failure, no tolerance;</li>
 * <li><b>mainline</b>: ours, as the product runs it (the {@code speculative} strategy of a repository's settings, every
 * pull request queued with the configured default estimate): the speculation tree spending the budget on the most
 * likely futures, testing the queue without each suspect in parallel, and moving a suspect behind the entries that
 * passed without it while it is judged;</li>
 * <li><b>mainline (if a 97%-accurate risk signal existed)</b>: the same, told each pull request's chance of being good
 * by a risk signal of the scenario's accuracy. The product has no such signal; this row shows what one would be worth
 * and is not a figure of the product;</li>
 * <li><b>oracle</b>: knows the broken pull requests and conflicting pairs; the lower bound.</li>
 * </ul>
 */
public final class Strategies {
    public static final String MAINLINE = "mainline";
    public static final String ORACLE = "oracle";
    public static final String NO_QUEUE = "no queue";

    private Strategies() {
    }

    public static QueueConfiguration base(Scenario scenario) {
        return QueueConfiguration.defaults()
                .withCiBudget(scenario.ciBudget())
                .withFailureTolerance(scenario.failureTolerance())
                .withMaxUndeployedMerges(0);
    }

    /** The name of the mainline row that is given the scenario's risk signal, which says how accurate it is. */
    public static String mainlineWithRiskSignal(Scenario scenario) {
        String percent = new BigDecimal(Double.toString(scenario.riskAccuracy())).movePointRight(2)
                .stripTrailingZeros()
                .toPlainString();
        return "mainline (if a " + percent + "%-accurate risk signal existed)";
    }

    /** Mainline as the product runs it: the speculative strategy, every pull request at the configured default. */
    public static EngineStrategy mainline(Scenario scenario) {
        return new EngineStrategy(MAINLINE, RepositorySettings.Strategy.SPECULATIVE.apply(base(scenario)),
                EngineStrategy.Estimates.CONFIGURED_DEFAULT);
    }

    /** The same engine and configuration as {@link #mainline}, told the risk signal's estimates instead. */
    public static EngineStrategy mainlineWithRiskSignal(World world) {
        return new EngineStrategy(mainlineWithRiskSignal(world.scenario()),
                RepositorySettings.Strategy.SPECULATIVE.apply(base(world.scenario())),
                EngineStrategy.Estimates.RISK_SIGNAL);
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
                world -> mainline(world.scenario()),
                Strategies::mainlineWithRiskSignal,
                world -> new OracleStrategy(world, base(world.scenario())));
    }
}
