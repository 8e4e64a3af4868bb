package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.github.GitHubEvent.PullRequestChanged.Change;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Deliveries shaped like GitHub's own (the octokit/webhooks examples), verified and read. */
class WebhookTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static byte[] fixture(String path) throws IOException {
        try (InputStream in = WebhookTest.class.getResourceAsStream("/github-webhooks/" + path)) {
            return in.readAllBytes();
        }
    }

    /** The example comment, made a comment on pull request #1 with {@code body}. */
    private static byte[] pullRequestComment(String body) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(fixture("issue_comment/created.payload.json"));
        ((ObjectNode) root.path("issue")).putObject("pull_request").put("url",
                "https://api.github.com/repos/Codertocat/Hello-World/pulls/1");
        ((ObjectNode) root.path("comment")).put("body", body);
        return JSON.writeValueAsBytes(root);
    }

    @Test
    void signatureIsCheckedOverTheRawBody() throws IOException {
        byte[] body = fixture("ping/payload.json");
        WebhookSignature signature = new WebhookSignature("It's a Secret to Everybody");
        String header = signature.sign(body);

        assertThat(header).startsWith("sha256=").hasSize(7 + 64);
        assertThat(signature.verify(body, header)).isTrue();
        assertThat(signature.verify(body, " " + header + " ")).isTrue();
        assertThat(new WebhookSignature("another secret").verify(body, header)).isFalse();
        byte[] tampered = body.clone();
        tampered[10] ^= 1;
        assertThat(signature.verify(tampered, header)).isFalse();
        assertThat(signature.verify(body, null)).isFalse();
        assertThat(signature.verify(body, "sha1=" + header.substring(7))).isFalse();
        assertThat(signature.verify(body, header.toUpperCase())).isFalse();
        assertThat(signature.toString()).doesNotContain("Secret");
    }

    @Test
    void signatureMatchesGitHubsDocumentedExample() {
        // docs.github.com, "Validating webhook deliveries": secret "It's a Secret to Everybody", payload
        // "Hello, World!", signature 757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17.
        assertThat(new WebhookSignature("It's a Secret to Everybody")
                .sign("Hello, World!".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void shipitCommentsOnPullRequestsAreCommands() throws IOException {
        assertThat(WebhookPayloads.read("issue_comment", pullRequestComment("/shipit")))
                .isEqualTo(new GitHubEvent.Comment("Codertocat/Hello-World", 1, 492700400L, "Codertocat",
                        new ShipitCommand.Enqueue()));
        assertThat(((GitHubEvent.Comment) WebhookPayloads.read("issue_comment",
                pullRequestComment("/shipit --emergency\nprod is down"))).command())
                .isEqualTo(new ShipitCommand.Emergency());
        assertThat(((GitHubEvent.Comment) WebhookPayloads.read("issue_comment", pullRequestComment("/shipit cancel")))
                .command()).isEqualTo(new ShipitCommand.Cancel());
        assertThat(((GitHubEvent.Comment) WebhookPayloads.read("issue_comment",
                pullRequestComment("/shipit --force `rm -rf`"))).command())
                .isInstanceOfSatisfying(ShipitCommand.Invalid.class, invalid -> assertThat(invalid.reason())
                        .contains("is not a command", "/shipit --emergency").doesNotContain("`rm"));
        // Not commands: other text, a longer word, a comment on an issue.
        assertThat(WebhookPayloads.read("issue_comment", pullRequestComment("LGTM, /shipit when ready")))
                .isInstanceOf(GitHubEvent.Ignored.class);
        assertThat(WebhookPayloads.read("issue_comment", pullRequestComment("/shipitnow")))
                .isInstanceOf(GitHubEvent.Ignored.class);
        assertThat(WebhookPayloads.read("issue_comment", fixture("issue_comment/created.payload.json")))
                .isInstanceOf(GitHubEvent.Ignored.class);
    }

    @Test
    void pullRequestChecksAndStatusesAreRead() throws IOException {
        assertThat(WebhookPayloads.read("pull_request", fixture("pull_request/synchronize.payload.json")))
                .isEqualTo(new GitHubEvent.PullRequestChanged("Codertocat/Hello-World", 2,
                        "ec26c3e57ca3a959ca5aad62de7213c562f8c821", Change.NEW_COMMITS));
        assertThat(WebhookPayloads.read("pull_request", fixture("pull_request/closed.payload.json")))
                .isInstanceOfSatisfying(GitHubEvent.PullRequestChanged.class,
                        changed -> assertThat(changed.change()).isEqualTo(Change.CLOSED));
        GitHubEvent check = WebhookPayloads.read("check_run", fixture("check_run/completed.payload.json"));
        assertThat(check).isEqualTo(new GitHubEvent.CheckCompleted("Codertocat/Hello-World",
                "ec26c3e57ca3a959ca5aad62de7213c562f8c821", "Octocoders-linter", "success"));
        assertThat(((GitHubEvent.CheckCompleted) check).passed()).isTrue();
        assertThat(WebhookPayloads.read("check_suite", fixture("check_suite/completed.payload.json")))
                .isInstanceOfSatisfying(GitHubEvent.CheckCompleted.class,
                        suite -> assertThat(suite.name()).isEqualTo("octocoders-linter"));
        assertThat(WebhookPayloads.read("status", fixture("status/payload.json")))
                .isEqualTo(new GitHubEvent.StatusChanged("Codertocat/Hello-World",
                        "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "default", "success"));
        assertThat(WebhookPayloads.read("ping", fixture("ping/payload.json")))
                .isEqualTo(new GitHubEvent.Ping("Octocoders/Hello-World"));
        assertThat(WebhookPayloads.read("workflow_job", "{\"action\":\"queued\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GitHubEvent.Ignored.class);
        assertThat(
                WebhookPayloads.read("workflow_run", fixture("workflow_run/completed.with-pull-requests.payload.json")))
                .isEqualTo(new GitHubEvent.WorkflowRunCompleted("octo-org/octo-repo", 289782451, 1, "test",
                        "3484a3fb816e0859fd6e1cea078d76385ff50625", java.util.Optional.of("master"),
                        java.util.List.of(2), "success", new GitHubEvent.WorkflowRunCompleted.Details(
                                ".github/workflows/test.yml", "repository_dispatch", java.util.Optional.of(
                                        "https://github.com/octo-org/octo-repo/actions/runs/289782451"),
                                java.util.Optional.of(java.time.Instant.parse("2020-10-05T16:33:24Z")),
                                "octo-org/octo-repo")));
        GitHubEvent.WorkflowRunCompleted.Details dispatched = new GitHubEvent.WorkflowRunCompleted.Details(
                ".github/workflows/regression.yml@refs/heads/main", "workflow_dispatch", java.util.Optional.empty(),
                java.util.Optional.empty(), "octo-org/octo-repo");
        assertThat(dispatched.file()).isEqualTo("regression.yml");
        assertThat(dispatched.onOwnBranch("octo-org/octo-repo")).isTrue();
        assertThat(new GitHubEvent.WorkflowRunCompleted.Details("", "pull_request", java.util.Optional.empty(),
                java.util.Optional.empty(), "a-fork/octo-repo").onOwnBranch("octo-org/octo-repo"))
                .as("a fork's pull request names its own branches").isFalse();
        assertThat(new GitHubEvent.WorkflowRunCompleted.Details("", "repository_dispatch", java.util.Optional
                .empty(), java.util.Optional.empty(), "octo-org/octo-repo").onOwnBranch("octo-org/octo-repo"))
                .isFalse();
        assertThat(WebhookPayloads.read("workflow_run", fixture("workflow_run/requested.payload.json")))
                .isInstanceOf(GitHubEvent.Ignored.class);
    }

    @Test
    void aSuccessfulDeploymentStatusSaysWhichCommitRunsWhere() {
        String sha = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";

        assertThat(WebhookPayloads.read("deployment_status", deploymentStatus("success", "production", "staging",
                sha))).isEqualTo(new GitHubEvent.DeploymentSucceeded("Codertocat/Hello-World", 145988746,
                        "production", sha));
        assertThat(WebhookPayloads.read("deployment_status", deploymentStatus("success", null, "staging", sha)))
                .as("without the status's environment, the deployment's")
                .isInstanceOfSatisfying(GitHubEvent.DeploymentSucceeded.class,
                        deployed -> assertThat(deployed.environment()).isEqualTo("staging"));
        for (String state : new String[]{"pending", "in_progress", "queued", "failure", "error", "inactive"}) {
            assertThat(WebhookPayloads.read("deployment_status", deploymentStatus(state, "production",
                    "production", sha))).as(state).isInstanceOf(GitHubEvent.Ignored.class);
        }
        assertThatThrownBy(() -> WebhookPayloads.read("deployment_status", deploymentStatus("success", "production",
                "production", null))).hasMessageContaining("has no deployment.sha");
    }

    /** A {@code deployment_status} delivery with the fields GitHub documents for it (null leaves one out). */
    private static byte[] deploymentStatus(String state, String statusEnvironment, String environment, String sha) {
        ObjectNode root = JSON.createObjectNode().put("action", "created");
        ObjectNode status = root.putObject("deployment_status").put("id", 209916254).put("state", state);
        if (statusEnvironment != null) {
            status.put("environment", statusEnvironment);
        }
        ObjectNode deployment = root.putObject("deployment").put("id", 145988746).put("ref", "master")
                .put("task", "deploy").put("environment", environment);
        if (sha != null) {
            deployment.put("sha", sha);
        }
        root.putObject("repository").put("full_name", "Codertocat/Hello-World");
        root.putObject("sender").put("login", "Codertocat");
        return JSON.writeValueAsBytes(root);
    }

    @Test
    void malformedDeliveriesAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> WebhookPayloads.read("status", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WebhookPayloads.MalformedDeliveryException.class).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> WebhookPayloads.read("status", "[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> WebhookPayloads.read("check_run",
                "{\"action\":\"completed\",\"repository\":{\"full_name\":\"a/b\"},\"check_run\":{\"name\":\"x\"}}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("has no check_run.head_sha");
    }
}
