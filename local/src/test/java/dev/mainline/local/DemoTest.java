package dev.mainline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
    @TempDir
    Path directory;

    @Test
    void runsTheSampleQueueToTheEndAndSaysWhatHappened() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        boolean emptied = new Demo(directory.resolve("demo"), 6, new PrintStream(printed, true,
                StandardCharsets.UTF_8)).run();

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(emptied).isTrue();
        assertThat(output).contains("Sample project in", "(will conflict)", "(breaks the tests)", "main      moves to",
                "Done in", "#4 was ejected: #4 does not merge onto", "conflicting files src/shared.txt",
                "#3 was ejected: #3 failed CI 2 times");
    }

    @Test
    void refusesADirectoryThatIsNotEmptyAndTouchesNothing() throws Exception {
        Path used = Files.createDirectories(directory.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> new Demo(used, 12, new PrintStream(new ByteArrayOutputStream())).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not empty");
        assertThat(Files.list(used)).hasSize(1);
    }
}
