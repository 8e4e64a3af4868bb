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

    /** A stored test: its identity hash, its id, and whether its file is known. */
    record Identity(String hash, long id, boolean hasFile) {
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

    /** A test's identity: SHA-256 over its suite, class and name, each prefixed by its length. */
    static String hash(String suite, String className, String name) {
        MessageDigest sha = sha();
        for (String part : List.of(suite, className, name)) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) (bytes.length >>> 24));
            sha.update((byte) (bytes.length >>> 16));
            sha.update((byte) (bytes.length >>> 8));
            sha.update((byte) bytes.length);
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
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
