package backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class SnapshotWriter {
    private final Path directory;

    public SnapshotWriter(Path directory) {
        this.directory = directory;
    }

    // @@PAD@@
    public Path write(String name, List<String> lines) {
        Path target = directory.resolve(name + ".snapshot");
        Files.write(target, lines);
        return target;
    }
}
