package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.github.GitHubApi.Response;
import dev.mainline.releases.RegressionJobs;
import dev.mainline.releases.Release;

/**
 * An app's regression as a GitHub Actions workflow: {@code run-regression} starts it on the release's branch with a
 * {@code workflow_dispatch} event ({@code POST /actions/workflows/{file}/dispatches}, no inputs), and
 * {@link GitHubRegressionRuns} reports the run's conclusion when it completes. The workflow must have a
 * {@code workflow_dispatch} trigger; GitHub refuses the start otherwise, and the action is refused with its answer.
 */
public final class GitHubRegressionJobs implements RegressionJobs {
    private final SourceRepositoryStore repositories;
    private final GitHubApi api;
    private final RepositoryName repository;
    private final String workflow;

    /** {@code workflow}: the workflow's file name in {@code .github/workflows/} ({@code regression.yml}) or its id. */
    public GitHubRegressionJobs(SourceRepositoryStore repositories, GitHubApi api, RepositoryName repository,
            String workflow) {
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.api = requireNonNull(api, "api is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.workflow = requireNonNull(workflow, "workflow is null");
        if (!workflow.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException(("a regression workflow is a file name such as regression.yml or a"
                    + " workflow id, got '%s'").formatted(workflow));
        }
    }

    public String workflow() {
        return workflow;
    }

    @Override
    public String start(Release release) {
        if (repositories.findByName(repository).filter(source -> source.forge() == Forge.GITHUB).isEmpty()) {
            throw new MainlineException(ErrorCode.FORGE_UNAVAILABLE, ("%s is not a GitHub repository Mainline knows;"
                    + " register it to run regression there").formatted(repository));
        }
        Response started = api.send(repository.value(), "POST", "/repos/%s/actions/workflows/%s/dispatches"
                .formatted(repository.value(), GitHubRepository.path(workflow)),
                GitHubApi.object().put("ref",
                        release.branch()));
        if (!started.ok()) {
            throw new MainlineException(ErrorCode.FORGE_UNAVAILABLE, "GitHub did not start workflow %s on %s in %s: %s"
                    .formatted(workflow, release.branch(), repository, started.message()));
        }
        return "GitHub Actions workflow %s started on %s in %s".formatted(workflow, release.branch(), repository);
    }
}
