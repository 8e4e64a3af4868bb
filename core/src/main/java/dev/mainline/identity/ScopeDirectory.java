package dev.mainline.identity;

/** Tells whether the repository or app a scope names exists, so nobody is granted a role on a typo. */
public interface ScopeDirectory {
    boolean exists(Scope scope);
}
