package dev.mainline.pullrequest;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Scope;
import dev.mainline.mergequeue.MergeQueues;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.mergequeue.MergeQueueService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pull requests of local repositories: a branch opened for merging, numbered per repository, queued by its number,
 * marked merged when the queue lands it. Every action is checked against the role model on the repository and
 * audited. (A GitHub repository's pull requests are opened on GitHub.)
 */
public final class PullRequestService {
    private static final int MAX_TITLE = 300;

    private final PullRequestStore pullRequests;
    private final SourceRepositoryStore repositories;
    private final MergeQueues queues;
    private final MergeQueueService queueService;
    private final Authorizer authorizer;
    private final Clock clock;

    public PullRequestService(PullRequestStore pullRequests, SourceRepositoryStore repositories, MergeQueues queues,
            MergeQueueService queueService, Authorizer authorizer, Clock clock) {
        this.queueService = requireNonNull(queueService, "queueService is null");
        this.pullRequests = requireNonNull(pullRequests, "pullRequests is null");
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.queues = requireNonNull(queues, "queues is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Opens a pull request from {@code branch}, which must exist and not be main; the title defaults to the branch. */
    public PullRequest open(Actor actor, RepositoryName repository, String branch, Optional<String> title) {
        requireNonNull(branch, "branch is null");
        authorizer.require(actor, Action.PULL_REQUEST_OPEN, scope(repository), target(repository));
        SourceRepository source = local(repository);
        if (branch.equals(source.defaultBranch())) {
            throw MainlineException.invalid("'%s' is the main branch of %s; open a pull request from another branch",
                    branch, repository);
        }
        String text = title.map(String::strip).filter(value -> !value.isEmpty()).orElse(branch);
        if (text.length() > MAX_TITLE || text.chars().anyMatch(Character::isISOControl)) {
            throw MainlineException.invalid("a title has at most %d characters and no control characters",
                    MAX_TITLE);
        }
        queues.head(repository, branch);
        Optional<PullRequest> already = pullRequests.findOpen(repository, branch);
        if (already.isPresent()) {
            throw MainlineException.alreadyExists("#%d is already open from branch '%s' of %s",
                    already.get().number(), branch, repository);
        }
        PullRequest opened = pullRequests.open(repository, branch, text, actor.login(), clock.instant());
        authorizer.succeeded(actor, Action.PULL_REQUEST_OPEN, target(repository, opened.number()),
                "opened #%d from %s: %s".formatted(opened.number(), branch, text));
        return opened;
    }

    public PullRequest get(Actor actor, RepositoryName repository, int number) {
        authorizer.require(actor, Action.PULL_REQUEST_READ, scope(repository), target(repository, number));
        return find(repository, number);
    }

    public Page<PullRequest> list(Actor actor, RepositoryName repository, Optional<PullRequestState> state,
            PageRequest page) {
        authorizer.require(actor, Action.PULL_REQUEST_READ, scope(repository), target(repository));
        return pullRequests.list(repository, state, page);
    }

    /** The branch of open pull request {@code number}, for queuing it by number. */
    public String branchToQueue(Actor actor, RepositoryName repository, int number) {
        PullRequest pull = get(actor, repository, number);
        if (pull.state() != PullRequestState.OPEN) {
            throw MainlineException.invalid("#%d of %s is %s, not open", number, repository, pull.state().key());
        }
        return pull.branch();
    }

    /**
     * Refuses to queue {@code branch} as pull request {@code number} when Mainline knows #{@code number} and it is
     * not open, or is opened from another branch; a number Mainline does not know is not checked.
     */
    public void checkBranch(RepositoryName repository, int number, String branch) {
        Optional<PullRequest> known = pullRequests.find(repository, number);
        if (known.isEmpty()) {
            return;
        }
        if (known.get().state() != PullRequestState.OPEN) {
            throw MainlineException.invalid("#%d of %s is %s, not open", number, repository,
                    known.get().state().key());
        }
        if (!known.get().branch().equals(branch)) {
            throw MainlineException.invalid("#%d of %s is opened from branch '%s', not '%s'", number, repository,
                    known.get().branch(), branch);
        }
    }

    /** Closes an open pull request without merging it, taking it out of the queue if it is there. */
    public PullRequest close(Actor actor, RepositoryName repository, int number) {
        authorizer.require(actor, Action.PULL_REQUEST_CLOSE, scope(repository), target(repository, number));
        PullRequest pull = find(repository, number);
        if (pull.state() != PullRequestState.OPEN) {
            throw MainlineException.invalid("#%d of %s is %s already", number, repository, pull.state().key());
        }
        takeOutOfTheQueue(repository, number, "closed by " + actor.login());
        pullRequests.close(repository, List.of(number), PullRequestState.CLOSED, clock.instant());
        authorizer.succeeded(actor, Action.PULL_REQUEST_CLOSE, target(repository, number),
                "closed #%d".formatted(number));
        return find(repository, number);
    }

    /** Who opened pull request {@code number}, when Mainline knows it. */
    public Optional<String> author(RepositoryName repository, int number) {
        return pullRequests.find(repository, number).map(PullRequest::author);
    }

    /** The queue landed these pull requests on main. */
    public void merged(RepositoryName repository, List<Integer> numbers) {
        pullRequests.close(repository, numbers, PullRequestState.MERGED, clock.instant());
    }

    private void takeOutOfTheQueue(RepositoryName repository, int number, String reason) {
        try {
            queueService.takeOut(repository, number, reason);
        } catch (MainlineException e) {
            if (e.errorCode() != dev.mainline.common.ErrorCode.QUEUE_NOT_RUNNING) {
                throw e;
            }
            // No queue runs, so it is in none.
        }
    }

    private PullRequest find(RepositoryName repository, int number) {
        return pullRequests.find(repository, number).orElseThrow(() -> MainlineException.notFound(
                "#%d is not a pull request of %s", number, repository));
    }

    private SourceRepository local(RepositoryName repository) {
        SourceRepository source = repositories.findByName(repository)
                .orElseThrow(() -> MainlineException.notFound("repository '%s' does not exist", repository));
        if (source.forge() != Forge.LOCAL) {
            throw MainlineException.invalid("%s is on GitHub: its pull requests are opened there", repository);
        }
        return source;
    }

    private static Scope scope(RepositoryName repository) {
        return Scope.repository(repository.value());
    }

    private static String target(RepositoryName repository) {
        return "repository:" + repository;
    }

    private static String target(RepositoryName repository, int number) {
        return "repository:%s#%d".formatted(repository, number);
    }
}
