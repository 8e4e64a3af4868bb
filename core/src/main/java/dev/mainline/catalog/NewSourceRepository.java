package dev.mainline.catalog;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;
import dev.mainline.common.RepositoryName;
import java.util.regex.Pattern;

/** A repository to register. */
public record NewSourceRepository(RepositoryName name, String defaultBranch, Forge forge) {
    // A practical subset of git's ref-name rules: no spaces, no '..', no leading '-' or '/'.
    private static final Pattern BRANCH = Pattern.compile("(?!-)(?!/)(?!.*\\.\\.)[A-Za-z0-9._/-]+(?<!/)(?<!\\.lock)");

    public NewSourceRepository {
        requireNonNull(name, "name is null");
        Checks.matching("defaultBranch", defaultBranch, 255, BRANCH, "a git branch name such as 'main'");
        requireNonNull(forge, "forge is null");
    }
}
