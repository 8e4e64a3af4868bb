package dev.mainline.common;

import dev.mainline.common.Checks;
import java.util.regex.Pattern;

/** A repository's full name, {@code owner/name}, as GitHub spells it. */
public record RepositoryName(String value) {
    // Neither part may be '.' or '..': names become paths on disk in local mode.
    private static final Pattern PATTERN = Pattern
            .compile("(?!\\.{1,2}/)[A-Za-z0-9_.-]{1,100}/(?!\\.{1,2}$)[A-Za-z0-9_.-]{1,100}");

    public RepositoryName {
        Checks.matching("repository name", value, 201, PATTERN,
                "expected 'owner/name' of letters, digits, '_', '.' and '-', neither part '.' or '..'");
    }

    @Override
    public String toString() {
        return value;
    }
}
