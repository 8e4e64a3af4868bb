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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A queue's events in an append-only file, one line each, forced to disk before {@link #append} returns. A last line
 * without its newline is a write the crash cut short: it was never acknowledged, so it is dropped on reading (and
 * cut off before the next append).
 */
public final class FileEventJournal implements EventJournal, AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    public FileEventJournal(Path file) {
        this.file = requireNonNull(file, "file is null");
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            boolean created = !Files.exists(file);
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            // One process per journal: a second one would interleave its lines with the first's.
            boolean locked;
            try {
                locked = channel.tryLock() != null;
            } catch (OverlappingFileLockException e) {
                locked = false;
            }
            if (!locked) {
                channel.close();
                throw new IllegalStateException("the queue journal %s is already open".formatted(file));
            }
            if (created) {
                // The new file's directory entry must survive a crash too, or so would nothing written to it.
                try (FileChannel parent = FileChannel.open(directory, StandardOpenOption.READ)) {
                    parent.force(true);
                }
            }
            channel.truncate(completeLength());
            channel.position(channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the queue journal " + file, e);
        }
    }

    @Override
    public synchronized void append(QueueEvent event) {
        byte[] line = (QueueEventCodec.encode(event) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the queue journal " + file, e);
        }
    }

    @Override
    public synchronized List<QueueEvent> readAll() {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<QueueEvent> events = new ArrayList<>();
            int start = 0;
            int lineNumber = 1;
            for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
                String line = text.substring(start, end);
                try {
                    events.add(QueueEventCodec.decode(line));
                } catch (RuntimeException e) {
                    throw new IllegalStateException(
                            "line %d of the queue journal %s: %s".formatted(lineNumber, file, e.getMessage()), e);
                }
                start = end + 1;
                lineNumber++;
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the queue journal " + file, e);
        }
    }

    /** The length of the file up to its last newline. */
    private long completeLength() throws IOException {
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
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the queue journal " + file, e);
        }
    }
}
