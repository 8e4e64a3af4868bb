package dev.mainline.common;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** One page of a listing and the cursor of the next page, absent on the last one. */
public record Page<T>(List<T> items, Optional<Cursor> next) {
    public Page {
        items = List.copyOf(requireNonNull(items, "items is null"));
        requireNonNull(next, "next is null");
    }

    /**
     * Builds a page from up to {@code limit + 1} rows read in listing order: the extra row only tells that another
     * page exists.
     */
    public static <T> Page<T> fromRows(List<T> rows, int limit, ToLongFunction<T> position) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, Optional.of(new Cursor(position.applyAsLong(items.get(limit - 1)))));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
