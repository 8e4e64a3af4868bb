package dev.mainline.nats;

import static java.util.Objects.requireNonNull;

import dev.mainline.inbox.WorkQueue;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A work queue on NATS JetStream: ids are published to a file-backed stream with work-queue retention (a message is
 * gone once acknowledged) and the id as the message id (JetStream drops a repeat within its duplicate window); one
 * durable pull consumer, shared by every Mainline server, hands each id to one of them, again after {@code ackWait}
 * if that server dies before acknowledging it, and later again when it could not be handled now.
 */
public final class JetStreamWorkQueue implements WorkQueue {
    private static final Logger LOG = Logger.getLogger(JetStreamWorkQueue.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int BATCH = 10;

    private final Connection connection;
    private final String stream;
    private final String subject;
    private final String consumer;
    private final Duration ackWait;
    private final Duration retryAfter;
    private volatile boolean running;
    private Thread puller;

    private JetStreamWorkQueue(Connection connection, String stream, String subject, String consumer,
            Duration ackWait, Duration retryAfter) {
        this.connection = connection;
        this.stream = stream;
        this.subject = subject;
        this.consumer = consumer;
        this.ackWait = ackWait;
        this.retryAfter = retryAfter;
    }

    /**
     * Connects to {@code url} and makes sure stream {@code stream} exists (subject {@code stream.work}); ids are
     * consumed by the durable consumer {@code consumer}. {@code ackWait} is how long a delivered id may take before
     * it is delivered again: longer than handling one message ever takes; an id that could not be handled now is
     * delivered again after {@code retryAfter}.
     */
    public static JetStreamWorkQueue connect(String url, String stream, String consumer, Duration ackWait,
            Duration retryAfter) {
        requireNonNull(url, "url is null");
        if (!NAME.matcher(stream).matches() || !NAME.matcher(consumer).matches()) {
            throw new IllegalArgumentException("stream and consumer names are 1 to 64 letters, digits, _ and -");
        }
        Connection connection;
        try {
            connection = Nats.connect(new Options.Builder().server(url).connectionName("mainline-" + stream)
                    .maxReconnects(-1).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach NATS at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS at " + url, e);
        }
        String subject = stream + ".work";
        try {
            JetStreamManagement management = connection.jetStreamManagement();
            try {
                management.getStreamInfo(stream);
            } catch (JetStreamApiException e) {
                if (e.getErrorCode() != 404) {
                    throw e;
                }
                management.addStream(StreamConfiguration.builder().name(stream).subjects(subject)
                        .storageType(StorageType.File).retentionPolicy(RetentionPolicy.WorkQueue)
                        .duplicateWindow(Duration.ofMinutes(10)).build());
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            close(connection);
            throw new IllegalStateException("cannot set up JetStream stream %s at %s: %s".formatted(stream, url,
                    e.getMessage()), e);
        }
        return new JetStreamWorkQueue(connection, stream, subject, consumer, ackWait, retryAfter);
    }

    @Override
    public void submit(String id) {
        try {
            PublishAck ack = connection.jetStream().publish(subject, id.getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().expectedStream(stream).messageId(id).build());
            if (ack.isDuplicate()) {
                LOG.fine(() -> "%s was queued before".formatted(id));
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot queue %s on JetStream stream %s: %s".formatted(id, stream,
                    e.getMessage()), e);
        }
    }

    @Override
    public synchronized void start(Predicate<String> handle) {
        requireNonNull(handle, "handle is null");
        if (running) {
            return;
        }
        JetStreamSubscription subscription;
        try {
            JetStream jetStream = connection.jetStream();
            subscription = jetStream.subscribe(subject, PullSubscribeOptions.builder().stream(stream)
                    .durable(consumer).configuration(ConsumerConfiguration.builder().durable(consumer)
                            .ackPolicy(AckPolicy.Explicit).ackWait(ackWait).filterSubject(subject).build())
                    .build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot consume JetStream stream %s as %s: %s".formatted(stream,
                    consumer, e.getMessage()), e);
        }
        running = true;
        puller = Thread.ofPlatform().daemon().name("jetstream-" + stream).start(() -> pull(subscription, handle));
    }

    private void pull(JetStreamSubscription subscription, Predicate<String> handle) {
        while (running) {
            List<Message> messages;
            try {
                messages = subscription.fetch(BATCH, Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "cannot fetch from JetStream stream " + stream, e);
                    pause();
                }
                continue;
            }
            for (Message message : messages) {
                if (!running) {
                    return;
                }
                String id = new String(message.getData(), StandardCharsets.UTF_8);
                boolean done;
                try {
                    done = handle.test(id);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "handling %s failed".formatted(id), e);
                    done = false;
                }
                try {
                    if (done) {
                        message.ack();
                    } else {
                        message.nakWithDelay(retryAfter);
                    }
                } catch (RuntimeException e) {
                    // Not acknowledged: JetStream delivers it again after ackWait, and handling it again is harmless.
                    LOG.log(Level.WARNING, "cannot answer JetStream for " + id, e);
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Thread pulling;
        synchronized (this) {
            pulling = puller;
        }
        if (pulling != null) {
            try {
                pulling.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close(connection);
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
