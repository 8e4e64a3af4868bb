package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import java.util.Optional;

/**
 * Where a report came from: the repository and commit it tested, the branch and pull request when there is one, the
 * CI job and its attempt (a job re-run by hand is attempt 2), and who authored the change when known (a Mainline or
 * forge login: "my flaky tests" are those that failed on my changes).
 */
public record TestRun(RepositoryName repository, String commit, Optional<String> branch, Optional<Integer> pullRequest,
        String job, int attempt, Optional<String> author) {
    private static final java.util.regex.Pattern LOGIN = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    /** A run whose author is not known. */
    public TestRun(RepositoryName repository, String commit, Optional<String> branch, Optional<Integer> pullRequest,
            String job, int attempt) {
        this(repository, commit, branch, pullRequest, job, attempt, Optional.empty());
    }

    public TestRun {
        requireNonNull(author, "author is null");
        if (author.isPresent() && !LOGIN.matcher(author.get()).matches()) {
            throw MainlineException.invalid("author must be a login of 1 to 100 letters, digits and ._@-, got '%s'",
                    dev.mainline.common.Checks.echo(author.get()));
        }
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

    /** The same run, authored by {@code login}. */
    public TestRun withAuthor(String login) {
        return new TestRun(repository, commit, branch, pullRequest, job, attempt, Optional.of(login));
    }
}
