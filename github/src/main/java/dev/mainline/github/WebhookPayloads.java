package dev.mainline.github;

import dev.mainline.github.GitHubEvent.PullRequestChanged.Change;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a webhook delivery's body, by its {@code X-GitHub-Event} name, into a {@link GitHubEvent}. Only the fields the
 * queue uses are read; a body that is not JSON, or lacks one of them, is refused naming what is missing.
 */
public final class WebhookPayloads {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebhookPayloads() {
    }

    public static GitHubEvent read(String event, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedDeliveryException("the %s delivery is not JSON: %s".formatted(event,
                    e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedDeliveryException("the %s delivery is not a JSON object".formatted(event));
        }
        String repository = root.path("repository").path("full_name").asString("");
        String action = root.path("action").asString("");
        return switch (event) {
            case "ping" -> new GitHubEvent.Ping(repository);
            case "issue_comment" -> comment(root, repository, action);
            case "pull_request" -> pullRequest(root, repository, action);
            case "check_run" -> action.equals("completed")
                    ? new GitHubEvent.CheckCompleted(required(repository, "repository.full_name", event),
                            text(root, "check_run", "head_sha"), text(root, "check_run", "name"),
                            text(root, "check_run", "conclusion"))
                    : new GitHubEvent.Ignored(repository, event, action);
            case "check_suite" -> action.equals("completed")
                    ? new GitHubEvent.CheckCompleted(required(repository, "repository.full_name", event),
                            text(root, "check_suite", "head_sha"),
                            root.path("check_suite").path("app").path("slug")
                                    .asString(root.path("check_suite").path("app").path("name").asString("checks")),
                            text(root, "check_suite", "conclusion"))
                    : new GitHubEvent.Ignored(repository, event, action);
            case "status" -> new GitHubEvent.StatusChanged(required(repository, "repository.full_name", event),
                    text(root, null, "sha"), text(root, null, "context"), text(root, null, "state"));
            case "push" -> pushed(root, repository);
            case "deployment_status" -> deploymentStatus(root, repository, action);
            case "workflow_run" -> action.equals("completed")
                    ? workflowRun(root, required(repository, "repository.full_name", event))
                    : new GitHubEvent.Ignored(repository, event, action);
            default -> new GitHubEvent.Ignored(repository, event, action);
        };
    }

    /** A deployment's new status: only a success says that its commit runs in its environment now. */
    private static GitHubEvent deploymentStatus(JsonNode root, String repository, String action) {
        if (!action.isEmpty() && !action.equals("created")) {
            return new GitHubEvent.Ignored(repository, "deployment_status", action);
        }
        String state = text(root, "deployment_status", "state");
        if (!state.equals("success")) {
            return new GitHubEvent.Ignored(repository, "deployment_status", state);
        }
        // A status may move the deployment to another environment (a promotion); it names where it runs now.
        String environment = root.path("deployment_status").path("environment").asString("");
        if (environment.isEmpty()) {
            environment = text(root, "deployment", "environment");
        }
        return new GitHubEvent.DeploymentSucceeded(required(repository, "repository.full_name", "deployment_status"),
                root.path("deployment").path("id").asLong(0), environment, text(root, "deployment", "sha"));
    }

    private static GitHubEvent workflowRun(JsonNode root, String repository) {
        JsonNode run = root.path("workflow_run");
        if (!run.path("id").canConvertToLong()) {
            throw new MalformedDeliveryException("the workflow_run delivery lacks workflow_run.id");
        }
        java.util.List<Integer> pulls = new java.util.ArrayList<>();
        for (JsonNode pull : run.path("pull_requests")) {
            if (pull.path("number").canConvertToInt()) {
                pulls.add(pull.path("number").asInt());
            }
        }
        String workflow = run.path("name").asString("");
        if (workflow.isBlank()) {
            workflow = root.path("workflow").path("name").asString("workflow " + run.path("workflow_id").asLong());
        }
        String branch = run.path("head_branch").asString("");
        return new GitHubEvent.WorkflowRunCompleted(repository, run.path("id").asLong(),
                Math.max(1, run.path("run_attempt").asInt(1)), workflow, text(root, "workflow_run", "head_sha"),
                branch.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(branch), pulls,
                run.path("conclusion").asString("unknown"), new GitHubEvent.WorkflowRunCompleted.Details(
                        run.path("path").asString(""), run.path("event").asString(""),
                        java.util.Optional.of(run.path("html_url").asString("")).filter(url -> url.startsWith(
                                "https://") || url.startsWith("http://")),
                        instant(run.path("created_at").asString("")), run.path("head_repository").path("full_name")
                                .asString("")));
    }

    private static java.util.Optional<java.time.Instant> instant(String text) {
        try {
            return text.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(java.time.Instant.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static GitHubEvent pushed(JsonNode root, String repository) {
        String ref = text(root, null, "ref");
        if (!ref.startsWith("refs/heads/")) {
            return new GitHubEvent.Ignored(repository, "push", ref);
        }
        java.util.Set<String> files = new java.util.HashSet<>();
        for (JsonNode commit : root.path("commits")) {
            for (String kind : new String[]{"added", "modified", "removed"}) {
                commit.path(kind).forEach(file -> files.add(file.asString()));
            }
        }
        return new GitHubEvent.Pushed(required(repository, "repository.full_name", "push"),
                ref.substring("refs/heads/".length()), text(root, null, "after"), files);
    }

    private static GitHubEvent comment(JsonNode root, String repository, String action) {
        // Comments on issues that are not pull requests, and edits or deletions, are not commands.
        if (!action.equals("created") || root.path("issue").path("pull_request").isMissingNode()) {
            return new GitHubEvent.Ignored(repository, "issue_comment", action);
        }
        ShipitCommand command = ShipitCommand.parse(root.path("comment").path("body").asString(""));
        if (command instanceof ShipitCommand.NotACommand) {
            return new GitHubEvent.Ignored(repository, "issue_comment", action);
        }
        return new GitHubEvent.Comment(required(repository, "repository.full_name", "issue_comment"),
                number(root.path("issue"), "issue.number"), root.path("comment").path("id").asLong(0),
                text(root.path("comment"), "user", "login"), command);
    }

    private static GitHubEvent pullRequest(JsonNode root, String repository, String action) {
        Change change = switch (action) {
            case "synchronize" -> Change.NEW_COMMITS;
            case "closed" -> root.path("pull_request").path("merged").asBoolean(false) ? Change.MERGED : Change.CLOSED;
            case "reopened" -> Change.REOPENED;
            case "converted_to_draft" -> Change.CONVERTED_TO_DRAFT;
            case "ready_for_review" -> Change.READY_FOR_REVIEW;
            default -> null;
        };
        if (change == null) {
            return new GitHubEvent.Ignored(repository, "pull_request", action);
        }
        JsonNode pullRequest = root.path("pull_request");
        return new GitHubEvent.PullRequestChanged(required(repository, "repository.full_name", "pull_request"),
                number(pullRequest, "pull_request.number"), text(pullRequest, "head", "sha"), change);
    }

    private static int number(JsonNode node, String field) {
        JsonNode number = node.path("number");
        if (!number.isIntegralNumber() || number.asInt() < 1) {
            throw new MalformedDeliveryException("the delivery has no %s".formatted(field));
        }
        return number.asInt();
    }

    private static String text(JsonNode node, String object, String field) {
        JsonNode parent = object == null ? node : node.path(object);
        JsonNode value = parent.path(field);
        if (!value.isString() || value.asString().isEmpty()) {
            throw new MalformedDeliveryException("the delivery has no %s%s".formatted(
                    object == null ? "" : object + ".", field));
        }
        return value.asString();
    }

    private static String required(String value, String field, String event) {
        if (value.isEmpty()) {
            throw new MalformedDeliveryException("the %s delivery has no %s".formatted(event, field));
        }
        return value;
    }

    /** A delivery that cannot be what its event name says. */
    public static final class MalformedDeliveryException extends IllegalArgumentException {
        public MalformedDeliveryException(String message) {
            super(message);
        }
    }
}
