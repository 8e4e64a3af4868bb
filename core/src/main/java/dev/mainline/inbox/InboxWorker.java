package dev.mainline.inbox;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One thread that handles the stored messages of one source, oldest first, and marks each done with what handling it
 * gave. A handler that cannot handle a message now (the outside system is down) throws {@link NotNow}: the message
 * stays pending and handling stops until the next {@link #drainSoon()}. Other work can run on the same thread, in
 * order with the messages ({@link #execute}).
 */
public final class InboxWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InboxWorker.class.getName());
    private static final int BATCH = 50;

    private final String source;
    private final InboxStore inbox;
    private final Clock clock;
    private final Handler handler;
    private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(30);

    private final java.util.concurrent.ScheduledExecutorService thread;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** Handles one message and says, in a line, what that gave. */
    @FunctionalInterface
    public interface Handler {
        String handle(InboxMessage message);
    }

    /** The message cannot be handled now; it stays pending. */
    public static final class NotNow extends RuntimeException {
        public NotNow(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public InboxWorker(String source, InboxStore inbox, Clock clock, Handler handler) {
        this.source = requireNonNull(source, "source is null");
        this.inbox = requireNonNull(inbox, "inbox is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.handler = requireNonNull(handler, "handler is null");
        java.util.concurrent.ScheduledThreadPoolExecutor executor = new java.util.concurrent.ScheduledThreadPoolExecutor(
                1,
                Thread.ofPlatform().daemon().name("inbox-" + source).factory());
        // A retry waiting for its time must not hold up a shutdown: what it would retry stays pending in the inbox.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    /** Handles every pending message soon; calls while one round is waiting to start are folded into it. */
    public void drainSoon() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
            }
        }
    }

    /**
     * Handles message {@code id} on the worker's thread and waits for it: true when it is done (now, or before, or
     * unknown here), false when it cannot be handled now or the worker is closed. For a work queue's consumer.
     */
    public boolean handleNow(String id) {
        java.util.concurrent.Future<Boolean> done;
        try {
            done = thread.submit(() -> {
                java.util.Optional<InboxMessage> message = inbox.find(source, id);
                if (message.isEmpty() || message.get().doneAt().isPresent()) {
                    return true;
                }
                return handle(message.get());
            });
        } catch (RejectedExecutionException e) {
            return false;
        }
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.log(Level.WARNING, "%s message %s could not be handled".formatted(source, id), e.getCause());
            return false;
        }
    }

    /** Handles pending messages again every {@code interval} too: what a lost wake-up would have left behind. */
    public void drainEvery(java.time.Duration interval) {
        try {
            thread.scheduleWithFixedDelay(this::drainSoon, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "the %s worker is closed".formatted(source));
        }
    }

    private final AtomicBoolean retryPending = new AtomicBoolean();

    /** At most one retry waits at a time, however many messages could not be handled now. */
    private void retryLater() {
        if (!retryPending.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.schedule(() -> {
                retryPending.set(false);
                drainSoon();
            }, RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "the %s worker is closed".formatted(source));
        }
    }

    /** Runs {@code work} on the worker's thread, after what is queued before it; refused quietly once closed. */
    public void execute(Runnable work) {
        try {
            thread.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "the %s worker is closed; work dropped".formatted(source));
        }
    }

    private void drain() {
        scheduled.set(false);
        List<InboxMessage> pending;
        while (!(pending = inbox.pending(source, BATCH)).isEmpty()) {
            for (InboxMessage message : pending) {
                if (!handle(message)) {
                    return;
                }
            }
        }
    }

    /** Handles one pending message and marks it done; false, leaving it pending, when it cannot be handled now. */
    private boolean handle(InboxMessage message) {
        String outcome;
        try {
            outcome = handler.handle(message);
        } catch (NotNow e) {
            LOG.warning(() -> "%s message %s waits: %s".formatted(source, message.id(), e.getMessage()));
            retryLater();
            return false;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "%s message %s (%s) failed".formatted(source, message.id(), message.kind()), e);
            outcome = "failed: " + e.getMessage();
        }
        inbox.done(source, message.id(), clock.instant(), outcome);
        return true;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
