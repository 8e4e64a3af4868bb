package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** How a user is known on the outside systems Mainline talks to. Each handle belongs to at most one user. */
public record ExternalHandles(Optional<String> githubLogin, Optional<String> slackUserId, Optional<String> email) {
    // GitHub: letters, digits and single hyphens, not at either end, at most 39 characters.
    private static final Pattern GITHUB_LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");
    // Slack user ids start with U (or W on Enterprise Grid) followed by upper-case letters and digits.
    private static final Pattern SLACK_USER_ID = Pattern.compile("[UW][A-Z0-9]{2,20}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public ExternalHandles {
        Checks.optionalMatching("githubLogin", githubLogin, 39, GITHUB_LOGIN,
                "letters, digits and single hyphens, at most 39 characters");
        Checks.optionalMatching("slackUserId", slackUserId, 21, SLACK_USER_ID, "a Slack user id such as U024BE7LH");
        Checks.optionalMatching("email", email, 254, EMAIL, "an address such as ada@example.com");
        // GitHub logins and email addresses are case-insensitive: one spelling, so each belongs to one user.
        githubLogin = githubLogin.map(login -> login.toLowerCase(Locale.ROOT));
        email = email.map(address -> address.toLowerCase(Locale.ROOT));
    }

    public static ExternalHandles none() {
        return new ExternalHandles(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The kinds of handle, for naming the ones to clear. */
    public enum Kind {
        GITHUB_LOGIN,
        SLACK_USER_ID,
        EMAIL
    }

    /** These handles without the given kinds. */
    public ExternalHandles without(Set<Kind> kinds) {
        return new ExternalHandles(kinds.contains(Kind.GITHUB_LOGIN) ? Optional.empty() : githubLogin,
                kinds.contains(Kind.SLACK_USER_ID) ? Optional.empty() : slackUserId,
                kinds.contains(Kind.EMAIL) ? Optional.empty() : email);
    }

    /** The handles of {@code update} where it has one, these otherwise. */
    public ExternalHandles overriddenBy(ExternalHandles update) {
        requireNonNull(update, "update is null");
        return new ExternalHandles(
                update.githubLogin.or(() -> githubLogin),
                update.slackUserId.or(() -> slackUserId),
                update.email.or(() -> email));
    }
}
