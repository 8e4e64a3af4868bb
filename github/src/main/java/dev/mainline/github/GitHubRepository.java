package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.github.GitHubApi.GitHubApiException;
import dev.mainline.github.GitHubApi.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One repository on GitHub, through the REST calls the merge queue makes. */
public final class GitHubRepository {
    private static final int PAGE = 100;
    private static final int MAX_PAGES = 10;

    private final GitHubApi api;
    private final String name;
    private final String root;

    public GitHubRepository(GitHubApi api, String name) {
        this.api = requireNonNull(api, "api is null");
        this.name = requireNonNull(name, "name is null");
        this.root = "/repos/" + name;
    }

    public String name() {
        return name;
    }

    /** A pull request as the queue's pre-checks read it. */
    public record PullRequest(int number, String state, boolean draft, Optional<Boolean> mergeable, String head,
            String headBranch, String base, String author, String title) {
        public boolean open() {
            return state.equals("open");
        }
    }

    /**
     * A review's author, state (APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED) and the author's association with
     * the repository (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE…), oldest first.
     */
    public record Review(String author, String state, String association) {
        /** Whether the reviewer may write to the repository, so their approval counts. */
        public boolean byMaintainer() {
            return association.equals("OWNER") || association.equals("MEMBER") || association.equals("COLLABORATOR");
        }
    }

    /**
     * A check run or a commit status on a commit: {@code conclusion} empty while it runs, {@code finished} when it
     * finished (a status: when it was last set), {@code checkRun} the check run's id (empty for a status).
     */
    public record Check(String name, Optional<String> conclusion, String url, Optional<Instant> finished,
            Optional<Long> checkRun) {
        /** The same check, seen as running again. */
        public Check running() {
            return new Check(name, Optional.empty(), url, Optional.empty(), checkRun);
        }
    }

    /** A git commit's tree, parents and committer date. */
    public record Commit(String sha, String tree, List<String> parents, Instant committed) {
    }

    /** A comment on an issue or pull request. */
    public record Comment(long id, int issue, boolean onPullRequest, String author, String body, Instant created,
            Instant updated) {
    }

    /** Comments in the order GitHub listed them, and whether that is all of them. */
    public record Comments(List<Comment> comments, boolean complete) {
    }

    // Branches and commits

    public Optional<String> branch(String branch) {
        Response response = api.get(name, root + "/git/ref/heads/" + path(branch));
        if (response.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(expect(response, "read branch " + branch).path("object").path("sha").asString());
    }

    /** Points {@code branch} at {@code sha}, creating it if needed; a branch the queue owns, so forced. */
    public void putBranch(String branch, String sha) {
        ObjectNode create = GitHubApi.object().put("ref", "refs/heads/" + branch).put("sha", sha);
        Response created = api.send(name, "POST", root + "/git/refs", create);
        if (created.status() == 422 && created.message().toLowerCase().contains("already exists")) {
            expect(updateBranch(branch, sha, true), "move branch " + branch);
            return;
        }
        expect(created, "create branch " + branch);
    }

    /** Moves {@code branch} to {@code sha}; without {@code force}, GitHub refuses (422) what is not a fast-forward. */
    public Response updateBranch(String branch, String sha, boolean force) {
        return api.send(name, "PATCH", root + "/git/refs/heads/" + path(branch),
                GitHubApi.object().put("sha", sha).put("force", force));
    }

    public void deleteBranch(String branch) {
        Response response = api.send(name, "DELETE", root + "/git/refs/heads/" + path(branch), null);
        if (response.status() != 404 && response.status() != 422) {
            expect(response, "delete branch " + branch);
        }
    }

    /** Merges {@code head} into branch {@code base} on GitHub: 201 with the merge commit, 204, 404 or 409. */
    public Response merge(String base, String head, String message) {
        return api.send(name, "POST", root + "/merges",
                GitHubApi.object().put("base", base).put("head", head).put("commit_message", message));
    }

    public Commit commit(String sha) {
        JsonNode commit = expect(api.get(name, root + "/git/commits/" + path(sha)), "read commit " + sha);
        List<String> parents = new ArrayList<>();
        commit.path("parents").forEach(parent -> parents.add(parent.path("sha").asString()));
        return new Commit(commit.path("sha").asString(), commit.path("tree").path("sha").asString(), parents,
                Instant.parse(commit.path("committer").path("date").asString()));
    }

    /** Writes a commit object with the given identity and date, so the same inputs always give the same commit. */
    public String createCommit(String message, String tree, List<String> parents, String author, String email,
            Instant date) {
        ObjectNode body = GitHubApi.object().put("message", message).put("tree", tree);
        parents.forEach(body.putArray("parents")::add);
        ObjectNode person = GitHubApi.object().put("name", author).put("email", email).put("date", date.toString());
        body.set("author", person);
        body.set("committer", person.deepCopy());
        return expect(api.send(name, "POST", root + "/git/commits", body), "create a commit").path("sha")
                .asString();
    }

    /**
     * Whether {@code ancestor} is {@code commit} or one of its ancestors, by the compare API's status ({@code ahead}
     * or {@code identical}; {@code behind} and {@code diverged} are not); false when GitHub knows either not.
     */
    public boolean contains(String commit, String ancestor) {
        Response response = api.get(name, root + "/compare/" + path(ancestor) + "..." + path(commit) + "?per_page=1");
        if (response.status() == 404 || response.status() == 422) {
            return false;
        }
        String status = expect(response, "compare " + ancestor + " with " + commit).path("status").asString("");
        return status.equals("ahead") || status.equals("identical");
    }

    /** The files changed between two commits (GitHub lists at most 300). */
    public List<String> changedFiles(String base, String head) {
        JsonNode compare = expect(api.get(name, root + "/compare/" + path(base) + "..." + path(head)),
                "compare " + base + " with " + head);
        List<String> files = new ArrayList<>();
        compare.path("files").forEach(file -> files.add(file.path("filename").asString()));
        return files;
    }

    /** Every file's path in {@code ref}'s tree (GitHub cuts a very large tree short; what it gives is kept). */
    public List<String> treePaths(String ref) {
        JsonNode tree = expect(api.get(name, root + "/git/trees/" + path(ref) + "?recursive=1"), "read the tree of "
                + ref);
        List<String> paths = new ArrayList<>();
        tree.path("tree").forEach(entry -> {
            if (entry.path("type").asString("").equals("blob")) {
                paths.add(entry.path("path").asString());
            }
        });
        return paths;
    }

    /** The commits on {@code branch} since {@code since} by {@code author} (a login or an email), newest first. */
    public List<String> commitsBy(String branch, String author, Instant since, int max) {
        List<String> commits = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES && commits.size() < max; page++) {
            JsonNode list = expect(api.get(name, root + "/commits?sha=" + query(branch) + "&author=" + query(author)
                    + "&since=" + query(since.toString()) + "&per_page=" + PAGE + "&page=" + page),
                    "list the commits of " + author);
            list.forEach(commit -> commits.add(commit.path("sha").asString()));
            if (list.size() < PAGE) {
                break;
            }
        }
        return commits.size() > max ? commits.subList(0, max) : commits;
    }

