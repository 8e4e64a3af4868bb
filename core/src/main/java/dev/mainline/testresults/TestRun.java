package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import java.util.Optional;

/**
 * Where a report came from: the repository and commit it tested, the branch and pull request when there is one, and
 * the CI job and its attempt (a job re-run by hand is attempt 2).
 */
public record TestRun(RepositoryName repository, String commit, Optional<String> branch, Optional<Integer> pullRequest,
        String job, int attempt) {
    public TestRun {
        requireNonNull(repository, "repository is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(pullRequest, "pullRequest is null");
        requireNonNull(job, "job is null");
        if (!commit.matches("[0-9a-f]{7,64}")) {
            throw MainlineException.invalid("commit must be a hexadecimal commit id, got '%s'",
                    dev.mainline.common.Checks.echo(commit));
        }
        if (job.isBlank() || job.length() > 200) {
            throw MainlineException.invalid("job must have 1 to 200 characters");
        }
        if (branch.isPresent() && (branch.get().isBlank() || branch.get().length() > 255)) {
            throw MainlineException.invalid("branch must have 1 to 255 characters");
        }
        if (pullRequest.isPresent() && pullRequest.get() < 1) {
            throw MainlineException.invalid("pullRequest must be positive, got %d", pullRequest.get());
        }
        if (attempt < 1 || attempt > 1000) {
            throw MainlineException.invalid("attempt must be between 1 and 1000, got %d", attempt);
        }
    }
}
