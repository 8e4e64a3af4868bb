package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** Where a test lives and who owns that file (CODEOWNERS owners: @user, @org/team, or an email). */
public record TestOwner(Optional<String> path, List<String> owners) {
    public TestOwner {
        requireNonNull(path, "path is null");
        owners = List.copyOf(requireNonNull(owners, "owners is null"));
    }
}
