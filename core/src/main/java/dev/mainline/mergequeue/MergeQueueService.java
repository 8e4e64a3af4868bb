package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What people do to a repository's merge queue: look at it, queue and take out pull requests, lock and unlock merging,
 * land an emergency merge. Every action is checked against the role model on the repository and audited; an accepted
 * change is in the queue's journal before this returns.
 */
public final class MergeQueueService {
    private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(10);

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
        return await(queues.queue(repository).query(engine -> QueueStatus.of(repository.value(), engine)));
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
        checkPullRequest(pullRequest);
        requireNonNull(priority, "priority is null");
        authorizer.require(actor, enqueueAction(priority), scope(repository), target(repository, pullRequest));
        String head = queues.head(repository, branch);
        return enqueueCommit(actor, repository, pullRequest, head, priority, "branch " + branch);
    }

    /**
     * Queues pull request {@code pullRequest} at commit {@code head}, as a forge reported it; {@code from} says where
     * the request came from, for the audit log.
     */
    public QueueStatus enqueueCommit(Actor actor, RepositoryName repository, int pullRequest, String head,
            Priority priority, String from) {
        requireNonNull(priority, "priority is null");
        checkPullRequest(pullRequest);
        Action action = enqueueAction(priority);
        authorizer.require(actor, action, scope(repository), target(repository, pullRequest));
        QueueRunner queue = queues.queue(repository);
        QueueConfiguration configuration = await(queue.query(MergeQueueEngine::configuration));
        await(queue.submit(new QueueEvent.Enqueued(clock.instant(), pullRequest, head, actor.login(), priority,
                configuration.defaultSuccessEstimate())));
        authorizer.succeeded(actor, action, target(repository, pullRequest),
                "queued #%d at %s (%s, %s)".formatted(pullRequest, head, from, priority.name().toLowerCase()));
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
