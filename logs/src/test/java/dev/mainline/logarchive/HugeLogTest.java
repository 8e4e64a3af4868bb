package dev.mainline.logarchive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log four times larger than the heap of the process that takes it streams in, is acknowledged, and, although that
 * process is killed while indexing it, is whole afterwards: read back whole and by range, and found by its last line.
 */
class HugeLogTest {
    private static final long SIZE = 384L << 20;
    private static final String HEAP = "-Xmx96m";

    @TempDir
    Path directory;

    private Process start(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), HEAP, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                HugeLogProcess.class.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectError(directory.resolve(arguments[0] + ".err").toFile()).start();
    }

    @Test
    void aLogLargerThanTheHeapStreamsInAndOutAndAKillDuringIndexingLosesNothing() throws Exception {
        Process upload = start("upload", directory.toString(), Long.toString(SIZE));
        String acknowledged;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(upload.getInputStream(),
                StandardCharsets.UTF_8))) {
            acknowledged = out.lines().filter(line -> line.startsWith("acknowledged ")).findFirst().orElse("");
            // Killed as it starts indexing the log it acknowledged.
            upload.destroyForcibly();
        }
        assertThat(upload.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).as("the upload was acknowledged; %s", java.nio.file.Files.readString(directory.resolve(
                "upload.err"))).startsWith("acknowledged ");
        String[] parts = acknowledged.split(" ");
        assertThat(Long.parseLong(parts[2])).isEqualTo(SIZE);
        String sha = parts[3];

        Process check = start("check", directory.toString());
        List<String> lines;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(check.getInputStream(),
                StandardCharsets.UTF_8))) {
            lines = out.lines().toList();
        }
        assertThat(check.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(check.exitValue()).as("%s %s", lines, java.nio.file.Files.readString(directory.resolve("check.err")))
                .isZero();
        assertThat(lines).contains("whole " + sha, "range " + sha);
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("heap (\\d+) MB, log 384 MB")
                .satisfies(text -> assertThat(Integer.parseInt(text.split(" ")[1])).isLessThanOrEqualTo(96)));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("found 1 at line (\\d+) of \\1"));
    }
}
