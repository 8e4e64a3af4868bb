package dev.mainline.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against the real NATS server with JetStream on this machine (127.0.0.1:4222, or {@code MAINLINE_TEST_NATS_URL});
 * each test uses a stream of its own and deletes it. NATS being down fails the tests: they are never skipped.
 */
class JetStreamWorkQueueTest {
    private static final String URL = System.getenv().getOrDefault("MAINLINE_TEST_NATS_URL",
            "nats://127.0.0.1:4222");

    private final String stream = "mainline_test_" + Long.toHexString(System.nanoTime());

    @AfterEach
    void deleteStream() throws Exception {
        try (Connection connection = Nats.connect(URL)) {
            if (connection.jetStreamManagement().getStreamNames().contains(stream)) {
                connection.jetStreamManagement().deleteStream(stream);
            }
        }
    }

    @Test
    void eachIdIsHandledOnceEvenWhenQueuedTwice() {
        List<String> handled = new CopyOnWriteArrayList<>();
        try (JetStreamWorkQueue queue = connect()) {
            queue.submit("upload-1");
            queue.submit("upload-2");
            queue.submit("upload-1");
            queue.start(id -> handled.add(id));

            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() >= 2);
        }
        try (JetStreamWorkQueue again = connect()) {
            List<String> later = new CopyOnWriteArrayList<>();
            again.start(later::add);
            again.submit("upload-3");
            await().atMost(Duration.ofSeconds(10)).until(() -> later.contains("upload-3"));
            assertThat(later).as("acknowledged ids are gone").containsExactly("upload-3");
        }
        assertThat(handled).containsExactly("upload-1", "upload-2");
    }

    @Test
    void whatWasQueuedWhileNoServerConsumedIsHandledWhenOneStarts() {
        try (JetStreamWorkQueue accepting = connect()) {
            accepting.submit("accepted-before-the-crash");
        }
        List<String> handled = new CopyOnWriteArrayList<>();
        try (JetStreamWorkQueue restarted = connect()) {
            restarted.start(handled::add);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("accepted-before-the-crash"));
        }
    }

    @Test
    void anIdThatCannotBeHandledNowComesBackLater() {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        try (JetStreamWorkQueue queue = connect()) {
            queue.start(id -> attempts.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet() >= 2);
            queue.submit("store-was-down");

            await().atMost(Duration.ofSeconds(15)).until(() -> attempts.containsKey("store-was-down")
                    && attempts.get("store-was-down").get() == 2);
        }
    }

    @Test
    void aServerThatIsNotThereIsNamed() {
        assertThatThrownBy(() -> JetStreamWorkQueue.connect("nats://127.0.0.1:1", stream, "uploads",
                Duration.ofMinutes(1), Duration.ofSeconds(1))).hasMessageContaining("nats://127.0.0.1:1");
    }

    private JetStreamWorkQueue connect() {
        return JetStreamWorkQueue.connect(URL, stream, "uploads", Duration.ofMinutes(1), Duration.ofMillis(500));
    }
}
