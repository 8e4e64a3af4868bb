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
}
