package dev.mainline.simulator;

import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEvent;
import java.util.List;

/**
 * The production engine in a given configuration. Without success estimates every entry gets the same prior, which is
 * what the known strategies assume.
 */
public final class EngineStrategy implements Strategy {
    private final String name;
    private final MergeQueueEngine engine;
    private final boolean useEstimates;

    public EngineStrategy(String name, QueueConfiguration configuration, boolean useEstimates) {
        this.name = name;
        this.engine = MergeQueueEngine.start(configuration, World.DAY_START, Simulation.INITIAL_MAIN);
        this.useEstimates = useEstimates;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<QueueCommand> handle(QueueEvent event) {
        if (!useEstimates && event instanceof QueueEvent.Enqueued enqueued) {
            event = new QueueEvent.Enqueued(enqueued.at(), enqueued.pullRequest(), enqueued.head(), enqueued.author(),
                    enqueued.priority(), engine.configuration().defaultSuccessEstimate());
        }
        return engine.handle(event);
    }

    public MergeQueueEngine engine() {
        return engine;
    }
}
