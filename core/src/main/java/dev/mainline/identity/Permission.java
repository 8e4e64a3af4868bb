package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import java.util.Collection;

/**
 * A role on a scope, written {@code release-manager@app:payments-ios}. Users hold permissions through grants; tokens
 * carry permissions as their scopes, which can only narrow what the user holds.
 */
public record Permission(Role role, Scope scope) {
    public Permission {
        requireNonNull(role, "role is null");
        requireNonNull(scope, "scope is null");
    }

    public static Permission of(Role role, Scope scope) {
        return new Permission(role, scope);
    }

    public static Permission parse(String text) {
        Checks.text("permission", text, 330);
        int at = text.indexOf('@');
        if (at <= 0) {
            throw MainlineException.invalid(
                    "permission '%s' is not valid: expected '<role>@<scope>', e.g. 'engineer@global'",
                    Checks.echo(text));
        }
        return new Permission(Role.fromKey(text.substring(0, at)), Scope.parse(text.substring(at + 1)));
    }

    /** Whether holding this permission allows acting with {@code required} on {@code target}. */
    public boolean allows(Role required, Scope target) {
        return role.includes(required) && scope.covers(target);
    }

    public static boolean anyAllows(Collection<Permission> permissions, Role required, Scope target) {
        return permissions.stream().anyMatch(permission -> permission.allows(required, target));
    }

    @Override
    public String toString() {
        return role.key() + "@" + scope;
    }
}
