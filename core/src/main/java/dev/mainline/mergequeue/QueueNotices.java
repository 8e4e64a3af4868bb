package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the merge queues tell pull requests' authors (taken out of the queue and why, not queued again), handed to
 * whoever listens — the Slack app's direct messages. A listener that fails is logged and never stops a queue.
 */
public final class QueueNotices {
    private static final Logger LOG = Logger.getLogger(QueueNotices.class.getName());

    /** A message for the author of {@code pullRequest} of {@code repository}. */
    public record Notice(RepositoryName repository, int pullRequest, String author, String message) {
        public Notice {
            requireNonNull(repository, "repository is null");
            requireNonNull(author, "author is null");
            requireNonNull(message, "message is null");
        }
    }

    /** The settings on {@code repository}'s main cannot be used; its queue runs on its last good ones. */
    public record SettingsNotice(RepositoryName repository, String problem) {
        public SettingsNotice {
            requireNonNull(repository, "repository is null");
            requireNonNull(problem, "problem is null");
        }
    }

    private final List<Consumer<Notice>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SettingsNotice>> settingsListeners = new CopyOnWriteArrayList<>();

    /** {@code listener} hears of settings on main a queue cannot use: for the administrators. */
    public void subscribeSettings(Consumer<SettingsNotice> listener) {
        settingsListeners.add(requireNonNull(listener, "listener is null"));
    }

    /** Tells every settings listener, once per bad file a queue finds on main. */
    public void settingsRefused(RepositoryName repository, String problem) {
        SettingsNotice notice = new SettingsNotice(repository, problem);
        for (Consumer<SettingsNotice> listener : settingsListeners) {
            try {
                listener.accept(notice);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a queue settings listener failed", e);
            }
        }
    }

    public void subscribe(Consumer<Notice> listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    /** Tells every listener; called on a queue's thread, so listeners hand slow work off. */
    public void publish(Notice notice) {
        for (Consumer<Notice> listener : listeners) {
            try {
                listener.accept(notice);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a queue notice listener failed", e);
            }
        }
    }

    /** Publishes the queue's {@code Notify} commands as they are carried out. */
    public void carriedOut(RepositoryName repository, QueueCommand command) {
        if (command instanceof QueueCommand.Notify notify) {
            publish(new Notice(repository, notify.pullRequest(), notify.author(), notify.message()));
        }
    }
}