    /** The files a commit changed, and whether it is a merge (more than one parent). */
    public List<String> filesOfCommit(String sha) {
        JsonNode commit = expect(api.get(name, root + "/commits/" + path(sha)), "read commit " + sha);
        if (commit.path("parents").size() > 1) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        commit.path("files").forEach(file -> files.add(file.path("filename").asString()));
        return files;
    }

    /** A file's text on {@code ref}; empty when there is no such file. */
    public Optional<String> file(String path, String ref) {
        Response response = api.get(name, root + "/contents/" + path(path) + "?ref=" + query(ref));
        if (response.status() == 404) {
            return Optional.empty();
        }
        JsonNode file = expect(response, "read " + path);
        if (!file.path("type").asString("file").equals("file")) {
            throw new GitHubApiException(response.status(), path + " is not a file");
        }
        String content = file.path("content").asString("").replaceAll("\\s", "");
        return Optional.of(new String(Base64.getDecoder().decode(content), StandardCharsets.UTF_8));
    }

    // Pull requests

    public Optional<PullRequest> pullRequest(int number) {
        Response response = api.get(name, root + "/pulls/" + number);
        if (response.status() == 404) {
            return Optional.empty();
        }
        JsonNode pull = expect(response, "read #" + number);
        JsonNode mergeable = pull.path("mergeable");
        return Optional.of(new PullRequest(number, pull.path("state").asString(), pull.path("draft").asBoolean(false),
                mergeable.isBoolean() ? Optional.of(mergeable.asBoolean()) : Optional.empty(),
                pull.path("head").path("sha").asString(), pull.path("head").path("ref").asString(),
                pull.path("base").path("ref").asString(), pull.path("user").path("login").asString(""),
                pull.path("title").asString("")));
    }

    public List<Review> reviews(int number) {
        List<Review> reviews = new ArrayList<>();
        pages(root + "/pulls/" + number + "/reviews", "reviews of #" + number, null, review -> reviews.add(
                new Review(review.path("user").path("login").asString(""), review.path("state").asString(""),
                        review.path("author_association").asString("NONE"))));
        return reviews;
    }

    // Checks

