package dev.mainline.github;

import dev.mainline.catalog.SourceRepository;

/**
 * Hears of GitHub Actions workflow runs as they complete: the log archive fetches their jobs' logs, and a release's
 * regression run reports its result.
 */
@FunctionalInterface
public interface WorkflowRuns {
    /**
     * Acts on a completed run of {@code repository}; says in a line what came of it. Throws
     * {@link GitHubApi.GitHubApiException} when GitHub did not answer, so the delivery is handled again later.
     */
    String completed(SourceRepository repository, GitHubEvent.WorkflowRunCompleted run);

    /** Tells every one of {@code listeners}, in order, and joins what they said. */
    static WorkflowRuns all(java.util.List<WorkflowRuns> listeners) {
        java.util.List<WorkflowRuns> each = java.util.List.copyOf(listeners);
        return (repository, run) -> String.join("; ", each.stream().map(listener -> listener.completed(repository,
                run)).filter(line -> !line.isEmpty()).toList());
    }

    static WorkflowRuns none() {
        return (repository, run) -> "no log archive listens to workflow runs";
    }
}
