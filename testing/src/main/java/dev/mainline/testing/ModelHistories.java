package dev.mainline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What the model-based tests of the queue runtime share: their seeds, and where their histories keep files. */
public final class ModelHistories {
    private ModelHistories() {
    }

    /** Seeds 1 to {@code count}, or only {@code -Dmainline.model.seed} when it is set (to replay one history). */
    public static List<Long> seeds(int count) {
        Long one = Long.getLong("mainline.model.seed");
        if (one != null) {
            return List.of(one);
        }
        List<Long> seeds = new ArrayList<>();
        for (long seed = 1; seed <= count; seed++) {
            seeds.add(seed);
        }
        return seeds;
    }

    /** A new folder for histories: in memory when the system has it, since the journal forces every event. */
    public static Path scratch(String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? shm
                : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(base, prefix);
    }

    /** Deletes {@code directory} and everything in it; what cannot be deleted is left to the system. */
    public static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Left for the operating system's temporary files.
        }
    }
}
