package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.BitSet;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Which tests one report held, and which of them it skipped: with failures kept whole, this is what says a test
 * passed in a run, so passes need no row of their own. Reports of one job repeat the same tests run after run, so a
 * set is stored once and shared ({@link #encode()} is deterministic); encoded, ids are sorted and kept as deltas, so a
 * set of tests created together costs about a bit per test.
 */
public final class TestSet {
    private static final byte FORMAT = 1;
    private static final int MAX_ENCODED = 64 << 20;

    private final long[] members;
    private final BitSet skipped;

    private TestSet(long[] members, BitSet skipped) {
        this.members = members;
        this.skipped = skipped;
    }

    /** The set of {@code testIds}, where {@code skipped[i]} says whether the report skipped {@code testIds[i]}. */
    public static TestSet of(long[] testIds, boolean[] skipped) {
        requireNonNull(testIds, "testIds is null");
        requireNonNull(skipped, "skipped is null");
        if (testIds.length != skipped.length) {
            throw new IllegalArgumentException("one skipped flag per test id");
        }
        Integer[] order = new Integer[testIds.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (left, right) -> Long.compare(testIds[left], testIds[right]));
        long[] members = new long[testIds.length];
        BitSet skippedMembers = new BitSet(testIds.length);
        int size = 0;
        for (int index : order) {
            long id = testIds[index];
            if (id < 1) {
                throw new IllegalArgumentException("test ids are positive, got " + id);
            }
            if (size > 0 && members[size - 1] == id) {
                // The same test twice: it ran unless both times it was skipped.
                if (!skipped[index]) {
                    skippedMembers.clear(size - 1);
                }
                continue;
            }
            members[size] = id;
            if (skipped[index]) {
                skippedMembers.set(size);
            }
            size++;
        }
        return new TestSet(Arrays.copyOf(members, size), skippedMembers);
    }

    public int size() {
        return members.length;
    }

    public boolean contains(long testId) {
        return Arrays.binarySearch(members, testId) >= 0;
    }

    /** Whether the report skipped {@code testId}; false for a test it did not hold. */
    public boolean skipped(long testId) {
        int index = Arrays.binarySearch(members, testId);
        return index >= 0 && skipped.get(index);
    }

    /** Compressed, and the same bytes for the same set. */
    public byte[] encode() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(members.length + 16);
        raw.write(FORMAT);
        writeVarint(raw, members.length);
        long previous = 0;
        for (int i = 0; i < members.length; i++) {
            writeVarint(raw, (members[i] - previous) << 1 | (skipped.get(i) ? 1 : 0));
            previous = members[i];
        }
        byte[] input = raw.toByteArray();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(input.length / 4 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
            return compressed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    public static TestSet decode(byte[] encoded) {
        requireNonNull(encoded, "encoded is null");
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(encoded);
            ByteArrayOutputStream raw = new ByteArrayOutputStream(encoded.length * 8 + 64);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int read = inflater.inflate(buffer);
                if (read == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("a test set's encoding is cut short");
                }
                raw.write(buffer, 0, read);
                if (raw.size() > MAX_ENCODED) {
                    throw new IllegalArgumentException("a test set's encoding is too large");
                }
            }
            return read(raw.toByteArray());
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("a test set's encoding is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static TestSet read(byte[] raw) {
        int[] position = {0};
        if (raw.length == 0 || raw[position[0]++] != FORMAT) {
            throw new IllegalArgumentException("a test set's encoding has an unknown format");
        }
        long count = readVarint(raw, position);
        if (count > raw.length) {
            throw new IllegalArgumentException("a test set's encoding claims more tests than it holds");
        }
        long[] members = new long[(int) count];
        BitSet skipped = new BitSet((int) count);
        long previous = 0;
        for (int i = 0; i < count; i++) {
            long value = readVarint(raw, position);
            previous += value >>> 1;
            members[i] = previous;
            if ((value & 1) != 0) {
                skipped.set(i);
            }
        }
        return new TestSet(members, skipped);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarint(byte[] raw, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= raw.length) {
                throw new IllegalArgumentException("a test set's encoding is cut short");
            }
            byte next = raw[position[0]++];
            value |= (long) (next & 0x7F) << shift;
            if (next >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a test set's encoding has a malformed number");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TestSet set && Arrays.equals(members, set.members) && skipped.equals(set.skipped);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(members) * 31 + skipped.hashCode();
    }
}
