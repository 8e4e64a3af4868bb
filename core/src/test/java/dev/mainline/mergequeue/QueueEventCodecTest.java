package dev.mainline.mergequeue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.common.MainlineException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueEventCodecTest {
    private static final Instant AT = Instant.parse("2026-03-02T09:00:00.123456789Z");

    @Test
    void everyEventTypeSurvivesTheRoundTripExactly() {
        List<QueueEvent> events = List.of(
                new QueueEvent.Started(AT, "m0"),
                new QueueEvent.Enqueued(AT, 7, "abc", "ada\tlovelace\n%", Priority.URGENT, 0.6),
                new QueueEvent.EmergencyMerge(AT, 8, "def", "bob", "carol"),
                new QueueEvent.Updated(AT, 7, "abd"),
                new QueueEvent.Dequeued(AT, 7, "closed by the author\r\nwith a reason"),
                new QueueEvent.CommitBuilt(AT, new BuildId(12), "c12"),
                new QueueEvent.CommitConflicted(AT, new BuildId(13), 9, List.of("src/a b.txt", "src/%c.txt")),
                new QueueEvent.CommitConflicted(AT, new BuildId(14), 9, List.of()),
                new QueueEvent.CiFinished(AT, new BuildId(12), CiOutcome.FAILED),
                new QueueEvent.HeadMissing(AT, new BuildId(15), 9, "abc"),
                new QueueEvent.MainMoved(AT, "m1"),
                new QueueEvent.FastForwardRefused(AT, "c12", "m2"),
                new QueueEvent.Deployed(AT, "m1"),
                new QueueEvent.FastForwarded(AT, "m2"),
                new QueueEvent.Landed(AT, 7, "m3"),
                new QueueEvent.SettingsRefused(AT, new BuildId(4), 8, ".mainline.yml line 3: unknown key\tx"),
                new QueueEvent.Locked(AT, "oncall", "incident 42"),
                new QueueEvent.Unlocked(AT, "oncall"),
                new QueueEvent.ConfigurationChanged(AT, QueueConfiguration.defaults().withCiBudget(33)
                        .withCountSuccessiveFailures(true)),
                new QueueEvent.Tick(AT));

        for (QueueEvent event : events) {
            String line = QueueEventCodec.encode(event);
            assertThat(line).doesNotContain("\n", "\r");
            assertThat(QueueEventCodec.decode(line)).isEqualTo(event);
        }
    }

    @Test
    void refusesALineThatIsNotAnEvent() {
        assertThatThrownBy(() -> QueueEventCodec.decode("Exploded\t2026-03-02T09:00:00Z"))
                .isInstanceOf(MainlineException.class)
                .hasMessageContaining("unknown queue event type 'Exploded'");
        assertThatThrownBy(() -> QueueEventCodec.decode("Enqueued\tyesterday\t1"))
                .isInstanceOf(MainlineException.class)
                .hasMessageContaining("not a queue event");
        assertThatThrownBy(() -> QueueEventCodec.decode("MainMoved\t2026-03-02T09:00:00Z\tab%2"))
                .isInstanceOf(MainlineException.class)
                .hasMessageContaining("truncated escape");
    }
}
