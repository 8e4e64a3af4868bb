package dev.mainline.mergequeue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.common.MainlineException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The snapshot text of a queue's state reads back exactly; random mid-run states are in MergeQueuePropertiesTest. */
class QueueStateCodecTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00.123456789Z");

    @Test
    void everyPartReadsBackExactlyEvenWithTabsAndLineBreaksInText() {
        QueueEntry entry = new QueueEntry(7, "abc\tdef", "ada\nlovelace", Priority.URGENT, 0.8125, NOW, 2, 4);
        SpeculativeBuild build = new SpeculativeBuild(new BuildId(12), SpeculativeBuild.Kind.SPECULATIVE,
                List.of(entry.ref(), new EntryRef(8, "-")), 1, SpeculativeBuild.Status.TESTING, Optional.of("+c1"),
                Optional.of(NOW.plusSeconds(3)), 2);
        SpeculativeBuild building = new SpeculativeBuild(new BuildId(13), SpeculativeBuild.Kind.EMERGENCY,
                List.of(new EntryRef(9, "h9")), 1, SpeculativeBuild.Status.BUILDING, Optional.empty(),
                Optional.empty(), 0);
        MergeQueueState state = new MergeQueueState(QueueConfiguration.defaults().withCiBudget(3), NOW, "main%sha",
                List.of(entry), List.of(build, building), Optional.of("release freeze\r\nuntil 5pm"),
                List.of("m1", "m2"), 14, Duration.ofMinutes(95), 11,
                Map.of(7, List.of(new HistoryEvent(NOW, HistoryEvent.Kind.ENQUEUED, "queued | by ada"),
                        new HistoryEvent(NOW, HistoryEvent.Kind.TEST_FAILED, "build-12 failed", Optional.of(
                                new BuildId(12))))),
                Map.of(9, "grace"), List.of(new UnconfirmedForward("m2", "m3", List.of(entry),
                        Optional.of(new UnconfirmedForward.Emergency(new EntryRef(9, "h9"), "grace")))));

        String text = QueueStateCodec.encode(state);

        assertThat(QueueStateCodec.decode(text)).isEqualTo(state);
        assertThat(text.lines().count()).isEqualTo(text.split("\n").length);
        MergeQueueState empty = MergeQueueState.initial(QueueConfiguration.defaults(), NOW, "m0");
        assertThat(QueueStateCodec.decode(QueueStateCodec.encode(empty))).isEqualTo(empty);
    }

    @Test
    void aSnapshotWrittenBeforeHistoryNamedBuildsReadsWithoutThem() {
        String older = String.join("\n", "mainline-queue-state\t1",
                QueueStateCodec.encode(MergeQueueState.initial(QueueConfiguration.defaults(), NOW, "m0")).lines()
                        .filter(line -> line.startsWith("configuration")).findFirst().orElseThrow(),
                "now\t" + NOW, "main\tm0", "merges", "history\t7\t" + NOW + "\tTEST_PASSED\tbuild-3 passed", "end")
                + "\n";

        MergeQueueState state = QueueStateCodec.decode(older);

        assertThat(state.history().get(7)).singleElement().satisfies(line -> {
            assertThat(line.detail()).isEqualTo("build-3 passed");
            assertThat(line.build()).isEmpty();
        });
    }

    @Test
    void aCutOffOrForeignSnapshotIsRefused() {
        String text = QueueStateCodec.encode(MergeQueueState.initial(QueueConfiguration.defaults(), NOW, "m0"));

        assertThatThrownBy(() -> QueueStateCodec.decode(text.substring(0, text.indexOf("end"))))
                .isInstanceOf(MainlineException.class).hasMessageContaining("cut off");
        assertThatThrownBy(() -> QueueStateCodec.decode("something else\n"))
                .isInstanceOf(MainlineException.class).hasMessageContaining("not a merge queue snapshot");
    }
}
