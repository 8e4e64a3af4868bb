package dev.mainline.simulator;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEvent;
import java.util.List;

/** No queue: a pull request merges as soon as its own branch CI is green, untested against what merged meanwhile. */
public final class NoQueueStrategy implements Strategy {
    private String main = Simulation.INITIAL_MAIN;

    @Override
    public String name() {
        return "no queue";
    }

    /** It merges without weighing anything; it is told what the product tells a queue. */
    @Override
    public double successEstimate(World.PullRequest pullRequest) {
        return QueueConfiguration.defaults().defaultSuccessEstimate();
    }

    @Override
    public List<QueueCommand> handle(QueueEvent event) {
        switch (event) {
            case QueueEvent.Enqueued enqueued -> {
                String next = "direct-" + enqueued.pullRequest();
                QueueCommand merge = new QueueCommand.FastForward(main, next, new BuildId(-enqueued.pullRequest()),
                        List.of(new EntryRef(enqueued.pullRequest(), enqueued.head())), false);
                main = next;
                return List.of(merge);
            }
            case QueueEvent.MainMoved moved -> main = moved.commit();
            default -> {
            }
        }
        return List.of();
    }
}
