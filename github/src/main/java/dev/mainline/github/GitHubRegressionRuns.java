package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Platform;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.common.AppKey;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseCommand;
import dev.mainline.releases.ReleaseEvent;
import dev.mainline.releases.ReleaseService;
import dev.mainline.releases.ReleaseState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Follows the regression runs {@link GitHubRegressionJobs} started: when a {@code workflow_dispatch} run of an app's
 * regression workflow completes on the branch of a release whose regression is running, created after the regression
 * started and run on the commit it was started at, its conclusion becomes the release's {@code regression-result}
 * ({@code success} passes, anything else fails), with the run's page as the link. Mainline reports it as {@code ci:github-actions}, an
 * engineer of the app and nothing more.
 */
public final class GitHubRegressionRuns implements WorkflowRuns {
    /** How far GitHub's clock may be behind Mainline's when comparing a run's creation with the regression's start. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final int RECENT_RELEASES = 50;

    /** An app's platform whose regression is workflow {@code workflow} (a file name) of {@code repository}. */
    public record Followed(AppKey app, Platform platform, RepositoryName repository, String workflow) {
        public Followed {
            requireNonNull(app, "app is null");
            requireNonNull(platform, "platform is null");
            requireNonNull(repository, "repository is null");
            requireNonNull(workflow, "workflow is null");
        }
    }

    private final ReleaseService releases;
    private final List<Followed> followed;

    /**
     * Whether {@code run} is the one the release's latest {@code run-regression} started: created after it (less the
     * clock skew) and run on the commit it was started at.
     */
    static boolean startedThisRun(List<ReleaseEvent> history, GitHubEvent.WorkflowRunCompleted run) {
        Optional<ReleaseEvent> started = history.reversed().stream().filter(event -> event.command().equals(
                "run-regression") && event.outcome().equals("applied")).findFirst();
        if (started.isEmpty()) {
            return false;
        }
        boolean after = run.details().createdAt().map(created -> !created.isBefore(started.get().at().minus(
                CLOCK_SKEW))).orElse(false);
        boolean sameCommit = GitHubRegressionJobs.startedAt(started.get().detail()).map(run.commit()::equals)
                .orElse(false);
        return after && sameCommit;
    }

    public GitHubRegressionRuns(ReleaseService releases, List<Followed> followed) {
        this.releases = requireNonNull(releases, "releases is null");
        this.followed = List.copyOf(followed);
    }

    @Override
    public String completed(SourceRepository repository, GitHubEvent.WorkflowRunCompleted run) {
        if (!run.details().event().equals("workflow_dispatch") || run.branch().isEmpty()
                || !run.details().onOwnBranch(repository.name().value())) {
            return "";
        }
        List<String> said = new ArrayList<>();
        for (Followed each : followed) {
            if (each.repository().equals(repository.name()) && each.workflow().equals(run.details().file())) {
                said.add(report(each, run));
            }
        }
        return String.join("; ", said.stream().filter(line -> !line.isEmpty()).toList());
    }

    private String report(Followed each, GitHubEvent.WorkflowRunCompleted run) {
        Actor ci = Actor.system("ci:github-actions", Permission.of(Role.ENGINEER, Scope.app(each.app().value())));
        Optional<Release> running = releases.list(ci, each.app(), Optional.of(each.platform()), RECENT_RELEASES)
                .stream().filter(release -> release.branch().equals(run.branch().get()))
                .filter(release -> release.state() == ReleaseState.REGRESSION_RUNNING)
                .filter(release -> startedThisRun(releases.history(ci, release.id()), run))
                .findFirst();
        if (running.isEmpty()) {
            return "";
        }
        boolean passed = run.conclusion().equals("success");
        try {
            releases.act(ci, running.get().id(), new ReleaseCommand.RegressionResult(passed, run.details().url()));
            return "regression of %s %s on %s %s".formatted(each.app(), running.get().version(), each.platform(),
                    passed ? "passed" : "failed (" + run.conclusion() + ")");
        } catch (MainlineException e) {
            // Changed meanwhile (a new build, a result CI reported itself): the release's history has the refusal.
            return "regression result of %s %s not taken: %s".formatted(each.app(), running.get().version(),
                    e.getMessage());
        }
    }
}
