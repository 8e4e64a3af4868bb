package dev.mainline.github;

import static java.util.Objects.requireNonNull;

/** What a GitHub webhook delivery means to the merge queue. */
public sealed interface GitHubEvent {
    /** The repository it concerns, {@code owner/name}; empty for deliveries about no repository. */
    String repository();

    /** A comment on a pull request that holds a queue command (or a malformed one). */
    record Comment(String repository, int pullRequest, long commentId, String author, ShipitCommand command)
            implements
                GitHubEvent {
        public Comment {
            requireNonNull(repository, "repository is null");
            requireNonNull(author, "author is null");
            requireNonNull(command, "command is null");
        }
    }

    /** A pull request changed in a way the queue must know: new commits, closed, reopened, draft or ready. */
    record PullRequestChanged(String repository, int pullRequest, String head, Change change) implements GitHubEvent {
        public enum Change {
            NEW_COMMITS,
            CLOSED,
            MERGED,
            REOPENED,
            CONVERTED_TO_DRAFT,
            READY_FOR_REVIEW
        }

        public PullRequestChanged {
            requireNonNull(repository, "repository is null");
            requireNonNull(head, "head is null");
            requireNonNull(change, "change is null");
        }
    }

    /** A check run or check suite finished on a commit; {@code conclusion} as GitHub spells it (success, failure…). */
    record CheckCompleted(String repository, String commit, String name, String conclusion) implements GitHubEvent {
        public CheckCompleted {
            requireNonNull(repository, "repository is null");
            requireNonNull(commit, "commit is null");
            requireNonNull(name, "name is null");
            requireNonNull(conclusion, "conclusion is null");
        }

        public boolean passed() {
            return conclusion.equals("success") || conclusion.equals("neutral") || conclusion.equals("skipped");
        }
    }

    /** A commit status changed ({@code state}: pending, success, failure, error). */
    record StatusChanged(String repository, String commit, String context, String state) implements GitHubEvent {
        public StatusChanged {
            requireNonNull(repository, "repository is null");
            requireNonNull(commit, "commit is null");
            requireNonNull(context, "context is null");
            requireNonNull(state, "state is null");
        }
    }

    /** Commits pushed to a branch; {@code files} are the paths they added, changed or removed. */
    record Pushed(String repository, String branch, String after, java.util.Set<String> files) implements GitHubEvent {
        public Pushed {
            requireNonNull(repository, "repository is null");
            requireNonNull(branch, "branch is null");
            requireNonNull(after, "after is null");
            files = java.util.Set.copyOf(requireNonNull(files, "files is null"));
        }
    }

    /**
     * A deployment of {@code commit} to {@code environment} succeeded: that commit runs there now. {@code deployment}
     * is GitHub's id of the deployment, for the log.
     */
    record DeploymentSucceeded(String repository, long deployment, String environment, String commit)
            implements
                GitHubEvent {
        public DeploymentSucceeded {
            requireNonNull(repository, "repository is null");
            requireNonNull(environment, "environment is null");
            requireNonNull(commit, "commit is null");
        }
    }

    /** GitHub checking that the webhook works. */
    record Ping(String repository) implements GitHubEvent {
        public Ping {
            requireNonNull(repository, "repository is null");
        }
    }

    /** A delivery the queue has no use for, kept only to say so. */
    /**
     * A GitHub Actions workflow run finished: its jobs' logs can be fetched now, before GitHub's retention drops
     * them.
     */
    record WorkflowRunCompleted(String repository, long runId, int attempt, String workflow, String commit,
            java.util.Optional<String> branch, java.util.List<Integer> pullRequests, String conclusion,
            Details details)
            implements
                GitHubEvent {
        /**
         * Where the run came from: its workflow file ({@code .github/workflows/regression.yml}), what started it
         * ({@code push}, {@code workflow_dispatch}, …), its page, and when it was created.
         */
        public record Details(String path, String event, java.util.Optional<String> url,
                java.util.Optional<java.time.Instant> createdAt, String headRepository) {
            public static final Details NONE = new Details("", "", java.util.Optional.empty(),
                    java.util.Optional.empty(), "");

            public Details {
                requireNonNull(path, "path is null");
                requireNonNull(event, "event is null");
                requireNonNull(url, "url is null");
                requireNonNull(createdAt, "createdAt is null");
                requireNonNull(headRepository, "headRepository is null");
            }

            /**
             * Whether the run ran the repository's own branch: pushed to, dispatched or scheduled there, and not a
             * pull request from a fork (whose branch names its author chooses).
             */
            public boolean onOwnBranch(String repository) {
                return headRepository.equalsIgnoreCase(repository) && java.util.Set.of("push", "workflow_dispatch",
                        "schedule").contains(event);
            }

            /** The workflow file's name, {@code regression.yml}, without its directory or a {@code @ref}. */
            public String file() {
                int at = path.indexOf('@');
                String file = at < 0 ? path : path.substring(0, at);
                return file.substring(file.lastIndexOf('/') + 1);
            }
        }

        public WorkflowRunCompleted {
            requireNonNull(repository, "repository is null");
            requireNonNull(details, "details is null");
            requireNonNull(workflow, "workflow is null");
            requireNonNull(commit, "commit is null");
            requireNonNull(branch, "branch is null");
            pullRequests = java.util.List.copyOf(pullRequests);
            requireNonNull(conclusion, "conclusion is null");
        }
    }

    record Ignored(String repository, String event, String action) implements GitHubEvent {
        public Ignored {
            requireNonNull(repository, "repository is null");
            requireNonNull(event, "event is null");
            requireNonNull(action, "action is null");
        }
    }
}
