package dev.mainline.server.http;

import dev.mainline.common.Cursor;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A page of a listing as JSON: the items and the cursor to pass back for the next page (absent on the last). */
public record PageResponse<T>(List<T> items, String nextCursor) {
    public static <S, T> PageResponse<T> of(Page<S> page, Function<S, T> mapper) {
        return new PageResponse<>(page.items().stream().map(mapper).toList(),
                page.next().map(Cursor::encode).orElse(null));
    }

    /** Reads the {@code cursor} and {@code limit} query parameters. */
    public static PageRequest request(String cursor, Integer limit) {
        Optional<Cursor> after = cursor == null || cursor.isEmpty()
                ? Optional.empty()
                : Optional.of(Cursor.decode(cursor));
        return new PageRequest(after, limit == null ? PageRequest.DEFAULT_LIMIT : limit);
    }
}
