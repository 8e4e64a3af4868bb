package dev.mainline.github;

import dev.mainline.catalog.SourceRepository;

/** Hears of GitHub Actions workflow runs as they complete (the log archive fetches their jobs' logs). */
@FunctionalInterface
public interface WorkflowRuns {
    /**
     * Acts on a completed run of {@code repository}; says in a line what came of it. Throws
     * {@link GitHubApi.GitHubApiException} when GitHub did not answer, so the delivery is handled again later.
     */
    String completed(SourceRepository repository, GitHubEvent.WorkflowRunCompleted run);

    static WorkflowRuns none() {
        return (repository, run) -> "no log archive listens to workflow runs";
    }
}
