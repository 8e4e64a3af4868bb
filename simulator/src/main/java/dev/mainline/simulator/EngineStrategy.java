package dev.mainline.simulator;

import static java.util.Objects.requireNonNull;

import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEvent;
import java.util.List;

/** The production engine in a given configuration, told what a pull request's chance of being good is one way. */
public final class EngineStrategy implements Strategy {
    /** Where the success estimate a pull request joins with comes from. */
    public enum Estimates {
        /**
         * The configuration's default for every pull request, as {@code MergeQueueService} queues them in production
         * (and what the known strategies assume: every entry has the same prior).
         */
        CONFIGURED_DEFAULT,
        /** The world's risk signal ({@link World.PullRequest#riskSignalEstimate()}), which the product does not have. */
        RISK_SIGNAL
    }

    private final String name;
    private final MergeQueueEngine engine;
    private final Estimates estimates;

    public EngineStrategy(String name, QueueConfiguration configuration, Estimates estimates) {
        this.name = requireNonNull(name, "name is null");
        this.engine = MergeQueueEngine.start(configuration, World.DAY_START, Simulation.INITIAL_MAIN);
        this.estimates = requireNonNull(estimates, "estimates is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double successEstimate(World.PullRequest pullRequest) {
        return switch (estimates) {
            case CONFIGURED_DEFAULT -> engine.configuration().defaultSuccessEstimate();
            case RISK_SIGNAL -> pullRequest.riskSignalEstimate();
        };
    }

    @Override
    public List<QueueCommand> handle(QueueEvent event) {
        return engine.handle(event);
    }

    public MergeQueueEngine engine() {
        return engine;
    }
}
