package dev.mainline.pullrequest;

import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The pull requests of local repositories. */
public interface PullRequestStore {
    /** Opens a pull request with the repository's next number (one more than the highest so far). */
    PullRequest open(RepositoryName repository, String branch, String title, String author, Instant now);

    Optional<PullRequest> find(RepositoryName repository, int number);

    /** The repository's open pull request from {@code branch}, if any. */
    Optional<PullRequest> findOpen(RepositoryName repository, String branch);

    /** Newest first; only those in {@code state} when given. */
    Page<PullRequest> list(RepositoryName repository, Optional<PullRequestState> state, PageRequest page);

    /** Moves the open pull requests among {@code numbers} to {@code state}; returns how many moved. */
    int close(RepositoryName repository, List<Integer> numbers, PullRequestState state, Instant now);
}
