package dev.mainline.mergequeue;

/** The engine's name for one speculative build; assigned in sequence, so runs are reproducible. */
public record BuildId(long value) implements Comparable<BuildId> {
    @Override
    public int compareTo(BuildId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return "build-" + value;
    }
}
