package dev.mainline.mergequeue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEventJournalTest {
    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path directory;

    @Test
    void keepsEventsAcrossReopeningAndDropsALineACrashCutShort() throws Exception {
        Path file = directory.resolve("queue/journal");
        try (FileEventJournal journal = new FileEventJournal(file)) {
            journal.append(new QueueEvent.Started(AT, "m0"));
            journal.append(new QueueEvent.MainMoved(AT, "m1"));
        }
        // A write cut short by a crash: never acknowledged, so it is not an event.
        Files.writeString(file, "MainMoved\t2026-03-02T09:0", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (FileEventJournal journal = new FileEventJournal(file)) {
            assertThat(journal.readAll()).containsExactly(new QueueEvent.Started(AT, "m0"),
                    new QueueEvent.MainMoved(AT, "m1"));
            journal.append(new QueueEvent.Tick(AT));
            assertThat(journal.readAll()).hasSize(3).endsWith(new QueueEvent.Tick(AT));
        }
    }

    @Test
    void aDamagedLineInTheMiddleIsReportedWithItsNumber() throws Exception {
        Path file = directory.resolve("journal");
        Files.writeString(file, "Tick\t2026-03-02T09:00:00Z\nGarbage\nTick\t2026-03-02T09:00:00Z\n");

        try (FileEventJournal journal = new FileEventJournal(file)) {
            assertThatThrownBy(journal::readAll).hasMessageContaining("line 2 of the queue journal");
        }
    }

    @Test
    void aCompactedJournalReadsBackAsItsSnapshotAndTheEventsAfterIt() throws Exception {
        Path file = directory.resolve("journal");
        MergeQueueState state = MergeQueueState.initial(QueueConfiguration.defaults(), AT, "m1");
        try (FileEventJournal journal = new FileEventJournal(file)) {
            journal.append(new QueueEvent.Started(AT, "m0"));
            journal.append(new QueueEvent.MainMoved(AT, "m1"));
            journal.compact(state);
            journal.append(new QueueEvent.Tick(AT));
            assertThat(journal.eventsSinceSnapshot()).isEqualTo(1);
        }

        try (FileEventJournal journal = new FileEventJournal(file)) {
            assertThat(journal.snapshot()).contains(state);
            assertThat(journal.readAll()).containsExactly(new QueueEvent.Tick(AT));
            journal.compact(state);
            journal.append(new QueueEvent.MainMoved(AT, "m2"));
        }
        try (FileEventJournal journal = new FileEventJournal(file)) {
            assertThat(journal.readAll()).containsExactly(new QueueEvent.MainMoved(AT, "m2"));
        }
        assertThat(file).doesNotExist();
        assertThat(directory.resolve("journal.1")).doesNotExist();
        assertThat(directory.resolve("journal.2")).exists();
    }

    @Test
    void aCrashInTheMiddleOfCompactingLosesNothingAndRepeatsNothing() throws Exception {
        Path file = directory.resolve("journal");
        try (FileEventJournal journal = new FileEventJournal(file)) {
            journal.append(new QueueEvent.Started(AT, "m0"));
        }
        // Killed after starting the next generation, before the snapshot pointing to it.
        Files.createFile(directory.resolve("journal.1"));
        try (FileEventJournal journal = new FileEventJournal(file)) {
            assertThat(journal.snapshot()).isEmpty();
            assertThat(journal.readAll()).containsExactly(new QueueEvent.Started(AT, "m0"));
            journal.append(new QueueEvent.Tick(AT));
            assertThat(journal.readAll()).containsExactly(new QueueEvent.Started(AT, "m0"), new QueueEvent.Tick(AT));
            journal.compact(MergeQueueState.initial(QueueConfiguration.defaults(), AT, "m0"));
        }
        // Killed after the snapshot, before the generations it covers were deleted.
        Files.writeString(directory.resolve("journal.1"), "Tick\t2026-03-02T09:00:00Z\n");
        try (FileEventJournal journal = new FileEventJournal(file)) {
            assertThat(journal.snapshot()).isPresent();
            assertThat(journal.readAll()).isEmpty();
        }
        assertThat(directory.resolve("journal.1")).doesNotExist();
    }

    @Test
    void aJournalIsOpenedByOneProcessAtATime() throws Exception {
        Path file = directory.resolve("journal");
        try (FileEventJournal journal = new FileEventJournal(file)) {
            assertThatThrownBy(() -> new FileEventJournal(file)).hasMessageContaining("is already open");
        }
    }
}
