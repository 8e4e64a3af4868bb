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

    /**
     * Tells every one of {@code listeners}, in order, and joins what they said. One that fails does not keep the run
     * from the others; then the delivery is handled again later (each listener recognises what it did before).
     */
    static WorkflowRuns all(java.util.List<WorkflowRuns> listeners) {
        java.util.List<WorkflowRuns> each = java.util.List.copyOf(listeners);
        return (repository, run) -> {
            java.util.List<String> said = new java.util.ArrayList<>();
            RuntimeException failed = null;
            for (WorkflowRuns listener : each) {
                try {
                    String line = listener.completed(repository, run);
                    if (!line.isEmpty()) {
                        said.add(line);
                    }
                } catch (RuntimeException e) {
                    if (failed == null) {
                        failed = e;
                    } else {
                        failed.addSuppressed(e);
                    }
                }
            }
            if (failed != null) {
                throw failed instanceof GitHubApi.GitHubApiException
                        ? failed
                        : new GitHubApi.GitHubApiException(0, "run %d could not be handled now (%s); later again"
                                .formatted(run.runId(), failed), failed);
            }
            return String.join("; ", said);
        };
    }

    static WorkflowRuns none() {
        return (repository, run) -> "no log archive listens to workflow runs";
    }
}
