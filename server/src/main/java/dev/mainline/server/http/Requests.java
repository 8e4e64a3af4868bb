package dev.mainline.server.http;

import dev.mainline.common.MainlineException;
import java.util.List;
import java.util.Optional;

/** Small guards for JSON request fields, so a missing field is a clear 400 rather than a null somewhere deeper. */
public final class Requests {
    private Requests() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw MainlineException.invalid("%s is required", field);
        }
        return value;
    }

    public static <T> List<T> requiredList(List<T> values, String field, int maxSize) {
        required(values, field);
        if (values.size() > maxSize) {
            throw MainlineException.invalid("%s may have at most %d entries, got %d", field, maxSize, values.size());
        }
        if (values.contains(null)) {
            throw MainlineException.invalid("%s must not contain null", field);
        }
        return values;
    }

    public static Optional<String> optional(String value) {
        return Optional.ofNullable(value);
    }
}
