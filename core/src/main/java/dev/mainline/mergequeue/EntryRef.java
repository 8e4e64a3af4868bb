package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

/** A pull request at a given head commit: what a speculative build merges. A push makes a different ref. */
public record EntryRef(int pullRequest, String head) {
    public EntryRef {
        requireNonNull(head, "head is null");
    }

    @Override
    public String toString() {
        return "#" + pullRequest + "@" + head;
    }
}
