package dev.mainline.common;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Which page of a listing to read: after a cursor (or from the start), at most {@code limit} items. */
public record PageRequest(Optional<Cursor> after, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageRequest {
        requireNonNull(after, "after is null");
        Checks.between("limit", limit, 1, MAX_LIMIT);
    }

    public static PageRequest first(int limit) {
        return new PageRequest(Optional.empty(), limit);
    }

    public static PageRequest firstPage() {
        return first(DEFAULT_LIMIT);
    }
}
