package dev.mainline.common;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Guard clauses for values that arrive from outside. Every failure names the field and says why; over-long values are
 * reported by length, never echoed back.
 */
public final class Checks {
    private static final int ECHO_LIMIT = 80;

    private Checks() {
    }

    /** A required, non-blank text of at most {@code maxLength} characters without control characters. */
    public static String text(String field, String value, int maxLength) {
        if (value == null) {
            throw MainlineException.invalid("%s is required", field);
        }
        if (value.isBlank()) {
            throw MainlineException.invalid("%s must not be blank", field);
        }
        if (value.length() > maxLength) {
            throw MainlineException.invalid("%s must be at most %d characters, got %d", field, maxLength,
                    value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw MainlineException.invalid("%s must not contain control characters", field);
            }
        }
        return value;
    }

    /** A required text of at most {@code maxLength} characters that matches {@code pattern}. */
    public static String matching(String field, String value, int maxLength, Pattern pattern, String expectation) {
        text(field, value, maxLength);
        if (!pattern.matcher(value).matches()) {
            throw MainlineException.invalid("%s '%s' is not valid: %s", field, echo(value), expectation);
        }
        return value;
    }

    public static Optional<String> optionalMatching(String field, Optional<String> value, int maxLength,
            Pattern pattern,
            String expectation) {
        if (value == null) {
            throw new NullPointerException(field + " is null");
        }
        value.ifPresent(present -> matching(field, present, maxLength, pattern, expectation));
        return value;
    }

    public static int between(String field, int value, int minimum, int maximum) {
        if (value < minimum || value > maximum) {
            throw MainlineException.invalid("%s must be between %d and %d, got %d", field, minimum, maximum, value);
        }
        return value;
    }

    /** A value shortened for an error message, so a hostile input is never reflected in full. */
    public static String echo(String value) {
        if (value.length() <= ECHO_LIMIT) {
            return value;
        }
        return value.substring(0, ECHO_LIMIT) + "…";
    }
}
