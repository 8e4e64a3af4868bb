package dev.mainline.simulator;

import dev.mainline.mergequeue.EjectionReason;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lower bound: knows which pull requests are broken and which pairs fail together, ejects those at once, and runs
 * a predictive queue of the rest (flakes still happen to it, and it still waits for CI). That knowledge is its extra
 * information; its queue is told the configured default success estimate, as the product's queues are.
 */
public final class OracleStrategy implements Strategy {
    private final World world;
    private final EngineStrategy queue;
    private final Set<Integer> admitted = new HashSet<>();

    public OracleStrategy(World world, QueueConfiguration configuration) {
        this.world = world;
        this.queue = new EngineStrategy("oracle", configuration.withMaxExclusions(0),
                EngineStrategy.Estimates.CONFIGURED_DEFAULT);
    }

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public double successEstimate(World.PullRequest pullRequest) {
        return queue.successEstimate(pullRequest);
    }

    @Override
    public List<QueueCommand> handle(QueueEvent event) {
        if (event instanceof QueueEvent.Enqueued enqueued) {
            int number = enqueued.pullRequest();
            boolean conflicts = admitted.stream().anyMatch(other -> world.conflict(other, number));
            if (world.pullRequest(number).broken() || conflicts) {
                List<QueueCommand> commands = new ArrayList<>(queue.handle(new QueueEvent.Tick(enqueued.at())));
                commands.add(new QueueCommand.Eject(number, EjectionReason.CI_FAILED, "the oracle knows it is broken"));
                return commands;
            }
            admitted.add(number);
        }
        return queue.handle(event);
    }
}
