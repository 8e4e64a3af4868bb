package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.AppKey;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;

/**
 * What a role applies to: everything, one repository or one app. Written as {@code global}, {@code repository:acme/api}
 * or {@code app:payments-ios}.
 */
public record Scope(Kind kind, String name) {
    public enum Kind {
        GLOBAL("global"),
        REPOSITORY("repository"),
        APP("app");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private static final Scope GLOBAL = new Scope(Kind.GLOBAL, "");

    public Scope {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        switch (kind) {
            case GLOBAL -> {
                if (!name.isEmpty()) {
                    throw MainlineException.invalid("the global scope has no name, got '%s'", Checks.echo(name));
                }
            }
            case REPOSITORY -> new RepositoryName(name);
            case APP -> new AppKey(name);
        }
    }

    public static Scope global() {
        return GLOBAL;
    }

    public static Scope repository(String name) {
        return new Scope(Kind.REPOSITORY, name);
    }

    public static Scope app(String key) {
        return new Scope(Kind.APP, key);
    }

    public static Scope parse(String text) {
        Checks.text("scope", text, 300);
        if (text.equals(Kind.GLOBAL.key())) {
            return GLOBAL;
        }
        int colon = text.indexOf(':');
        if (colon > 0) {
            String kind = text.substring(0, colon);
            String name = text.substring(colon + 1);
            if (kind.equals(Kind.REPOSITORY.key())) {
                return repository(name);
            }
            if (kind.equals(Kind.APP.key())) {
                return app(name);
            }
        }
        throw MainlineException.invalid(
                "scope '%s' is not valid: expected 'global', 'repository:<owner/name>' or 'app:<key>'",
                Checks.echo(text));
    }

    public boolean isGlobal() {
        return kind == Kind.GLOBAL;
    }

    /** Whether a role held on this scope also applies to {@code target}. */
    public boolean covers(Scope target) {
        return isGlobal() || equals(target);
    }

    @Override
    public String toString() {
        if (isGlobal()) {
            return Kind.GLOBAL.key();
        }
        return kind.key() + ":" + name;
    }
}
