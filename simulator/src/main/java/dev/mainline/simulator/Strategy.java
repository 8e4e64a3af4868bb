package dev.mainline.simulator;

import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueEvent;
import java.util.List;

/** A way to run a merge queue, behind the same interface as the engine: events in, commands out. */
public interface Strategy {
    String name();

    /**
     * The chance of being good this strategy is told when {@code pullRequest} joins its queue, which the simulation
     * puts in the {@link QueueEvent.Enqueued} event. What a strategy is told is part of what it is compared on.
     */
    double successEstimate(World.PullRequest pullRequest);

    List<QueueCommand> handle(QueueEvent event);
}
