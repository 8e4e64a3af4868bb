package dev.mainline.testing.github;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub, for tests: one repository served over real HTTP on loopback with the REST calls the merge queue makes, in
 * the request and response shapes GitHub documents (refs, merges, git commits, compare, contents, pull requests,
 * reviews, check runs, statuses, comments, reactions), its git side a real JGit repository in memory. It sends
 * webhooks signed as GitHub signs them, can play a CI that reports a check run on every pushed build branch, and can
 * be told to answer the next matching request with an error (a rate limit, a 5xx).
 */
public final class FakeGitHub implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PersonIdent OCTOCAT = new PersonIdent("The Octocat", "octocat@github.com");

    private final String repository;
    private final String token;
    private final java.time.Clock clock;
    private final HttpServer server;
    private final InMemoryRepository git = new InMemoryRepository(new DfsRepositoryDescription("fake-github"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final AtomicLong ids = new AtomicLong(1000);
    private final Map<Integer, PullRequest> pulls = new TreeMap<>();
    private final Map<Integer, List<String[]>> reviews = new HashMap<>();
    private final Map<Long, CheckRun> checkRuns = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> statuses = new HashMap<>();
    private final Map<Long, Comment> comments = new LinkedHashMap<>();
    private final Map<Long, List<String>> reactions = new HashMap<>();
    private final Map<String, List<String>> refHistory = new HashMap<>();
    private final Deque<Injected> injected = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final Map<String, Runnable> beforeUpdate = new HashMap<>();
    private final Map<String, Instant> installationTokens = new HashMap<>();
    private final List<Long> rerequests = new ArrayList<>();
    private String appId;
    private java.security.KeyPair appKeys;
    private URI webhookTarget;
    private String webhookSecret;
    private CiRobot ci;

    /** A pull request as the fake keeps it; tests change its fields to set up a case. */
    public static final class PullRequest {
        public final int number;
        public final String branch;
        public final String author;
        public volatile String state = "open";
        /** Closed by a merge (GitHub closes a pull request whose head reached its base branch by a push, too). */
        public volatile boolean merged;
        public volatile boolean draft;
        public volatile Boolean mergeable = true;
        public volatile String base = "main";
        public volatile String title;

        PullRequest(int number, String branch, String author) {
            this.number = number;
            this.branch = branch;
            this.author = author;
            this.title = "Pull request " + number;
        }
    }

    /** A check run as the fake keeps it. */
    public record CheckRun(long id, String name, String headSha, String status, String conclusion, String title,
            String summary, String text, boolean byApp, Instant completedAt) {
    }

    /** A comment on a pull request. */
    public record Comment(long id, int issue, String author, String body, Instant created, Instant updated) {
    }

    private record Injected(String method, String pathPrefix, int status, Map<String, String> headers, String body) {
    }

    /** Reports a check run on every build branch pushed: {@code passes} decides from the commit. */
    /** GitHub Actions jobs by run id and attempt ("id/attempt"), and their logs by job id. */
    private final Map<String, List<ObjectNode>> workflowJobs = new java.util.HashMap<>();
    private final Map<Long, String> jobLogs = new java.util.HashMap<>();
    private final java.util.Set<String> workflows = new java.util.HashSet<>();
    private final List<String> dispatches = new ArrayList<>();

    private record CiRobot(String checkName, Predicate<String> passes) {
    }

    public FakeGitHub(String repository, String token) {
        this(repository, token, java.time.Clock.systemUTC());
    }

    /** A fake whose App tokens and JSON Web Tokens are timed by {@code clock}. */
    public FakeGitHub(String repository, String token, java.time.Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.token = requireNonNull(token, "token is null");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // Setting up

    /** A commit with {@code parent}'s files changed as {@code files} says (a null value removes the file). */
    public synchronized String commit(String parent, String message, Map<String, String> files) {
        return commit(parent, message, files, OCTOCAT);
    }

    /** The same, authored by {@code author} (the commits list filters on the author's name here, as on a login). */
    public synchronized String commit(String parent, String message, Map<String, String> files, PersonIdent author) {
        try (ObjectInserter inserter = git.newObjectInserter(); RevWalk walk = new RevWalk(git)) {
            TreeMap<String, ObjectId> tree = new TreeMap<>();
            if (parent != null) {
                try (TreeWalk entries = new TreeWalk(git)) {
                    entries.addTree(walk.parseCommit(ObjectId.fromString(parent)).getTree());
                    entries.setRecursive(true);
                    while (entries.next()) {
                        tree.put(entries.getPathString(), entries.getObjectId(0));
                    }
                }
            }
            files.forEach((path, content) -> {
                if (content == null) {
                    tree.remove(path);
                } else {
                    try {
                        tree.put(path, inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            tree.forEach((path, blob) -> {
                DirCacheEntry entry = new DirCacheEntry(path);
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
                builder.add(entry);
            });
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            if (parent != null) {
                commit.setParentId(ObjectId.fromString(parent));
            }
            PersonIdent when = new PersonIdent(author, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    ZoneOffset.UTC);
            commit.setAuthor(when);
            commit.setCommitter(when);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points a branch at a commit, as a push would. */
    public synchronized void push(String branch, String sha) {
        setRef(branch, sha, true);
    }

    public synchronized Optional<String> branch(String branch) {
        try {
            Ref ref = git.exactRef(Constants.R_HEADS + branch);
            return ref == null ? Optional.empty() : Optional.of(ref.getObjectId().name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every commit {@code branch} has pointed to, in order. */
    public synchronized List<String> history(String branch) {
        return List.copyOf(refHistory.getOrDefault(branch, List.of()));
    }

    /** A file's text at a commit, if it has it. */
    public synchronized Optional<String> file(String sha, String path) {
        try (RevWalk walk = new RevWalk(git);
                TreeWalk file = TreeWalk.forPath(git, path, walk.parseCommit(ObjectId.fromString(sha)).getTree())) {
            return file == null
                    ? Optional.empty()
                    : Optional.of(new String(git.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code ancestor} is {@code commit} or one of its ancestors. */
    public synchronized boolean contains(String commit, String ancestor) {
        try (RevWalk walk = new RevWalk(git)) {
            return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(ancestor)),
                    walk.parseCommit(ObjectId.fromString(commit)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parents of {@code sha}, first parent first. */
    public synchronized List<String> parents(String sha) {
        try (RevWalk walk = new RevWalk(git)) {
            return java.util.Arrays.stream(walk.parseCommit(ObjectId.fromString(sha)).getParents())
                    .map(RevCommit::name).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For every commit merged by a merge commit reachable from {@code tip}: how many such merge commits merge it. */
    public synchronized Map<String, Integer> mergesReachableFrom(String tip) {
        Map<String, Integer> merges = new HashMap<>();
        try (RevWalk walk = new RevWalk(git)) {
            walk.markStart(walk.parseCommit(ObjectId.fromString(tip)));
            for (RevCommit commit : walk) {
                for (int parent = 1; parent < commit.getParentCount(); parent++) {
                    merges.merge(commit.getParent(parent).name(), 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return merges;
    }

    /**
     * The {@code push} delivery GitHub sends when {@code branch} moves from {@code before} to {@code after}: the
     * commits pushed, oldest first, each with the files it added, modified and removed against its first parent.
     */
    public synchronized byte[] pushPayload(String branch, String before, String after) {
        ObjectNode payload = JSON.createObjectNode().put("ref", Constants.R_HEADS + branch).put("before", before)
                .put("after", after).put("created", false).put("deleted", false).put("forced", false);
        ArrayNode commits = payload.putArray("commits");
        try (RevWalk walk = new RevWalk(git)) {
            walk.markStart(walk.parseCommit(ObjectId.fromString(after)));
            walk.markUninteresting(walk.parseCommit(ObjectId.fromString(before)));
            List<RevCommit> pushed = new ArrayList<>();
            walk.forEach(pushed::add);
            java.util.Collections.reverse(pushed);
            for (RevCommit commit : pushed) {
                ObjectNode node = commits.addObject().put("id", commit.name()).put("message",
                        commit.getFullMessage());
                ArrayNode added = node.putArray("added");
                ArrayNode removed = node.putArray("removed");
                ArrayNode modified = node.putArray("modified");
                try (TreeWalk diff = new TreeWalk(git)) {
                    diff.setRecursive(true);
                    if (commit.getParentCount() > 0) {
                        diff.addTree(walk.parseCommit(commit.getParent(0)).getTree());
                    } else {
                        diff.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
                    }
                    diff.addTree(commit.getTree());
                    diff.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
                    while (diff.next()) {
                        if (diff.getRawMode(0) == 0) {
                            added.add(diff.getPathString());
                        } else if (diff.getRawMode(1) == 0) {
                            removed.add(diff.getPathString());
                        } else {
                            modified.add(diff.getPathString());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withRepository(payload, "octocat");
    }

    /**
     * What {@code git merge} does on someone's machine: a merge commit of {@code base} and {@code head} (no branch
     * moves), or empty when they conflict.
     */
    public synchronized Optional<String> mergeCommit(String base, String head, String message) {
        try (ObjectInserter inserter = git.newObjectInserter(); RevWalk walk = new RevWalk(git)) {
            RevCommit ours = walk.parseCommit(ObjectId.fromString(base));
            RevCommit theirs = walk.parseCommit(ObjectId.fromString(head));
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, git.getConfig());
            if (!merger.merge(ours, theirs)) {
                return Optional.empty();
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(merger.getResultTreeId());
            commit.setParentIds(ours, theirs);
            PersonIdent now = new PersonIdent(OCTOCAT, Instant.now(), ZoneOffset.UTC);
            commit.setAuthor(now);
            commit.setCommitter(now);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return Optional.of(id.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a file under {@code directory} at {@code sha} contains {@code text}. */
    public synchronized boolean anyFileContains(String sha, String directory, String text) {
        try (RevWalk walk = new RevWalk(git); TreeWalk tree = new TreeWalk(git)) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(sha)).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                if (tree.getPathString().startsWith(directory) && new String(git.open(tree.getObjectId(0))
                        .getBytes(), StandardCharsets.UTF_8).contains(text)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code check_run} delivery GitHub sends when check run {@code id} completes. */
    public synchronized byte[] checkRunCompletedPayload(long id) {
        return checkRunPayload(checkRuns.get(id));
    }

    /** The {@code status} delivery GitHub sends when a commit status is set. */
    public synchronized byte[] statusPayload(String sha, String context, String state) {
        ObjectNode payload = JSON.createObjectNode().put("sha", sha).put("context", context).put("state", state)
                .put("target_url", "https://ci.example/" + context);
        return withRepository(payload, "ci-bot");
    }

    /** Opens pull request {@code number} from {@code branch}, which must exist. */
    public synchronized PullRequest openPullRequest(int number, String branch, String author) {
        PullRequest pull = new PullRequest(number, branch, author);
        pulls.put(number, pull);
        return pull;
    }

    public synchronized PullRequest pullRequest(int number) {
        return pulls.get(number);
    }

    /** A review by a collaborator of the repository. */
    public synchronized void review(int pullRequest, String reviewer, String state) {
        review(pullRequest, reviewer, state, "COLLABORATOR");
    }

    /** A review by someone whose association with the repository is {@code association} (NONE, CONTRIBUTOR…). */
    public synchronized void review(int pullRequest, String reviewer, String state, String association) {
        reviews.computeIfAbsent(pullRequest, number -> new ArrayList<>())
                .add(new String[]{reviewer, state, association});
    }

    /** A check run another app (the repository's CI) reports on {@code sha}. */
    public synchronized long reportCheck(String sha, String name, String conclusion) {
        long id = ids.incrementAndGet();
        checkRuns.put(id, new CheckRun(id, name, sha, conclusion == null ? "in_progress" : "completed", conclusion,
                "", "", "", false, conclusion == null ? null : clock.instant()));
        return id;
    }

    public synchronized void reportStatus(String sha, String context, String state) {
        statuses.computeIfAbsent(sha, commit -> new LinkedHashMap<>()).put(context, state);
    }

    /** Plays the repository's CI: on every build branch the queue pushes, a check run passed or failed. */
    public synchronized void runCi(String checkName, Predicate<String> passes) {
        ci = new CiRobot(checkName, passes);
    }

    /** No CI any more: build branches get no check runs (CI is down, or slow). */
    public synchronized void stopCi() {
        ci = null;
    }

    /** Runs {@code hook} just before the next update of {@code branch} through the API (to lose a race, say). */
    public synchronized void beforeNextUpdate(String branch, Runnable hook) {
        beforeUpdate.put(branch, hook);
    }

    /** Answers the next request whose method and path start match with {@code status}, headers and body. */
    public synchronized void failNext(String method, String pathPrefix, int status, Map<String, String> headers,
            String body) {
        injected.add(new Injected(method, pathPrefix, status, headers, body));
    }

    /**
     * Makes the repository's calls authenticate as GitHub App {@code id} too: its JSON Web Token (checked against the
     * App's public key) finds the installation and buys installation tokens, which the API then accepts.
     */
    public synchronized void installApp(String id) {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            appKeys = generator.generateKeyPair();
            appId = id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The App's private key as GitHub hands it out: PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}). */
    public synchronized String appPrivateKeyPem() {
        byte[] pkcs8 = appKeys.getPrivate().getEncoded();
        // PrivateKeyInfo: SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING { the PKCS#1 key } }.
        int[] at = {0};
        derHeader(pkcs8, at, 0x30);
        int version = derHeader(pkcs8, at, 0x02);
        at[0] += version;
        int algorithm = derHeader(pkcs8, at, 0x30);
        at[0] += algorithm;
        int length = derHeader(pkcs8, at, 0x04);
        byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
    }

    /** Reads a DER tag and length at {@code at}, moving past them; returns the length. */
    private static int derHeader(byte[] der, int[] at, int tag) {
        if ((der[at[0]++] & 0xff) != tag) {
            throw new IllegalStateException("unexpected DER tag");
        }
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }

    /** The check runs someone asked GitHub to run again. */
    public synchronized List<Long> rerequestedCheckRuns() {
        return List.copyOf(rerequests);
    }

    /** How many installation tokens the App has been given. */
    public synchronized int installationTokensIssued() {
        return installationTokens.size();
    }

    // Observing

    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Comment> comments(int pullRequest) {
        return comments.values().stream().filter(comment -> comment.issue() == pullRequest).toList();
    }

    public synchronized List<String> reactions(long commentId) {
        return List.copyOf(reactions.getOrDefault(commentId, List.of()));
    }

    /** The check runs called {@code name} on {@code sha}, oldest first. */
    public synchronized List<CheckRun> checkRuns(String sha, String name) {
        return checkRuns.values().stream().filter(run -> run.headSha().equals(sha) && run.name().equals(name))
                .toList();
    }

    // Webhooks

    /** Where webhooks go, and the secret they are signed with. */
    /**
     * Records a job of a GitHub Actions run attempt and its log, as the Actions API lists and serves it; a null log
     * is one GitHub no longer has.
     */
    public synchronized void workflowJob(long runId, int attempt, long jobId, String name, String headSha,
            String conclusion, String log) {
        workflowJob(runId, attempt, jobId, name, headSha, "main", conclusion, log);
    }

    /** As above, for a run on {@code branch}. */
    public synchronized void workflowJob(long runId, int attempt, long jobId, String name, String headSha,
            String branch, String conclusion, String log) {
        ObjectNode job = JSON.createObjectNode().put("id", jobId).put("run_id", runId).put("run_attempt", attempt)
                .put("name", name).put("head_sha", headSha).put("head_branch", branch).put("status", "completed")
                .put("conclusion", conclusion).put("started_at", "2026-11-24T18:00:00Z")
                .put("completed_at", "2026-11-24T18:05:00Z");
        workflowJobs.computeIfAbsent(runId + "/" + attempt, key -> new ArrayList<>()).add(job);
        if (log != null) {
            jobLogs.put(jobId, log);
        }
    }

    /** Adds a workflow file ({@code regression.yml}) that {@code workflow_dispatch} can start. */
    public synchronized void workflow(String file) {
        workflows.add(file);
    }

    /** The workflow runs asked for with {@code workflow_dispatch}, as {@code file@ref}. */
    public synchronized List<String> dispatches() {
        return List.copyOf(dispatches);
    }

    /** The body of a {@code workflow_run} delivery for a completed run. */
    public synchronized byte[] workflowRunPayload(long runId, int attempt, String name, String headSha,
            String conclusion, int pullRequest) {
        return workflowRunPayload(runId, attempt, name, ".github/workflows/ci.yml", "push", "main", headSha,
                conclusion, pullRequest);
    }

    /** The body of a {@code workflow_run} delivery for a completed run of workflow file {@code path} on a branch. */
    public synchronized byte[] workflowRunPayload(long runId, int attempt, String name, String path, String event,
            String branch, String headSha, String conclusion, int pullRequest) {
        ObjectNode payload = JSON.createObjectNode().put("action", "completed");
        ObjectNode run = payload.putObject("workflow_run").put("id", runId).put("run_attempt", attempt)
                .put("name", name).put("path", path).put("event", event).put("head_sha", headSha)
                .put("head_branch", branch).put("status", "completed").put("conclusion", conclusion)
                .put("html_url", "https://github.com/%s/actions/runs/%d".formatted(repository, runId))
                .put("created_at", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        run.putObject("head_repository").put("full_name", repository);
        if (pullRequest > 0) {
            run.putArray("pull_requests").addObject().put("number", pullRequest);
        }
        return withRepository(payload, "octocat");
    }

    public synchronized void webhooks(URI target, String secret) {
        this.webhookTarget = target;
        this.webhookSecret = secret;
    }

    /** Posts a webhook delivery, signed; returns the HTTP status it got. */
    public int deliver(String event, String deliveryId, byte[] payload) {
        return deliver(event, deliveryId, payload, "sha256=" + sign(payload, webhookSecret));
    }

    /** Posts a delivery with the given signature header (null for none). */
    public int deliver(String event, String deliveryId, byte[] payload, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhookTarget)
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/fake")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-GitHub-Hook-ID", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Someone comments on a pull request: the comment is stored and its {@code issue_comment} payload returned. */
    public synchronized byte[] comment(int pullRequest, String author, String body) {
        long id = ids.incrementAndGet();
        Instant now = Instant.now();
        comments.put(id, new Comment(id, pullRequest, author, body, now, now));
        ObjectNode payload = JSON.createObjectNode().put("action", "created");
        ObjectNode issue = payload.putObject("issue").put("number", pullRequest).put("state", "open");
        issue.putObject("pull_request").put("url", url() + "/repos/" + repository + "/pulls/" + pullRequest);
        ObjectNode comment = payload.putObject("comment").put("id", id).put("body", body)
                .put("html_url",
                        "https://github.com/%s/pull/%d#issuecomment-%d".formatted(repository, pullRequest, id));
        comment.putObject("user").put("login", author);
        return withRepository(payload, author);
    }

    /** Someone edits a comment: its text changes and so does its update time. */
    public synchronized void editComment(long id, String body) {
        Comment comment = comments.get(id);
        comments.put(id, new Comment(id, comment.issue(), comment.author(), body, comment.created(),
                Instant.now().plusSeconds(1)));
    }

    /** The id of the newest comment. */
    public synchronized long lastCommentId() {
        return comments.keySet().stream().reduce((first, second) -> second).orElseThrow();
    }

    /**
     * A deployment of {@code sha} to {@code environment} gets status {@code state} (success, failure, pending…): the
     * body of its {@code deployment_status} delivery, as GitHub documents it.
     */
    public synchronized byte[] deploymentStatusPayload(String sha, String environment, String state) {
        long deployment = ids.incrementAndGet();
        long status = ids.incrementAndGet();
        String deploymentUrl = "%s/repos/%s/deployments/%d".formatted(url(), repository, deployment);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode payload = JSON.createObjectNode().put("action", "created");
        ObjectNode statusBody = payload.putObject("deployment_status").put("url", deploymentUrl + "/statuses/"
                + status).put("id", status).put("state", state).put("description", "").put("environment",
                        environment)
                .put("target_url", "").put("created_at", now.toString())
                .put("updated_at", now.toString()).put("deployment_url", deploymentUrl);
        statusBody.putObject("creator").put("login", "octocat");
        ObjectNode deploymentBody = payload.putObject("deployment").put("url", deploymentUrl).put("id", deployment)
                .put("sha", sha).put("ref", "main").put("task", "deploy").put("original_environment", environment)
                .put("environment", environment).put("created_at", now.toString()).put("updated_at", now.toString())
                .put("statuses_url", deploymentUrl + "/statuses");
        deploymentBody.putObject("payload");
        deploymentBody.putObject("creator").put("login", "octocat");
        return withRepository(payload, "octocat");
    }

    public synchronized byte[] pullRequestPayload(int number, String action) {
        PullRequest pull = pulls.get(number);
        ObjectNode payload = JSON.createObjectNode().put("action", action).put("number", number);
        ObjectNode body = payload.putObject("pull_request").put("number", number).put("state", pull.state)
                .put("merged", pull.merged).put("draft", pull.draft);
        body.putObject("head").put("sha", branch(pull.branch).orElseThrow()).put("ref", pull.branch);
        body.putObject("base").put("ref", pull.base);
        return withRepository(payload, pull.author);
    }

    private byte[] checkRunPayload(CheckRun run) {
        ObjectNode payload = JSON.createObjectNode().put("action", "completed");
        payload.putObject("check_run").put("id", run.id()).put("name", run.name()).put("head_sha", run.headSha())
                .put("status", run.status()).put("conclusion", run.conclusion())
                .put("html_url", "https://github.com/%s/runs/%d".formatted(repository, run.id()));
        return withRepository(payload, "github-actions[bot]");
    }

    private byte[] withRepository(ObjectNode payload, String sender) {
        payload.putObject("repository").put("full_name", repository).put("default_branch", "main");
        payload.putObject("sender").put("login", sender);
        return JSON.writeValueAsBytes(payload);
    }

    private static String sign(byte[] payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    // Serving

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Answer answer;
            synchronized (this) {
                requests.add(method + " " + path);
                answer = answer(exchange, method, path, query, body);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().add("X-RateLimit-Limit", "5000");
            exchange.getResponseHeaders().add("X-RateLimit-Remaining", "4999");
            exchange.getResponseHeaders().add("X-RateLimit-Reset",
                    Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()));
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private record Answer(int status, String body, Map<String, String> headers) {
        static Answer json(int status, JsonNode body) {
            return new Answer(status, JSON.writeValueAsString(body), Map.of());
        }

        static Answer message(int status, String message) {
            return json(status, JSON.createObjectNode().put("message", message)
                    .put("documentation_url", "https://docs.github.com/rest"));
        }
    }

    private Answer answer(HttpExchange exchange, String method, String path, Map<String, String> query,
            byte[] body) {
        if (method.equals("GET") && path.startsWith("/_job-logs/")) {
            // The short-lived address GitHub redirects log downloads to: no credentials, and none may be sent.
            if (exchange.getRequestHeaders().containsKey("Authorization")) {
                return Answer.message(400, "credentials sent to the log storage");
            }
            String log = jobLogs.get(Long.parseLong(path.substring("/_job-logs/".length())));
            return log == null
                    ? Answer.message(404, "Not Found")
                    : new Answer(200, log, Map.of("Content-Type", "text/plain; charset=utf-8"));
        }
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String bearer = authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : "";
        if (appId != null && (path.startsWith("/app/") || path.equals("/repos/" + repository + "/installation"))) {
            return appRequest(method, path, bearer);
        }
        Instant tokenExpiry = installationTokens.get(bearer);
        boolean installationToken = tokenExpiry != null && clock.instant().isBefore(tokenExpiry);
        if (!bearer.equals(token) && !installationToken) {
            return Answer.message(401, "Bad credentials");
        }
        for (Injected next : injected) {
            if (next.method().equals(method) && path.startsWith(next.pathPrefix())) {
                injected.remove(next);
                return new Answer(next.status(), next.body(), next.headers());
            }
        }
        String root = "/repos/" + repository;
        if (!path.startsWith(root + "/")) {
            return Answer.message(404, "Not Found");
        }
        String rest = path.substring(root.length());
        JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        try {
            return route(method, rest, query, request);
        } catch (IOException e) {
            return Answer.message(500, e.toString());
        }
    }

    private Answer route(String method, String rest, Map<String, String> query, JsonNode request)
            throws IOException {
        String[] parts = rest.substring(1).split("/");
        if (method.equals("GET") && rest.startsWith("/git/ref/heads/")) {
            String branch = decode(rest.substring("/git/ref/heads/".length()));
            return branch(branch).map(sha -> Answer.json(200, ref(branch, sha)))
                    .orElse(Answer.message(404, "Not Found"));
        }
        if (method.equals("POST") && rest.equals("/git/refs")) {
            String ref = request.path("ref").asString();
            String branch = ref.substring(Constants.R_HEADS.length());
            if (branch(branch).isPresent()) {
                return Answer.message(422, "Reference already exists");
            }
            if (!exists(request.path("sha").asString())) {
                return Answer.message(422, "Object does not exist");
            }
            setRef(branch, request.path("sha").asString(), true);
            return Answer.json(201, ref(branch, request.path("sha").asString()));
        }
        if (rest.startsWith("/git/refs/heads/")) {
            String branch = decode(rest.substring("/git/refs/heads/".length()));
            if (method.equals("DELETE")) {
                if (branch(branch).isEmpty()) {
                    return Answer.message(422, "Reference does not exist");
                }
                RefUpdate delete = git.updateRef(Constants.R_HEADS + branch);
                delete.setForceUpdate(true);
                delete.delete();
                return new Answer(204, null, Map.of());
            }
            if (method.equals("PATCH")) {
                return updateRef(branch, request.path("sha").asString(), request.path("force").asBoolean(false));
            }
        }
        if (method.equals("GET") && parts.length == 6 && parts[0].equals("actions") && parts[1].equals("runs")
                && parts[3].equals("attempts") && parts[5].equals("jobs")) {
            List<ObjectNode> jobs = workflowJobs.getOrDefault(parts[2] + "/" + parts[4], List.of());
            int perPage = Integer.parseInt(query.getOrDefault("per_page", "30"));
            int page = Integer.parseInt(query.getOrDefault("page", "1"));
            ObjectNode answer = JSON.createObjectNode().put("total_count", jobs.size());
            ArrayNode list = answer.putArray("jobs");
            jobs.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(list::add);
            return Answer.json(200, answer);
        }
        if (method.equals("GET") && parts.length == 4 && parts[0].equals("actions") && parts[1].equals("jobs")
                && parts[3].equals("logs")) {
            long job = Long.parseLong(parts[2]);
            if (!jobLogs.containsKey(job)) {
                return Answer.message(410, "Logs have expired");
            }
            return new Answer(302, null, Map.of("Location", url() + "/_job-logs/" + job));
        }
        if (method.equals("POST") && parts.length == 4 && parts[0].equals("actions") && parts[1].equals("workflows")
                && parts[3].equals("dispatches")) {
            String workflow = decode(parts[2]);
            if (!workflows.contains(workflow)) {
                return Answer.message(404, "Not Found");
            }
            String ref = request.path("ref").asString("");
            if (branch(ref.startsWith(Constants.R_HEADS) ? ref.substring(Constants.R_HEADS.length()) : ref)
                    .isEmpty()) {
                return Answer.message(422, "No ref found for: " + ref);
            }
            if (!request.path("inputs").isMissingNode() && !request.path("inputs").isEmpty()) {
                return Answer.message(422, "Unexpected inputs provided: " + request.path("inputs").propertyNames());
            }
            dispatches.add(workflow + "@" + ref);
            return new Answer(204, null, Map.of());
        }
        if (method.equals("POST") && rest.equals("/merges")) {
            return merge(request.path("base").asString(), request.path("head").asString(),
                    request.path("commit_message").asString("Merge"));
        }
        if (method.equals("GET") && rest.startsWith("/git/commits/")) {
            String sha = rest.substring("/git/commits/".length());
            return exists(sha) ? Answer.json(200, commitJson(sha)) : Answer.message(404, "Not Found");
        }
        if (method.equals("POST") && rest.equals("/git/commits")) {
            return createCommit(request);
        }
        if (method.equals("GET") && rest.startsWith("/compare/")) {
            String[] range = decode(rest.substring("/compare/".length())).split("\\.\\.\\.");
            return compare(range[0], range[1], query);
        }
        if (method.equals("GET") && rest.startsWith("/git/trees/")) {
            return tree(decode(rest.substring("/git/trees/".length())), query.containsKey("recursive"));
        }
        if (method.equals("GET") && rest.equals("/commits")) {
            return commits(query);
        }
        if (method.equals("GET") && parts.length == 2 && parts[0].equals("commits")) {
            String sha = resolve(parts[1]);
            return sha == null ? Answer.message(404, "Not Found") : commitWithFiles(sha);
        }
        if (method.equals("GET") && rest.startsWith("/contents/")) {
            String file = decode(rest.substring("/contents/".length()));
            String sha = resolve(query.getOrDefault("ref", "main"));
            Optional<String> text = sha == null ? Optional.empty() : file(sha, file);
            return text.map(content -> Answer.json(200, JSON.createObjectNode().put("type", "file")
                    .put("encoding", "base64").put("path", file)
                    .put("content", Base64.getMimeEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)))))
                    .orElse(Answer.message(404, "Not Found"));
        }
        if (method.equals("GET") && parts.length == 2 && parts[0].equals("pulls")) {
            PullRequest pull = pulls.get(Integer.parseInt(parts[1]));
            return pull == null ? Answer.message(404, "Not Found") : Answer.json(200, pullJson(pull));
        }
        if (method.equals("GET") && parts.length == 3 && parts[0].equals("pulls") && parts[2].equals("reviews")) {
            ArrayNode list = JSON.createArrayNode();
            if (firstPage(query)) {
                for (String[] review : reviews.getOrDefault(Integer.parseInt(parts[1]), List.of())) {
                    ObjectNode node = list.addObject().put("state", review[1]).put("author_association", review[2]);
                    node.putObject("user").put("login", review[0]);
                }
            }
            return Answer.json(200, list);
        }
        if (method.equals("GET") && parts.length == 3 && parts[0].equals("commits") && parts[2].equals("check-runs")) {
            String sha = resolve(parts[1]);
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode runs = answer.putArray("check_runs");
            if (firstPage(query)) {
                List<CheckRun> found = new ArrayList<>(checkRuns.values().stream()
                        .filter(run -> run.headSha().equals(sha))
                        .filter(run -> !query.containsKey("check_name") || run.name().equals(query.get("check_name")))
                        .toList());
                java.util.Collections.reverse(found);
                found.forEach(run -> runs.add(checkRunJson(run)));
            }
            answer.put("total_count", runs.size());
            return Answer.json(200, answer);
        }
        if (method.equals("GET") && parts.length == 3 && parts[0].equals("commits") && parts[2].equals("status")) {
            ObjectNode answer = JSON.createObjectNode().put("sha", resolve(parts[1]));
            ArrayNode list = answer.putArray("statuses");
            statuses.getOrDefault(resolve(parts[1]), Map.of()).forEach((context, state) -> list.addObject()
                    .put("context", context).put("state", state).put("target_url", "https://ci.example/" + context));
            answer.put("state", list.isEmpty() ? "pending" : "success");
            return Answer.json(200, answer);
        }
        if (method.equals("POST") && rest.equals("/check-runs")) {
            long id = ids.incrementAndGet();
            CheckRun run = checkRun(id, request, null);
            checkRuns.put(id, run);
            return Answer.json(201, checkRunJson(run));
        }
        if (method.equals("POST") && parts.length == 3 && parts[0].equals("check-runs")
                && parts[2].equals("rerequest")) {
            CheckRun existing = checkRuns.get(Long.parseLong(parts[1]));
            if (existing == null) {
                return Answer.message(404, "Not Found");
            }
            rerequests.add(existing.id());
            if (ci != null && ci.checkName().equals(existing.name())) {
                CiRobot robot = ci;
                background.execute(() -> runCi(robot, existing.headSha()));
            }
            return Answer.json(201, JSON.createObjectNode());
        }
        if (method.equals("PATCH") && parts.length == 2 && parts[0].equals("check-runs")) {
            CheckRun existing = checkRuns.get(Long.parseLong(parts[1]));
            if (existing == null) {
                return Answer.message(404, "Not Found");
            }
            CheckRun run = checkRun(existing.id(), request, existing);
            checkRuns.put(run.id(), run);
            return Answer.json(200, checkRunJson(run));
        }
        if (method.equals("POST") && parts.length == 3 && parts[0].equals("issues") && parts[2].equals("comments")) {
            long id = ids.incrementAndGet();
            Instant now = Instant.now();
            comments.put(id, new Comment(id, Integer.parseInt(parts[1]), "mainline[bot]",
                    request.path("body").asString(), now, now));
            return Answer.json(201, JSON.createObjectNode().put("id", id).put("body", request.path("body").asString()));
        }
        if (method.equals("GET") && rest.equals("/issues/comments")) {
            ArrayNode list = JSON.createArrayNode();
            Instant since = Instant.parse(query.getOrDefault("since", "1970-01-01T00:00:00Z"));
            if (firstPage(query)) {
                // GitHub's since is about when a comment was last updated, not when it was made.
                comments.values().stream().filter(comment -> !comment.updated().isBefore(since)).forEach(comment -> {
                    ObjectNode node = list.addObject().put("id", comment.id()).put("body", comment.body())
                            .put("created_at", comment.created().truncatedTo(ChronoUnit.SECONDS).toString())
                            .put("updated_at", comment.updated().truncatedTo(ChronoUnit.SECONDS).toString())
                            .put("issue_url", url() + "/repos/" + repository + "/issues/" + comment.issue())
                            .put("html_url", "https://github.com/%s/pull/%d#issuecomment-%d".formatted(repository,
                                    comment.issue(), comment.id()));
                    node.putObject("user").put("login", comment.author());
                });
            }
            return Answer.json(200, list);
        }
        if (method.equals("POST") && parts.length == 4 && parts[0].equals("issues") && parts[1].equals("comments")
                && parts[3].equals("reactions")) {
            long comment = Long.parseLong(parts[2]);
            if (!comments.containsKey(comment)) {
                return Answer.message(404, "Not Found");
            }
            reactions.computeIfAbsent(comment, id -> new ArrayList<>()).add(request.path("content").asString());
            return Answer.json(201, JSON.createObjectNode().put("id", ids.incrementAndGet())
                    .put("content", request.path("content").asString()));
        }
        return Answer.message(404, "Not Found");
    }

    /** The calls an App makes with its JSON Web Token: find its installation, get an installation token. */
    private Answer appRequest(String method, String path, String jwt) {
        if (!validAppToken(jwt)) {
            return Answer.message(401, "A JSON web token could not be decoded");
        }
        if (method.equals("GET") && path.equals("/repos/" + repository + "/installation")) {
            return Answer.json(200, JSON.createObjectNode().put("id", 42).put("app_id", appId));
        }
        if (method.equals("POST") && path.equals("/app/installations/42/access_tokens")) {
            String issued = "ghs_" + UUID.randomUUID().toString().replace("-", "");
            Instant expires = clock.instant().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
            installationTokens.put(issued, expires);
            return Answer.json(201, JSON.createObjectNode().put("token", issued).put("expires_at", expires.toString()));
        }
        return Answer.message(404, "Not Found");
    }

    private boolean validAppToken(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            java.security.Signature signature = java.security.Signature.getInstance("SHA256withRSA");
            signature.initVerify(appKeys.getPublic());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            long now = clock.instant().getEpochSecond();
            long issuedAt = claims.path("iat").asLong();
            long expires = claims.path("exp").asLong();
            return header.path("alg").asString().equals("RS256") && claims.path("iss").asString().equals(appId)
                    && issuedAt <= now + 60 && expires > now && expires - issuedAt <= 660;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private Answer updateRef(String branch, String sha, boolean force) throws IOException {
        Runnable hook = beforeUpdate.remove(branch);
        if (hook != null) {
            hook.run();
        }
        Optional<String> current = branch(branch);
        if (current.isEmpty()) {
            return Answer.message(422, "Reference does not exist");
        }
        if (!exists(sha)) {
            return Answer.message(422, "Object does not exist");
        }
        if (!force && !contains(sha, current.get())) {
            return Answer.message(422, "Update is not a fast forward");
        }
        setRef(branch, sha, true);
        return Answer.json(200, ref(branch, sha));
    }

    private Answer merge(String base, String head, String message) throws IOException {
        Optional<String> baseSha = branch(base);
        if (baseSha.isEmpty()) {
            return Answer.message(404, "Base does not exist");
        }
        String headSha = branch(head).orElse(head);
        if (!exists(headSha)) {
            return Answer.message(404, "Head does not exist");
        }
        if (contains(baseSha.get(), headSha)) {
            return new Answer(204, null, Map.of());
        }
        try (ObjectInserter inserter = git.newObjectInserter(); RevWalk walk = new RevWalk(git)) {
            RevCommit ours = walk.parseCommit(ObjectId.fromString(baseSha.get()));
            RevCommit theirs = walk.parseCommit(ObjectId.fromString(headSha));
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, git.getConfig());
            if (!merger.merge(ours, theirs)) {
                return Answer.message(409, "Merge conflict");
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(merger.getResultTreeId());
            commit.setParentIds(ours, theirs);
            PersonIdent now = new PersonIdent(OCTOCAT, Instant.now(), ZoneOffset.UTC);
            commit.setAuthor(now);
            commit.setCommitter(now);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            setRef(base, id.name(), true);
            ObjectNode answer = JSON.createObjectNode().put("sha", id.name());
            answer.set("commit", commitJson(id.name()));
            return Answer.json(201, answer);
        }
    }

    private Answer createCommit(JsonNode request) throws IOException {
        String tree = request.path("tree").asString();
        if (!exists(tree)) {
            return Answer.message(422, "Tree SHA does not exist");
        }
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(ObjectId.fromString(tree));
        List<ObjectId> parents = new ArrayList<>();
        for (JsonNode parent : request.path("parents")) {
            if (!exists(parent.asString())) {
                return Answer.message(422, "Parent SHA does not exist or is not a commit object");
            }
            parents.add(ObjectId.fromString(parent.asString()));
        }
        commit.setParentIds(parents);
        commit.setAuthor(person(request.path("author")));
        commit.setCommitter(person(request.path(request.has("committer") ? "committer" : "author")));
        commit.setMessage(request.path("message").asString());
        try (ObjectInserter inserter = git.newObjectInserter()) {
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return Answer.json(201, commitJson(id.name()));
        }
    }

    private static PersonIdent person(JsonNode node) {
        Instant date = node.has("date") ? Instant.parse(node.path("date").asString()) : Instant.now();
        return new PersonIdent(node.path("name").asString("The Octocat"),
                node.path("email").asString("octocat@github.com"), date, ZoneOffset.UTC);
    }

    /** GET /git/trees/{tree_sha}: a commit, tree or branch; recursive lists every blob and tree below it. */
    private Answer tree(String ref, boolean recursive) throws IOException {
        String sha = resolve(ref);
        if (sha == null) {
            return Answer.message(404, "Not Found");
        }
        ObjectNode answer = JSON.createObjectNode().put("sha", sha).put("truncated", false);
        ArrayNode entries = answer.putArray("tree");
        try (RevWalk walk = new RevWalk(git); TreeWalk tree = new TreeWalk(git)) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(sha)).getTree());
            tree.setRecursive(false);
            while (tree.next()) {
                boolean directory = tree.isSubtree();
                entries.addObject().put("path", tree.getPathString()).put("type", directory ? "tree" : "blob")
                        .put("sha", tree.getObjectId(0).name());
                if (directory && recursive) {
                    tree.enterSubtree();
                }
            }
        }
        return Answer.json(200, answer);
    }

    /** GET /commits?sha=&author=&since=: the branch's commits, newest first, by a login (author name here) or email. */
    private Answer commits(Map<String, String> query) throws IOException {
        String start = resolve(query.getOrDefault("sha", "main"));
        ArrayNode list = JSON.createArrayNode();
        if (start == null) {
            return Answer.message(404, "Not Found");
        }
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "30"));
        int skip = (Integer.parseInt(query.getOrDefault("page", "1")) - 1) * perPage;
        java.time.Instant since = query.containsKey("since")
                ? java.time.Instant.parse(query.get("since"))
                : java.time.Instant.EPOCH;
        String author = query.get("author");
        try (RevWalk walk = new RevWalk(git)) {
            walk.markStart(walk.parseCommit(ObjectId.fromString(start)));
            for (RevCommit commit : walk) {
                if (commit.getCommitterIdent().getWhenAsInstant().isBefore(since)) {
                    break;
                }
                if (author == null || author.equalsIgnoreCase(commit.getAuthorIdent().getName())
                        || author.equalsIgnoreCase(commit.getAuthorIdent().getEmailAddress())) {
                    if (skip > 0) {
                        skip--;
                    } else if (list.size() < perPage) {
                        list.add(restCommitJson(commit.name()));
                    }
                }
            }
        }
        return Answer.json(200, list);
    }

    /** GET /commits/{ref}: the commit with the files it changed from its first parent. */
    private Answer commitWithFiles(String sha) throws IOException {
        ObjectNode answer = commitJson(sha);
        ArrayNode files = answer.putArray("files");
        try (RevWalk walk = new RevWalk(git); TreeWalk diff = new TreeWalk(git)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(sha));
            diff.setRecursive(true);
            if (commit.getParentCount() > 0) {
                diff.addTree(walk.parseCommit(commit.getParent(0)).getTree());
            } else {
                diff.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            }
            diff.addTree(commit.getTree());
            diff.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
            while (diff.next()) {
                files.addObject().put("filename", diff.getPathString());
            }
        }
        return Answer.json(200, answer);
    }

    private Answer compare(String base, String head, Map<String, String> query) throws IOException {
        String baseSha = resolve(base);
        String headSha = resolve(head);
        if (baseSha == null || headSha == null) {
            return Answer.message(404, "Not Found");
        }
        try (RevWalk walk = new RevWalk(git)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(ObjectId.fromString(baseSha)));
            walk.markStart(walk.parseCommit(ObjectId.fromString(headSha)));
            RevCommit mergeBase = walk.next();
            if (mergeBase == null) {
                return Answer.message(404, "No common ancestor between %s and %s.".formatted(base, head));
            }
            ObjectNode answer = JSON.createObjectNode();
            // The commits on head and not on base, oldest first: 250 at most, or a page of them when paged.
            List<String> ahead = new ArrayList<>();
            try (RevWalk commits = new RevWalk(git)) {
                commits.markStart(commits.parseCommit(ObjectId.fromString(headSha)));
                commits.markUninteresting(commits.parseCommit(ObjectId.fromString(baseSha)));
                commits.forEach(commit -> ahead.add(commit.name()));
            }
            java.util.Collections.reverse(ahead);
            int behind = 0;
            try (RevWalk commits = new RevWalk(git)) {
                commits.markStart(commits.parseCommit(ObjectId.fromString(baseSha)));
                commits.markUninteresting(commits.parseCommit(ObjectId.fromString(headSha)));
                for (RevCommit ignored : commits) {
                    behind++;
                }
            }
            boolean paged = query.containsKey("per_page") || query.containsKey("page");
            int perPage = paged ? Integer.parseInt(query.getOrDefault("per_page", "30")) : 250;
            int page = Integer.parseInt(query.getOrDefault("page", "1"));
            String status = ahead.isEmpty()
                    ? (behind == 0 ? "identical" : "behind")
                    : (behind == 0 ? "ahead" : "diverged");
            answer.put("status", status).put("ahead_by", ahead.size()).put("behind_by", behind)
                    .put("total_commits", ahead.size());
            ArrayNode listed = answer.putArray("commits");
            ahead.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(sha -> listed.add(restCommitJson(
                    sha)));
            ArrayNode files = answer.putArray("files");
            try (RevWalk trees = new RevWalk(git); TreeWalk diff = new TreeWalk(git)) {
                diff.setRecursive(true);
                diff.addTree(trees.parseCommit(mergeBase).getTree());
                diff.addTree(trees.parseCommit(ObjectId.fromString(headSha)).getTree());
                diff.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
                while (diff.next()) {
                    files.addObject().put("filename", diff.getPathString());
                }
            }
            return Answer.json(200, answer);
        }
    }

    private void setRef(String branch, String sha, boolean force) {
        try {
            RefUpdate update = git.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(ObjectId.fromString(sha));
            update.setForceUpdate(force);
            RefUpdate.Result result = update.update();
            if (result == RefUpdate.Result.REJECTED || result == RefUpdate.Result.LOCK_FAILURE) {
                throw new IllegalStateException("cannot move %s: %s".formatted(branch, result));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        refHistory.computeIfAbsent(branch, name -> new ArrayList<>()).add(sha);
        if (ci != null && branch.startsWith("mainline/builds/")) {
            CiRobot robot = ci;
            background.execute(() -> runCi(robot, sha));
        }
    }

    private void runCi(CiRobot robot, String sha) {
        CheckRun run;
        synchronized (this) {
            long id = ids.incrementAndGet();
            run = new CheckRun(id, robot.checkName(), sha, "completed",
                    robot.passes().test(sha) ? "success" : "failure", "", "", "", false, clock.instant());
            checkRuns.put(id, run);
        }
        if (webhookTarget != null) {
            deliver("check_run", UUID.randomUUID().toString(), checkRunPayload(run));
        }
    }

    private boolean exists(String sha) {
        try {
            return sha != null && ObjectId.isId(sha) && git.getObjectDatabase().has(ObjectId.fromString(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String resolve(String ref) {
        if (ObjectId.isId(ref)) {
            return exists(ref) ? ref : null;
        }
        return branch(ref).orElse(null);
    }

    private ObjectNode ref(String branch, String sha) {
        ObjectNode ref = JSON.createObjectNode().put("ref", Constants.R_HEADS + branch);
        ref.putObject("object").put("type", "commit").put("sha", sha);
        return ref;
    }

    private ObjectNode commitJson(String sha) {
        try (RevWalk walk = new RevWalk(git)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(sha));
            ObjectNode node = JSON.createObjectNode().put("sha", sha).put("message", commit.getFullMessage());
            node.putObject("tree").put("sha", commit.getTree().name());
            ArrayNode parents = node.putArray("parents");
            for (RevCommit parent : commit.getParents()) {
                parents.addObject().put("sha", parent.name());
            }
            node.putObject("author").put("name", commit.getAuthorIdent().getName())
                    .put("date", commit.getAuthorIdent().getWhenAsInstant().toString());
            node.putObject("committer").put("name", commit.getCommitterIdent().getName())
                    .put("date", commit.getCommitterIdent().getWhenAsInstant().toString());
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A commit as the commits and compare APIs list it: its details under {@code commit}. */
    private ObjectNode restCommitJson(String sha) {
        ObjectNode git = commitJson(sha);
        ObjectNode node = JSON.createObjectNode().put("sha", sha);
        ObjectNode commit = node.putObject("commit").put("message", git.path("message").asString());
        commit.set("author", git.path("author"));
        commit.set("committer", git.path("committer"));
        commit.set("tree", git.path("tree"));
        node.set("parents", git.path("parents"));
        return node;
    }

    private ObjectNode pullJson(PullRequest pull) {
        ObjectNode node = JSON.createObjectNode().put("number", pull.number).put("state", pull.state)
                .put("merged", pull.merged).put("draft", pull.draft).put("title", pull.title);
        if (pull.mergeable == null) {
            node.putNull("mergeable");
        } else {
            node.put("mergeable", pull.mergeable);
        }
        node.putObject("head").put("sha", branch(pull.branch).orElse("0".repeat(40))).put("ref", pull.branch);
        node.putObject("base").put("ref", pull.base);
        node.putObject("user").put("login", pull.author);
        return node;
    }

    private CheckRun checkRun(long id, JsonNode request, CheckRun existing) {
        JsonNode output = request.path("output");
        return new CheckRun(id, request.path("name").asString(existing == null ? "" : existing.name()),
                request.path("head_sha").asString(existing == null ? "" : existing.headSha()),
                request.path("status").asString(existing == null ? "queued" : existing.status()),
                request.path("conclusion").asString(existing == null ? null : existing.conclusion()),
                output.path("title").asString(existing == null ? "" : existing.title()),
                output.path("summary").asString(existing == null ? "" : existing.summary()),
                output.path("text").asString(existing == null ? "" : existing.text()), true,
                request.path("status").asString("").equals("completed") ? clock.instant() : null);
    }

    private ObjectNode checkRunJson(CheckRun run) {
        ObjectNode node = JSON.createObjectNode().put("id", run.id()).put("name", run.name())
                .put("head_sha", run.headSha()).put("status", run.status())
                .put("html_url", "https://github.com/%s/runs/%d".formatted(repository, run.id()));
        if (run.conclusion() == null) {
            node.putNull("conclusion");
        } else {
            node.put("conclusion", run.conclusion());
        }
        if (run.completedAt() == null) {
            node.putNull("completed_at");
        } else {
            node.put("completed_at", run.completedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        node.putObject("output").put("title", run.title()).put("summary", run.summary());
        return node;
    }

    private static boolean firstPage(Map<String, String> query) {
        return query.getOrDefault("page", "1").equals("1");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
        background.shutdownNow();
        git.close();
    }
}
