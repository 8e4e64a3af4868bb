package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * What people do to a repository's merge queue: look at it, queue and take out pull requests, lock and unlock merging,
 * land an emergency merge, report a deploy. Every action is checked against the role model on the repository and
 * audited; an accepted change is in the queue's journal before this returns.
 */
public final class MergeQueueService {
    /** The environment whose deploys the drift limit counts. */
    public static final String PRODUCTION = "production";
    private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final MergeQueues queues;
    private final QueueCiRunStore ciRuns;
    private final Authorizer authorizer;
    private final Clock clock;

    public MergeQueueService(MergeQueues queues, QueueCiRunStore ciRuns, Authorizer authorizer, Clock clock) {
        this.queues = requireNonNull(queues, "queues is null");
        this.ciRuns = requireNonNull(ciRuns, "ciRuns is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public QueueStatus status(Actor actor, RepositoryName repository) {
        authorizer.require(actor, Action.QUEUE_READ, scope(repository), target(repository));
        QueueRunner queue = queues.queue(repository);
        java.util.Optional<String> settingsProblem = queues.settingsProblem(repository);
        return await(queue.query(engine -> QueueStatus.of(repository.value(), engine, clock.instant(),
                settingsProblem)));
    }

    /**
     * Everything that happened to a pull request in the queue, oldest first: tests, results, moves, its ejection. A
     * build's result comes with the CI run it came from, when one was kept: its log and test reports.
     */
    public List<HistoryLine> history(Actor actor, RepositoryName repository, int pullRequest) {
        checkPullRequest(pullRequest);
        authorizer.require(actor, Action.QUEUE_READ, scope(repository), target(repository, pullRequest));
        List<HistoryEvent> history = await(queues.queue(repository).query(engine -> engine.history(pullRequest)));
        if (history.isEmpty()) {
            throw MainlineException.notFound("#%d has never been in the merge queue of %s", pullRequest, repository);
        }
        return withCiRuns(repository, history);
    }

    /**
     * Each build's result with the run it came from: the latest run of that build to have ended by the time the
     * queue heard the result (a build tried again has one run per result; a run cut short by a restart ended never).
     */
    private List<HistoryLine> withCiRuns(RepositoryName repository, List<HistoryEvent> history) {
        Set<BuildId> builds = new LinkedHashSet<>();
        history.stream().filter(MergeQueueService::isResult).forEach(event -> builds.add(event.build().get()));
        List<QueueCiRun> runs = builds.isEmpty() ? List.of() : ciRuns.ofBuilds(repository, builds);
        List<HistoryLine> lines = new ArrayList<>(history.size());
        for (HistoryEvent event : history) {
            Optional<QueueCiRun> run = Optional.empty();
            if (isResult(event)) {
                run = runs.stream()
                        .filter(candidate -> candidate.build().equals(event.build().get())
                                && candidate.finishedAt().filter(end -> !end.isAfter(event.at())).isPresent())
                        .max(Comparator.comparing((QueueCiRun candidate) -> candidate.finishedAt().get())
                                .thenComparingLong(QueueCiRun::id));
            }
            lines.add(new HistoryLine(event, run));
        }
        return lines;
    }

    private static boolean isResult(HistoryEvent event) {
        return event.build().isPresent() && (event.kind() == HistoryEvent.Kind.TEST_PASSED
                || event.kind() == HistoryEvent.Kind.TEST_FAILED);
    }

    /** Queues pull request {@code pullRequest}, whose head is the tip of {@code branch}, with {@code actor} as author. */
    public QueueStatus enqueue(Actor actor, RepositoryName repository, int pullRequest, String branch,
            Priority priority) {
        return enqueue(actor, repository, pullRequest, branch, priority, actor.login());
    }

    /**
     * Queues pull request {@code pullRequest}, whose head is the tip of {@code branch}; {@code author} is who wrote it
     * (whoever queues it), the one told when it is taken out.
     */
    public QueueStatus enqueue(Actor actor, RepositoryName repository, int pullRequest, String branch,
            Priority priority, String author) {
        checkPullRequest(pullRequest);
        requireNonNull(priority, "priority is null");
        authorizer.require(actor, enqueueAction(priority), scope(repository), target(repository, pullRequest));
        String head = queues.head(repository, branch);
        return enqueueCommit(actor, repository, pullRequest, head, priority, "branch " + branch, author);
    }

    /**
     * Queues pull request {@code pullRequest} at commit {@code head}, as a forge reported it, written by
     * {@code author}; {@code from} says where the request came from, for the audit log. A pull request whose
     * {@code .mainline.yml} the queue could not run with is refused, naming the line; one the queue already merged is
     * refused too.
     */
    public QueueStatus enqueueCommit(Actor actor, RepositoryName repository, int pullRequest, String head,
            Priority priority, String from, String author) {
        requireNonNull(priority, "priority is null");
        requireNonNull(author, "author is null");
        checkPullRequest(pullRequest);
        Action action = enqueueAction(priority);
        authorizer.require(actor, action, scope(repository), target(repository, pullRequest));
        QueueRunner queue = queues.queue(repository);
        queues.settingsProblemAt(repository, head).ifPresent(problem -> {
            throw MainlineException.invalid("#%d cannot join the merge queue of %s: its settings cannot be used: %s",
                    pullRequest, repository, problem);
        });
        QueueConfiguration configuration = await(queue.query(MergeQueueEngine::configuration));
        await(queue.submit(new QueueEvent.Enqueued(clock.instant(), pullRequest, head, author, priority,
                configuration.defaultSuccessEstimate())));
        List<HistoryEvent> history = await(queue.query(engine -> engine.entries().stream()
                .anyMatch(entry -> entry.pullRequest() == pullRequest)
                        ? List.<HistoryEvent>of()
                        : engine.history(pullRequest)));
        if (!history.isEmpty() && history.getLast().kind() == HistoryEvent.Kind.MERGED) {
            throw MainlineException.alreadyExists("#%d is already merged into %s (%s); it was not queued again",
                    pullRequest, repository, history.getLast().detail());
        }
        authorizer.succeeded(actor, action, target(repository, pullRequest),
                "queued #%d at %s (%s, %s, by %s)".formatted(pullRequest, head, from,
                        priority.name().toLowerCase(), author));
        return status(actor, repository);
    }

    private static Action enqueueAction(Priority priority) {
        return priority == Priority.URGENT ? Action.QUEUE_ENQUEUE_URGENT : Action.QUEUE_ENQUEUE;
    }

    public QueueStatus dequeue(Actor actor, RepositoryName repository, int pullRequest, String reason) {
        checkPullRequest(pullRequest);
        authorizer.require(actor, Action.QUEUE_DEQUEUE, scope(repository), target(repository, pullRequest));
        QueueRunner queue = queues.queue(repository);
        boolean queued = await(queue.query(engine -> engine.entries().stream()
                .anyMatch(entry -> entry.pullRequest() == pullRequest)));
        if (!queued) {
            throw MainlineException.notFound("#%d is not in the merge queue of %s", pullRequest, repository);
        }
        await(queue.submit(new QueueEvent.Dequeued(clock.instant(), pullRequest,
                "taken out by %s: %s".formatted(actor.login(), reason))));
        authorizer.succeeded(actor, Action.QUEUE_DEQUEUE, target(repository, pullRequest),
                "took #%d out of the queue: %s".formatted(pullRequest, reason));
        return status(actor, repository);
    }

    /**
     * Takes a pull request out because its forge says it cannot stay (closed, merged elsewhere, new commits pushed):
     * the forge's word, not a person's action, so there is no role check; {@code reason} goes into its history.
     * Returns whether it was queued.
     */
    public boolean takeOut(RepositoryName repository, int pullRequest, String reason) {
        checkPullRequest(pullRequest);
        requireNonNull(reason, "reason is null");
        QueueRunner queue = queues.queue(repository);
        if (queuedHead(queue, pullRequest).isEmpty()) {
            return false;
        }
        await(queue.submit(new QueueEvent.Dequeued(clock.instant(), pullRequest, reason)));
        return true;
    }

    /** The head a pull request is queued at, if it is queued; for the forges' reconcile loops. */
    public java.util.Optional<String> queuedHead(RepositoryName repository, int pullRequest) {
        return queuedHead(queues.queue(repository), pullRequest);
    }

    /** Every queued entry, in queue order; for the forges' reconcile loops. */
    public List<QueueEntry> entries(RepositoryName repository) {
        return await(queues.queue(repository).query(MergeQueueEngine::entries));
    }

    private static java.util.Optional<String> queuedHead(QueueRunner queue, int pullRequest) {
        return await(queue.query(engine -> engine.entries().stream()
                .filter(entry -> entry.pullRequest() == pullRequest).map(QueueEntry::head).findFirst()));
    }

    /** Stops merging (testing goes on) until unlocked. */
    public QueueStatus lock(Actor actor, RepositoryName repository, String reason) {
        authorizer.require(actor, Action.QUEUE_LOCK, scope(repository), target(repository));
        await(queues.queue(repository).submit(new QueueEvent.Locked(clock.instant(), actor.login(), reason)));
        authorizer.succeeded(actor, Action.QUEUE_LOCK, target(repository), "locked merging: " + reason);
        return status(actor, repository);
    }

    /** Lets merging go on: everything already green merges at once. */
    public QueueStatus unlock(Actor actor, RepositoryName repository) {
        authorizer.require(actor, Action.QUEUE_UNLOCK, scope(repository), target(repository));
        await(queues.queue(repository).submit(new QueueEvent.Unlocked(clock.instant(), actor.login())));
        authorizer.succeeded(actor, Action.QUEUE_UNLOCK, target(repository), "unlocked merging");
        return status(actor, repository);
    }

    /** Lands a pull request, at the tip of {@code branch}, on main now, without waiting for CI. */
    public QueueStatus emergencyMerge(Actor actor, RepositoryName repository, int pullRequest, String branch,
            String reason) {
        checkPullRequest(pullRequest);
        authorizer.require(actor, Action.QUEUE_EMERGENCY_MERGE, scope(repository), target(repository, pullRequest));
        return emergencyMergeCommit(actor, repository, pullRequest, queues.head(repository, branch), reason);
    }

    /** Lands a pull request at commit {@code head} on main now, without waiting for CI. */
    public QueueStatus emergencyMergeCommit(Actor actor, RepositoryName repository, int pullRequest, String head,
            String reason) {
        checkPullRequest(pullRequest);
        authorizer.require(actor, Action.QUEUE_EMERGENCY_MERGE, scope(repository), target(repository, pullRequest));
        QueueRunner queue = queues.queue(repository);
        await(queue.submit(new QueueEvent.EmergencyMerge(clock.instant(), pullRequest, head, actor.login(),
                actor.login())));
        authorizer.succeeded(actor, Action.QUEUE_EMERGENCY_MERGE, target(repository, pullRequest),
                "emergency merge of #%d at %s: %s".formatted(pullRequest, head, reason));
        return status(actor, repository);
    }

    /**
     * {@code commit} of main now runs in {@code environment}, as a deploy pipeline or GitHub reported it. A deploy to
     * production (the name in any case) takes the merges the commit holds off the drift limit's count, so the queue
     * merges again; a deploy elsewhere is recorded and changes nothing. A commit that is not on main is refused, and
     * nothing changes.
     */
    public DeployReport deployed(Actor actor, RepositoryName repository, String environment, String commit) {
        String deployedTo = Checks.text("environment", environment, 255);
        String sha = checkCommit(commit);
        authorizer.require(actor, Action.QUEUE_REPORT_DEPLOY, scope(repository), target(repository));
        QueueRunner queue = queues.queue(repository);
        if (!deployedTo.equalsIgnoreCase(PRODUCTION)) {
            return reported(actor, repository, deployedTo, sha, 0,
                    "%s is not %s: the drift limit counts deploys to %s only, so nothing changed"
                            .formatted(deployedTo, PRODUCTION, PRODUCTION));
        }
        Drift drift = await(queue.query(engine -> new Drift(engine.main(), engine.undeployedMerges())));
        List<String> undeployed = drift.undeployed();
        int reached = mergesReached(queue, repository, sha, undeployed, drift.main());
        if (reached > 0) {
            await(queue.submit(new QueueEvent.Deployed(clock.instant(), undeployed.get(reached - 1))));
        }
        String detail;
        if (reached > 0) {
            detail = "%d merge%s deployed".formatted(reached, reached == 1 ? "" : "s");
        } else if (undeployed.isEmpty()) {
            detail = "no merge was waiting for a deploy; nothing changed";
        } else {
            detail = "%s is older than the %d merge%s not deployed; nothing changed".formatted(sha,
                    undeployed.size(), undeployed.size() == 1 ? "" : "s");
        }
        return reported(actor, repository, deployedTo, sha, reached, detail);
    }

    /** Main and the merges since the last deploy, oldest first, read together. */
    private record Drift(String main, List<String> undeployed) {
    }

    private DeployReport reported(Actor actor, RepositoryName repository, String environment, String commit,
            int mergesDeployed, String detail) {
        QueueStatus status = status(actor, repository);
        String full = status.maxUndeployedMerges() == 0
                ? detail
                : "%s; %d not deployed, limit %d".formatted(detail, status.undeployedMerges(),
                        status.maxUndeployedMerges());
        authorizer.succeeded(actor, Action.QUEUE_REPORT_DEPLOY, target(repository),
                "%s deployed to %s: %s".formatted(commit, environment, full));
        return new DeployReport(environment, commit, mergesDeployed, full, status);
    }

    /**
     * How many of {@code undeployed} (the merges since the last deploy, oldest first) the deployed commit holds. The
     * engine knows only the commits main was at; any other commit (one pushed outside the queue, the merge commit of
     * an entry that landed in a longer fast-forward) must be on main, and is placed among the merges by asking the
     * repository, by bisection: main only fast-forwards, so each merge holds the ones before it.
     */
    private static int mergesReached(QueueRunner queue, RepositoryName repository, String commit,
            List<String> undeployed, String main) {
        if (commit.equals(main)) {
            return undeployed.size();
        }
        int known = undeployed.indexOf(commit);
        if (known >= 0) {
            return known + 1;
        }
        if (!queue.onMain(commit)) {
            throw MainlineException.notFound(
                    "commit %s is not on the main branch of %s: only a commit main has reached can be deployed from it",
                    commit, repository);
        }
        int held = 0;
        int notHeld = undeployed.size();
        while (held < notHeld) {
            int middle = (held + notHeld) >>> 1;
            if (queue.reaches(commit, undeployed.get(middle))) {
                held = middle + 1;
            } else {
                notHeld = middle;
            }
        }
        return held;
    }

    private static String checkCommit(String commit) {
        if (commit == null) {
            throw MainlineException.invalid("commit is required");
        }
        String lower = commit.toLowerCase(Locale.ROOT);
        if (!COMMIT.matcher(lower).matches()) {
            throw MainlineException.invalid(
                    "commit '%s' is not a commit SHA: 40 hexadecimal characters (64 in a SHA-256 repository)",
                    Checks.echo(commit));
        }
        return lower;
    }

    private static void checkPullRequest(int pullRequest) {
        if (pullRequest < 1) {
            throw MainlineException.invalid("pullRequest must be a positive number, got %d", pullRequest);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(ACCEPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the merge queue", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the merge queue failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the merge queue did not answer within " + ACCEPT_TIMEOUT, e);
        }
    }

    private static Scope scope(RepositoryName repository) {
        return Scope.repository(repository.value());
    }

    private static String target(RepositoryName repository) {
        return "repository:" + repository;
    }

    private static String target(RepositoryName repository, int pullRequest) {
        return "repository:%s#%d".formatted(repository, pullRequest);
    }
}
