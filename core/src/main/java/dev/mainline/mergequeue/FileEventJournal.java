package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A queue's events in append-only files, one line each, forced to disk before {@link #append} returns. A last line
 * without its newline is a write the crash cut short: it was never acknowledged, so it is dropped on reading (and cut
 * off before the next append).
 *
 * <p>Compacting writes the queue's whole state as a snapshot ({@code <file>.snapshot}) and starts a new generation of
 * the event file ({@code <file>.1}, {@code <file>.2}…; generation 0 is {@code <file>} itself). The snapshot names the
 * generation its events continue in, so whichever moment a crash picks, what is read back is the snapshot plus exactly
 * the events after it: a new generation is created before the snapshot that points to it, and older ones are deleted
 * only after.
 */
public final class FileEventJournal implements EventJournal, AutoCloseable {
    private static final String SNAPSHOT_HEADER = "continues-in-generation\t";

    private final Path file;
    private final Path directory;
    private final Path snapshotFile;
    private final FileChannel lock;
    private FileChannel channel;
    private long generation;
    private long snapshotGeneration;
    private Optional<MergeQueueState> snapshot;
    private long sinceSnapshot;

    public FileEventJournal(Path file) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
        this.directory = this.file.getParent();
        this.snapshotFile = sibling(".snapshot");
        try {
            Files.createDirectories(directory);
            // One process per journal: a second one would interleave its lines with the first's.
            this.lock = FileChannel.open(sibling(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            boolean locked;
            try {
                locked = lock.tryLock() != null;
            } catch (OverlappingFileLockException e) {
                locked = false;
            }
            if (!locked) {
                lock.close();
                throw new IllegalStateException("the queue journal %s is already open".formatted(file));
            }
            readSnapshot();
            TreeSet<Long> generations = generations();
            for (long old : generations.headSet(snapshotGeneration)) {
                // Covered by the snapshot: a crash came between writing it and deleting these.
                Files.deleteIfExists(path(old));
            }
            generation = Math.max(snapshotGeneration, generations.isEmpty() ? 0 : generations.last());
            channel = openForAppending(path(generation));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the queue journal " + file, e);
        }
    }

    private Path sibling(String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private Path path(long number) {
        return number == 0 ? file : sibling("." + number);
    }

    /** The generations of the event file on disk. */
    private TreeSet<Long> generations() throws IOException {
        Pattern name = Pattern.compile(Pattern.quote(file.getFileName().toString()) + "(?:\\.(\\d{1,18}))?");
        TreeSet<Long> generations = new TreeSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(candidate -> {
                Matcher matcher = name.matcher(candidate.getFileName().toString());
                if (matcher.matches()) {
                    generations.add(matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1)));
                }
            });
        }
        return generations;
    }

    private void readSnapshot() throws IOException {
        snapshot = Optional.empty();
        snapshotGeneration = 0;
        if (!Files.exists(snapshotFile)) {
            return;
        }
        String text = Files.readString(snapshotFile, StandardCharsets.UTF_8);
        int firstLine = text.indexOf('\n');
        if (!text.startsWith(SNAPSHOT_HEADER) || firstLine < 0) {
            throw new IllegalStateException("the queue snapshot %s does not say where its events continue"
                    .formatted(snapshotFile));
        }
        snapshotGeneration = Long.parseLong(text.substring(SNAPSHOT_HEADER.length(), firstLine));
        try {
            snapshot = Optional.of(QueueStateCodec.decode(text.substring(firstLine + 1)));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the queue snapshot %s: %s".formatted(snapshotFile, e.getMessage()), e);
        }
    }

    private FileChannel openForAppending(Path path) throws IOException {
        boolean created = !Files.exists(path);
        FileChannel opened = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (created) {
            // The new file's directory entry must survive a crash too, or so would nothing written to it.
            forceDirectory();
        }
        opened.truncate(completeLength(opened));
        opened.position(opened.size());
        return opened;
    }

    private void forceDirectory() throws IOException {
        try (FileChannel parent = FileChannel.open(directory, StandardOpenOption.READ)) {
            parent.force(true);
        }
    }

    @Override
    public synchronized void append(QueueEvent event) {
        byte[] line = (QueueEventCodec.encode(event) + "\n").getBytes(StandardCharsets.UTF_8);
        long before = -1;
        try {
            before = channel.position();
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
            sinceSnapshot++;
        } catch (IOException e) {
            // A line written in part must not have the next one appended to it: cut it off again.
            if (before >= 0) {
                try {
                    channel.truncate(before);
                    channel.position(before);
                } catch (IOException ignored) {
                    // The open at the next start cuts an unfinished line off anyway.
                }
            }
            throw new UncheckedIOException("cannot write the queue journal " + path(generation), e);
        }
    }

    @Override
    public synchronized Optional<MergeQueueState> snapshot() {
        return snapshot;
    }

    @Override
    public synchronized List<QueueEvent> readAll() {
        List<QueueEvent> events = new ArrayList<>();
        for (long number = snapshotGeneration; number <= generation; number++) {
            Path path = path(number);
            if (Files.exists(path)) {
                read(path, events);
            }
        }
        sinceSnapshot = events.size();
        return events;
    }

    private static void read(Path path, List<QueueEvent> events) {
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            int start = 0;
            int lineNumber = 1;
            for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
                String line = text.substring(start, end);
                try {
                    events.add(QueueEventCodec.decode(line));
                } catch (RuntimeException e) {
                    throw new IllegalStateException(
                            "line %d of the queue journal %s: %s".formatted(lineNumber, path, e.getMessage()), e);
                }
                start = end + 1;
                lineNumber++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the queue journal " + path, e);
        }
    }

    @Override
    public synchronized long eventsSinceSnapshot() {
        return sinceSnapshot;
    }

    @Override
    public synchronized void compact(MergeQueueState state) {
        requireNonNull(state, "state is null");
        long next = generation + 1;
        Path written = sibling(".snapshot.new");
        FileChannel fresh = null;
        try {
            // The snapshot first (under another name), then the generation it points to, then the rename that makes
            // it the snapshot: a failure before the rename changes nothing that is read back.
            byte[] text = (SNAPSHOT_HEADER + next + "\n" + QueueStateCodec.encode(state))
                    .getBytes(StandardCharsets.UTF_8);
            try (FileChannel out = FileChannel.open(written, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(text);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            fresh = openForAppending(path(next));
            Files.move(written, snapshotFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory();
        } catch (IOException e) {
            if (fresh != null) {
                try {
                    fresh.close();
                    Files.deleteIfExists(path(next));
                } catch (IOException ignored) {
                    // An empty generation after the current one is read as no events.
                }
            }
            throw new UncheckedIOException("cannot compact the queue journal " + file, e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Everything in it is forced to disk already; it is no longer written.
        }
        channel = fresh;
        generation = next;
        snapshotGeneration = next;
        snapshot = Optional.of(state);
        sinceSnapshot = 0;
        try {
            for (long old : generations().headSet(next)) {
                Files.deleteIfExists(path(old));
            }
        } catch (IOException e) {
            // The next start deletes what the snapshot covers.
        }
    }

    /** The length of the file up to its last newline. */
    private static long completeLength(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long position = size - 1; position >= 0; position--) {
            one.clear();
            channel.read(one, position);
            if (one.get(0) == '\n') {
                return position + 1;
            }
        }
        return 0;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the queue journal " + file, e);
        }
    }
}
