package dev.mainline.common;

import dev.mainline.common.Checks;
import java.util.regex.Pattern;

/** The short, URL-safe key of an app, such as {@code payments-ios}. */
public record AppKey(String value) {
    private static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public AppKey {
        Checks.matching("app key", value, 64, PATTERN,
                "lower-case letters, digits and '-', starting with a letter or digit");
    }

    @Override
    public String toString() {
        return value;
    }
}
