package dev.mainline.pullrequest;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import java.util.Locale;

/** Where a pull request is: open, merged by the queue, or closed without merging. */
public enum PullRequestState {
    OPEN,
    MERGED,
    CLOSED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PullRequestState fromKey(String key) {
        for (PullRequestState state : values()) {
            if (state.key().equals(key)) {
                return state;
            }
        }
        throw MainlineException.invalid("state '%s' is not known; expected open, merged or closed",
                Checks.echo(String.valueOf(key)));
    }
}
