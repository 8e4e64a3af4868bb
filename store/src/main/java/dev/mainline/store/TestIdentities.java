package dev.mainline.store;

import dev.mainline.common.RepositoryName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ids of tests already stored, remembered so a report of tests seen before needs no lookup at all. Identities
 * are never deleted or renumbered, so what was committed stays true; when more than {@link #CAPACITY} are remembered
 * the memory starts over, and misses are looked up in the database.
 */
final class TestIdentities {
    static final int CAPACITY = 4_000_000;

    /** A stored test: its identity hash and its id. */
    record Identity(String hash, long id) {
    }

    private final Map<String, Map<String, Identity>> byRepository = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    Identity find(RepositoryName repository, String hash) {
        Map<String, Identity> known = byRepository.get(repository.value());
        return known == null ? null : known.get(hash);
    }

    void remember(RepositoryName repository, List<Identity> identities) {
        if (size.addAndGet(identities.size()) > CAPACITY) {
            byRepository.clear();
            size.set(identities.size());
        }
        Map<String, Identity> known = byRepository.computeIfAbsent(repository.value(),
                name -> new ConcurrentHashMap<>());
        for (Identity identity : identities) {
            known.put(identity.hash(), identity);
        }
    }

    /**
     * A test's identity: SHA-256 over its suite, class and name, and its file when the runner reported one (two tests
     * of one name in two files are two tests), each prefixed by its length. Without the file, the hash of its name.
     */
    static String hash(String suite, String className, String name, java.util.Optional<String> file) {
        MessageDigest sha = sha();
        List<String> parts = file.isPresent()
                ? List.of(suite, className, name, normalized(file.get()))
                : List.of(suite, className, name);
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) (bytes.length >>> 24));
            sha.update((byte) (bytes.length >>> 16));
            sha.update((byte) (bytes.length >>> 8));
            sha.update((byte) bytes.length);
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The same file whichever way a runner wrote it: forward slashes, no leading "./". */
    static String normalized(String file) {
        String path = file.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        return path;
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha().digest(bytes));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