    /** Every check run and commit status on {@code sha}, the newest of each name. */
    public List<Check> checks(String sha) {
        List<Check> checks = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        pages(root + "/commits/" + path(sha) + "/check-runs?filter=latest", "check runs of " + sha, "check_runs",
                run -> {
                    String checkName = run.path("name").asString();
                    if (!seen.contains(checkName)) {
                        seen.add(checkName);
                        String conclusion = run.path("conclusion").asString("");
                        boolean completed = run.path("status").asString().equals("completed") && !conclusion.isEmpty();
                        checks.add(new Check(checkName, completed ? Optional.of(conclusion) : Optional.empty(),
                                run.path("html_url").asString(run.path("details_url").asString("")),
                                completed ? time(run.path("completed_at")) : Optional.empty(),
                                Optional.of(run.path("id").asLong())));
                    }
                });
        JsonNode combined = expect(api.get(name, root + "/commits/" + path(sha) + "/status?per_page=100"),
                "statuses of " + sha);
        combined.path("statuses").forEach(status -> {
            String context = status.path("context").asString();
            if (!seen.contains(context)) {
                seen.add(context);
                String state = status.path("state").asString();
                checks.add(new Check(context, state.equals("pending") ? Optional.empty() : Optional.of(state),
                        status.path("target_url").asString(""), time(status.path("updated_at")), Optional.empty()));
            }
        });
        return checks;
    }

    /** Asks GitHub to run a check again (GitHub Actions re-runs its job). */
    public void rerequestCheckRun(long id) {
        expect(api.send(name, "POST", root + "/check-runs/" + id + "/rerequest", null), "re-run check run " + id);
    }

    private static Optional<Instant> time(JsonNode value) {
        try {
            return value.isString() ? Optional.of(Instant.parse(value.asString())) : Optional.empty();
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The id of the check run called {@code checkName} on {@code sha}, if there is one. */
    public Optional<Long> findCheckRun(String sha, String checkName) {
        JsonNode runs = expect(api.get(name, root + "/commits/" + path(sha) + "/check-runs?check_name="
                + query(checkName)), "check runs of " + sha);
        JsonNode first = runs.path("check_runs").path(0);
        return first.isMissingNode() ? Optional.empty() : Optional.of(first.path("id").asLong());
    }

    /** Creates a check run (body as GitHub documents it) and returns its id. */
    public long createCheckRun(ObjectNode body) {
        return expect(api.send(name, "POST", root + "/check-runs", body), "create a check run").path("id").asLong();
    }

    public void updateCheckRun(long id, ObjectNode body) {
        expect(api.send(name, "PATCH", root + "/check-runs/" + id, body), "update check run " + id);
    }

    // Conversation

    public void comment(int issue, String body) {
        expect(api.send(name, "POST", root + "/issues/" + issue + "/comments", GitHubApi.object().put("body", body)),
                "comment on #" + issue);
    }

    /** Adds a reaction ({@code +1}, {@code rocket}, {@code confused}…) to a pull request comment. */
    public void react(long commentId, String content) {
        expect(api.send(name, "POST", root + "/issues/comments/" + commentId + "/reactions",
                GitHubApi.object().put("content", content)), "react to comment " + commentId);
    }

    /**
     * Comments on pull requests and issues updated at or after {@code since} (GitHub's {@code since} is about the
     * last update), oldest first; at most {@value #MAX_PAGES} pages, and {@code complete} says whether that was all.
     */
    public Comments commentsSince(Instant since) {
        List<Comment> comments = new ArrayList<>();
        boolean complete = pages(root + "/issues/comments?sort=created&direction=asc&since=" + query(since.toString()),
                "comments since " + since, null, comment -> {
                    String issueUrl = comment.path("issue_url").asString("");
                    int issue = Integer.parseInt(issueUrl.substring(issueUrl.lastIndexOf('/') + 1));
                    comments.add(new Comment(comment.path("id").asLong(), issue,
                            comment.path("html_url").asString("").contains("/pull/"),
                            comment.path("user").path("login").asString(""), comment.path("body").asString(""),
                            Instant.parse(comment.path("created_at").asString()),
                            Instant.parse(comment.path("updated_at").asString(comment.path("created_at").asString()))));
                });
        return new Comments(comments, complete);
    }

    /** Reads up to {@value #MAX_PAGES} pages; true when that was every page. */
    private boolean pages(String path, String what, String field, java.util.function.Consumer<JsonNode> each) {
        String separator = path.contains("?") ? "&" : "?";
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode body = expect(api.get(name, path + separator + "per_page=" + PAGE + "&page=" + page), what);
            JsonNode items = field == null ? body : body.path(field);
            items.forEach(each);
            if (items.size() < PAGE) {
                return true;
            }
        }
        return false;
    }

    private JsonNode expect(Response response, String what) {
        if (!response.ok()) {
            throw new GitHubApiException(response.status(),
                    "GitHub refused to %s in %s: %s".formatted(what, name, response.message()));
        }
        return response.body();
    }

    static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
