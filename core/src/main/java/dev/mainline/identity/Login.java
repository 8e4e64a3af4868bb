package dev.mainline.identity;

import dev.mainline.common.Checks;
import java.util.regex.Pattern;

/** A user's Mainline login: lower case, stable, used in URLs and the audit log. */
public final class Login {
    private static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    public static final int MAX_LENGTH = 64;

    private Login() {
    }

    public static String check(String login) {
        return Checks.matching("login", login, MAX_LENGTH, PATTERN,
                "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
}
