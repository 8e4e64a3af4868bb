package dev.mainline.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The worker handles stored messages once each, leaves one it cannot handle now pending, and answers a work queue. */
class InboxWorkerTest {
    private final TestingClock clock = new TestingClock();
    private final InboxStore inbox = new InMemoryStores().stores().inbox();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final AtomicBoolean downstreamUp = new AtomicBoolean(true);

    private InboxWorker worker() {
        return new InboxWorker("test", inbox, clock, message -> {
            if (message.kind().equals("broken")) {
                throw new IllegalStateException("cannot be handled at all");
            }
            if (!downstreamUp.get()) {
                throw new InboxWorker.NotNow("downstream is down", null);
            }
            handled.add(message.id());
            return "handled " + message.id();
        });
    }

    @Test
    void pendingMessagesAreHandledInOrderAndMarkedDone() {
        inbox.accept(InboxMessage.received("test", "a", "ok", new byte[0], clock.instant()));
        inbox.accept(InboxMessage.received("test", "b", "broken", new byte[0], clock.instant().plusSeconds(1)));
        inbox.accept(InboxMessage.received("test", "c", "ok", new byte[0], clock.instant().plusSeconds(2)));
        try (InboxWorker worker = worker()) {
            worker.drainSoon();
            // The worker is one thread: once work queued after the drain has run, the drain has too.
            assertThat(worker.handleNow("not-a-message")).isTrue();
            assertThat(inbox.pending("test", 10)).isEmpty();
        }
        assertThat(handled).containsExactly("a", "c");
        assertThat(inbox.find("test", "a").orElseThrow().outcome()).contains("handled a");
        assertThat(inbox.find("test", "b").orElseThrow().outcome().orElseThrow())
                .isEqualTo("failed: cannot be handled at all");
    }

    @Test
    void aMessageThatCannotBeHandledNowStaysPendingAndIsHandledLater() {
        inbox.accept(InboxMessage.received("test", "a", "ok", new byte[0], clock.instant()));
        try (InboxWorker worker = worker()) {
            downstreamUp.set(false);
            assertThat(worker.handleNow("a")).isFalse();
            assertThat(inbox.find("test", "a").orElseThrow().doneAt()).isEmpty();

            downstreamUp.set(true);
            assertThat(worker.handleNow("a")).isTrue();
            assertThat(worker.handleNow("a")).as("done before").isTrue();
            assertThat(worker.handleNow("unknown")).as("nothing to do").isTrue();
        }
        assertThat(handled).containsExactly("a");
    }
}
