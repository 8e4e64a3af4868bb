package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.audit.AuditEvent;
import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewApp;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.releases.AppStoreAdapter;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseCommand;
import dev.mainline.releases.ReleaseContents;
import dev.mainline.releases.ReleaseEvent;
import dev.mainline.releases.ReleaseService;
import dev.mainline.releases.ReleaseState;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import dev.mainline.testing.github.FakeGitHub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression as a GitHub Actions workflow: run-regression cuts nothing but starts the workflow on the release branch
 * (workflow_dispatch), and the completed run's conclusion becomes the release's regression result.
 */
class GitHubRegressionTest {
    private static final RepositoryName NAME = new RepositoryName("acme/wallet");
    private static final AppKey WALLET = new AppKey("wallet");

    private final TestingClock clock = new TestingClock(Instant.now());
    private final FakeGitHub github = new FakeGitHub(NAME.value(), "t", clock);
    private final Stores stores = new InMemoryStores().stores();
    private final GitHubApi api = GitHubApi.create(github.url(), repository -> "Bearer t", Duration.ZERO);
    private final ReleaseService service = new ReleaseService(stores.releases(), stores.apps(),
            (app, platform) -> AppStoreAdapter.manual(),
            (app, platform) -> new GitHubRegressionJobs(stores.repositories(), api, NAME, "regression.yml"),
            new Authorizer(stores.auditLog(), clock), stores.transactions(), clock, true);
    private final ReleaseContents contents = new ReleaseContents(service, new GitHubReleaseBranches(
            stores.repositories(), api), (app, platform) -> Optional.of(NAME));
    private final GitHubRegressionRuns runs = new GitHubRegressionRuns(service, List.of(
            new GitHubRegressionRuns.Followed(WALLET, Platform.ANDROID, NAME, "regression.yml")));
    private final Actor rita = new Actor(1, "rita", Channel.API, List.of(Permission.parse(
            "release-manager@app:wallet")), Optional.empty());

    @AfterEach
    void close() {
        github.close();
    }

    private String completed(long runId, String path, String event, String branch, String conclusion) {
        GitHubEvent.WorkflowRunCompleted run = (GitHubEvent.WorkflowRunCompleted) WebhookPayloads.read(
                "workflow_run", github.workflowRunPayload(runId, 1, "Regression", path, event, branch,
                        github.branch(branch).orElse("0".repeat(40)), conclusion, 0));
        return runs.completed(stores.repositories().findByName(NAME).orElseThrow(), run);
    }

    private ReleaseState state(Release release) {
        return service.find(rita, release.id()).state();
    }

    @Test
    void runRegressionStartsTheWorkflowOnTheReleaseBranchAndItsRunReportsTheResult() {
        stores.repositories().insert(new NewSourceRepository(NAME, "main", Forge.GITHUB), clock.instant());
        stores.apps().insert(new NewApp(WALLET, "Wallet", Set.of(Platform.ANDROID)), clock.instant());
        github.push("main", github.commit(null, "start", Map.of("a.txt", "1"), new PersonIdent("ada", "a@x")));
        Release release = contents.cut(rita, WALLET, Platform.ANDROID, "1.0.0", Optional.empty());
        assertThat(github.branch("release/1.0.0")).as("cut with the release").isPresent();
        service.act(rita, release.id(), new ReleaseCommand.RecordBuild("412"));

        assertThatThrownBy(() -> service.act(rita, release.id(), new ReleaseCommand.RunRegression()))
                .as("the repository has no such workflow").isInstanceOfSatisfying(MainlineException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FORGE_REFUSED))
                .hasMessageContaining("regression.yml").hasMessageContaining("Not Found");
        assertThat(state(release)).isEqualTo(ReleaseState.BUILT);
        assertThat(service.history(rita, release.id())).last().extracting(ReleaseEvent::outcome)
                .isEqualTo("refused");

        github.workflow("regression.yml");
        clock.advance(Duration.ofMinutes(10));
        service.act(rita, release.id(), new ReleaseCommand.RunRegression());
        assertThat(github.dispatches()).containsExactly("regression.yml@release/1.0.0");
        assertThat(state(release)).isEqualTo(ReleaseState.REGRESSION_RUNNING);
        assertThat(service.history(rita, release.id()).getLast().detail())
                .contains("workflow regression.yml started on release/1.0.0");

        assertThat(completed(1, ".github/workflows/regression.yml", "push", "release/1.0.0", "failure"))
                .as("a run on a push, not the one Mainline started").isEmpty();
        assertThat(completed(2, ".github/workflows/ci.yml", "workflow_dispatch", "release/1.0.0", "failure"))
                .as("another workflow").isEmpty();
        assertThat(completed(3, ".github/workflows/regression.yml", "workflow_dispatch", "main", "failure"))
                .as("another branch").isEmpty();
        GitHubEvent.WorkflowRunCompleted otherCommit = (GitHubEvent.WorkflowRunCompleted) WebhookPayloads.read(
                "workflow_run", github.workflowRunPayload(7, 1, "Regression", ".github/workflows/regression.yml",
                        "workflow_dispatch", "release/1.0.0", "f".repeat(40), "failure", 0));
        assertThat(runs.completed(stores.repositories().findByName(NAME).orElseThrow(), otherCommit))
                .as("a run of another commit than the one regression was started at").isEmpty();
        clock.advance(Duration.ofMinutes(-15));
        assertThat(completed(4, ".github/workflows/regression.yml", "workflow_dispatch", "release/1.0.0",
                "failure")).as("created before this regression started").isEmpty();
        clock.advance(Duration.ofMinutes(20));
        assertThat(state(release)).isEqualTo(ReleaseState.REGRESSION_RUNNING);

        assertThat(completed(5, ".github/workflows/regression.yml", "workflow_dispatch", "release/1.0.0",
                "timed_out")).contains("failed (timed_out)");
        assertThat(state(release)).isEqualTo(ReleaseState.REGRESSION_FAILED);
        assertThat(service.history(rita, release.id()).getLast().detail())
                .contains("https://github.com/acme/wallet/actions/runs/5");
        AuditRecord audited = stores.auditLog().list(AuditQuery.all(), PageRequest.firstPage()).items().stream()
                .map(AuditEvent::record).findFirst().orElseThrow();
        assertThat(audited.actor()).isEqualTo("ci:github-actions");
        assertThat(audited.channel()).isEqualTo(Channel.SYSTEM);
        assertThat(audited.actorUserId()).isEmpty();

        service.act(rita, release.id(), new ReleaseCommand.RunRegression());
        assertThat(completed(6, ".github/workflows/regression.yml", "workflow_dispatch", "release/1.0.0",
                "success")).contains("passed");
        assertThat(state(release)).isEqualTo(ReleaseState.REGRESSION_PASSED);
        assertThat(completed(6, ".github/workflows/regression.yml", "workflow_dispatch", "release/1.0.0",
                "success")).as("delivered again: nothing is running any more").isEmpty();
        assertThat(github.dispatches()).hasSize(2);
    }
}
