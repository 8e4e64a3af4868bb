package dev.mainline.audit;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;

/** The way an action reached Mainline. */
public enum Channel {
    API("api"),
    CLI("cli"),
    SLACK("slack"),
    GITHUB("github"),
    SYSTEM("system");

    private final String key;

    Channel(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Channel fromKey(String key) {
        for (Channel channel : values()) {
            if (channel.key.equals(key)) {
                return channel;
            }
        }
        throw MainlineException.invalid("channel '%s' is not known", Checks.echo(String.valueOf(key)));
    }

    @Override
    public String toString() {
        return key;
    }
}
