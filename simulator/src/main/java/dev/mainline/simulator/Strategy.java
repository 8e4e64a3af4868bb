package dev.mainline.simulator;

import dev.mainline.mergequeue.QueueCommand;
import dev.mainline.mergequeue.QueueEvent;
import java.util.List;

/** A way to run a merge queue, behind the same interface as the engine: events in, commands out. */
public interface Strategy {
    String name();

    List<QueueCommand> handle(QueueEvent event);
}
