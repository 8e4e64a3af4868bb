package dev.mainline.logarchive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where kept logs' bytes live, under keys made of {@code /}-separated parts. What {@link #put} returned from is
 * durable. Local disk by default; S3-compatible object storage when configured.
 */
public interface BlobStore {
    /** Keeps {@code file}'s content under {@code key}, replacing what was there; the file may be moved away. */
    void put(String key, Path file) throws IOException;

    /** {@code length} bytes of {@code key} from {@code offset}, or to its end when {@code length} is negative. */
    InputStream read(String key, long offset, long length) throws IOException;

    /** The whole of {@code key}'s content, as bytes: for small blobs. */
    default byte[] readAll(String key) throws IOException {
        try (InputStream in = read(key, 0, -1)) {
            return in.readAllBytes();
        }
    }

    boolean exists(String key) throws IOException;

    void delete(String key) throws IOException;

    /** What the store is, for logs and health: a path or a bucket. */
    String describe();
}
