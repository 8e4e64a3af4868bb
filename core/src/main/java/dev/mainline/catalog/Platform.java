package dev.mainline.catalog;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;

/** The mobile platforms an app ships on. */
public enum Platform {
    IOS("ios"),
    ANDROID("android");

    private final String key;

    Platform(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Platform fromKey(String key) {
        for (Platform platform : values()) {
            if (platform.key.equals(key)) {
                return platform;
            }
        }
        throw MainlineException.invalid("platform '%s' is not known; expected 'ios' or 'android'",
                Checks.echo(String.valueOf(key)));
    }

    @Override
    public String toString() {
        return key;
    }
}
