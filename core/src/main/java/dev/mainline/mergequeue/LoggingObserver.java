package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.util.logging.Logger;

/** Logs what a queue does that people care about: main moving, entries ejected, failures. */
public class LoggingObserver implements QueueRunner.Observer {
    private static final Logger LOG = Logger.getLogger(LoggingObserver.class.getName());

    private final String name;

    public LoggingObserver(String name) {
        this.name = requireNonNull(name, "name is null");
    }

    @Override
    public void carriedOut(QueueCommand command) {
        switch (command) {
            case QueueCommand.FastForward forward -> LOG.info(() -> "%s: moving main to %s, merging %s"
                    .formatted(name, forward.to(), QueueBook.describe(forward.merged())));
            case QueueCommand.Eject eject -> LOG.info(() -> "%s: #%d ejected: %s".formatted(name,
                    eject.pullRequest(), eject.detail()));
            default -> {
            }
        }
    }

    @Override
    public void failed(String what, RuntimeException failure) {
        LOG.warning(() -> "%s: %s failed: %s".formatted(name, what, failure.getMessage()));
    }
}
