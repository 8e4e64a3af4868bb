package dev.mainline.identity;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The roles of the role model, from least to most powerful; each includes the rights of those before it. */
public enum Role {
    VIEWER("viewer"),
    ENGINEER("engineer"),
    RELEASE_MANAGER("release-manager"),
    ADMIN("admin");

    private final String key;

    Role(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public static Role fromKey(String key) {
        for (Role role : values()) {
            if (role.key.equals(key)) {
                return role;
            }
        }
        throw MainlineException.invalid("role '%s' is not known; expected one of %s", Checks.echo(String.valueOf(key)),
                Arrays.stream(values()).map(Role::key).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return key;
    }
}
