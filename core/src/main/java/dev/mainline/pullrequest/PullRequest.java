package dev.mainline.pullrequest;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.time.Instant;

/**
 * A pull request of a local repository: a branch someone asks to merge into main, numbered per repository. (A GitHub
 * repository's pull requests live on GitHub.)
 */
public record PullRequest(RepositoryName repository, int number, String branch, String title, String author,
        PullRequestState state, Instant openedAt, Instant updatedAt) {
    public PullRequest {
        requireNonNull(repository, "repository is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(title, "title is null");
        requireNonNull(author, "author is null");
        requireNonNull(state, "state is null");
        requireNonNull(openedAt, "openedAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
