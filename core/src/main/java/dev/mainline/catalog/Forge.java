package dev.mainline.catalog;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;

/** Where a repository is hosted: a git repository on Mainline's own disk, or GitHub. */
public enum Forge {
    LOCAL("local"),
    GITHUB("github");

    private final String key;

    Forge(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Forge fromKey(String key) {
        for (Forge forge : values()) {
            if (forge.key.equals(key)) {
                return forge;
            }
        }
        throw MainlineException.invalid("forge '%s' is not known; expected 'local' or 'github'",
                Checks.echo(String.valueOf(key)));
    }

    @Override
    public String toString() {
        return key;
    }
}
