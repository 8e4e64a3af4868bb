package dev.mainline.logarchive;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.StoredLog;
import dev.mainline.store.Database;
import dev.mainline.store.DatabaseConfig;
import dev.mainline.store.JdbcStores;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/**
 * A server's log archive in a process of its own, with a small heap, on an H2 file database: {@code upload DIR BYTES}
 * sends a generated log of that size, says it was acknowledged, and indexes it (the test may kill it meanwhile);
 * {@code check DIR} starts again on the same files, waits for indexing, and reads the log back whole, by range and by
 * search.
 */
public final class HugeLogProcess {
    static final RepositoryName REPOSITORY = new RepositoryName("acme/huge");
    static final String LAST_LINE = "the very last line: java.lang.IllegalStateException: out of disk at byte end";

    public static void main(String[] arguments) throws Exception {
        Path directory = Path.of(arguments[1]);
        Clock clock = Clock.systemUTC();
        // As the server's embedded default opens it: each commit written at once.
        try (Database database = new Database(new DatabaseConfig("jdbc:h2:file:" + directory.resolve("db")
                .toAbsolutePath() + ";WRITE_DELAY=0", "sa", "", 4, Duration.ofSeconds(30))).start()) {
            Stores stores = JdbcStores.create(database);
            if (stores.repositories().findByName(REPOSITORY).isEmpty()) {
                stores.repositories().insert(new NewSourceRepository(REPOSITORY, "main", Forge.LOCAL), clock.instant());
            }
            Actor ci = new Actor(1, "ci", Channel.API, List.of(Permission.parse("admin@global")), Optional.empty());
            try (LogArchive archive = new LogArchive(stores.logs(), stores.repositories(),
                    new Authorizer(stores.auditLog(), clock), clock, new LocalBlobStore(directory.resolve("blobs")),
                    directory.resolve("work"), new LogArchive.Settings(1L << 34, Optional.empty()))) {
                if (arguments[0].equals("upload")) {
                    long size = Long.parseLong(arguments[2]);
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    StoredLog log = archive.upload(ci, LogSource.build(REPOSITORY, "0123abcd", "soak", 1),
                            new DigestInputStream(new GeneratedLog(size), sha), false, OptionalLong.empty(),
                            Optional.empty()).log();
                    System.out.printf("acknowledged %d %d %s%n", log.id(), log.bytes(),
                            HexFormat.of().formatHex(sha.digest()));
                    System.out.flush();
                    archive.start();
                    archive.awaitIndexed(Duration.ofMinutes(10));
                    System.out.println("indexed");
                } else {
                    archive.start();
                    archive.awaitIndexed(Duration.ofMinutes(10));
                    StoredLog log = stores.logs().list(LogFilter.ALL, Optional.empty(), 1).getFirst();
                    System.out.printf("heap %d MB, log %d MB%n", Runtime.getRuntime().maxMemory() >> 20,
                            log.bytes() >> 20);
                    System.out.printf("whole %s%n", sha(new GZIPInputStream(archive.compressed(ci, log.id()))));
                    System.out.printf("range %s%n", sha(archive.bytes(ci, log.id(), 0, log.bytes())));
                    var found = archive.search(ci, "out of disk at byte end", LogFilter.ALL, 1, 5);
                    System.out.printf("found %d at line %d of %d%n", found.matches().size(),
                            found.matches().isEmpty() ? 0 : found.matches().getFirst().line(), log.lines());
                }
            }
        }
    }

    private static String sha(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream digested = new DigestInputStream(in, sha)) {
            digested.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Log lines made up on the fly, {@code size} bytes in all, the last one {@link #LAST_LINE}. */
    static final class GeneratedLog extends InputStream {
        private final long size;
        private long sent;
        private long line;
        private byte[] current = new byte[0];
        private int position;

        GeneratedLog(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (sent >= size) {
                return -1;
            }
            if (position == current.length) {
                long left = size - sent;
                // The end: a filler line to come out at exactly {@code size}, then the last line.
                String text = left <= LAST_LINE.length() + 1 + 120
                        ? ".".repeat((int) (left - LAST_LINE.length() - 2)) + "\n" + LAST_LINE + "\n"
                        : "2026-11-24T18:00:%02d.0000000Z [INFO] Compiling module %d of the soak build into /tmp/soak-%d\n"
                                .formatted(line % 60, line, line * 7919 % 100_000);
                line++;
                current = text.getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            int count = (int) Math.min(Math.min(length, current.length - position), size - sent);
            System.arraycopy(current, position, buffer, offset, count);
            position += count;
            sent += count;
            return count;
        }
    }
}
