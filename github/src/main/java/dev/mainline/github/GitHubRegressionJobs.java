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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An app's regression as a GitHub Actions workflow: {@code run-regression} starts it on the release's branch with a
 * {@code workflow_dispatch} event ({@code POST /actions/workflows/{file}/dispatches}, no inputs) at the branch's head,
 * which the action's summary records, and {@link GitHubRegressionRuns} reports the conclusion of the run of that
 * commit when it completes. The workflow must have a
 * {@code workflow_dispatch} trigger; GitHub refuses the start otherwise, and the action is refused with its answer.
 */
public final class GitHubRegressionJobs implements RegressionJobs {
    /** A workflow file's name in {@code .github/workflows/}: what its runs' {@code path} ends with. */
    public static final String FILE = "[A-Za-z0-9._-]{1,200}\\.ya?ml";
    private static final Pattern STARTED_AT = Pattern.compile(" at commit ([0-9a-f]{40}) ");

    private final SourceRepositoryStore repositories;
    private final GitHubApi api;
    private final RepositoryName repository;
    private final String workflow;

    /** {@code workflow}: the workflow's file name in {@code .github/workflows/} ({@code regression.yml}). */
    public GitHubRegressionJobs(SourceRepositoryStore repositories, GitHubApi api, RepositoryName repository,
            String workflow) {
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.api = requireNonNull(api, "api is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.workflow = requireNonNull(workflow, "workflow is null");
        if (!workflow.matches(FILE)) {
            throw new IllegalArgumentException("a regression workflow is a file name such as regression.yml, got '%s'"
                    .formatted(workflow));
        }
    }

    public String workflow() {
        return workflow;
    }

    @Override
    public String start(Release release) {
        if (repositories.findByName(repository).filter(source -> source.forge() == Forge.GITHUB).isEmpty()) {
            throw new MainlineException(ErrorCode.FORGE_REFUSED, ("%s is not a GitHub repository Mainline knows;"
                    + " register it to run regression there").formatted(repository));
        }
        Optional<String> head;
        try {
            head = new GitHubRepository(api, repository.value()).branch(release.branch());
        } catch (GitHubApi.GitHubApiException e) {
            throw GitHubApi.forgeError(e.status(),
                    "GitHub did not say where %s is in %s: %s".formatted(release.branch(),
                            repository, e.getMessage()));
        }
        if (head.isEmpty()) {
            throw new MainlineException(ErrorCode.FORGE_REFUSED, "branch %s does not exist in %s".formatted(
                    release.branch(), repository));
        }
        Response started = api.send(repository.value(), "POST", "/repos/%s/actions/workflows/%s/dispatches"
                .formatted(repository.value(), GitHubRepository.path(workflow)),
                GitHubApi.object().put("ref",
                        release.branch()));
        if (!started.ok()) {
            throw GitHubApi.forgeError(started.status(), "GitHub did not start workflow %s on %s in %s: %s".formatted(
                    workflow, release.branch(), repository, started.message()));
        }
        return "GitHub Actions workflow %s started on %s at commit %s in %s".formatted(workflow, release.branch(),
                head.get(), repository);
    }

    /** The commit a run of this regression must have run on, as {@link #start} recorded it in its summary. */
    static Optional<String> startedAt(String summary) {
        Matcher commit = STARTED_AT.matcher(summary);
        return commit.find() ? Optional.of(commit.group(1)) : Optional.empty();
    }

}
