package dev.mainline.server.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.HistoryEvent;
import dev.mainline.mergequeue.HistoryLine;
import dev.mainline.mergequeue.MergeQueueService;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueCiRun;
import dev.mainline.mergequeue.QueueStatus;
import dev.mainline.pullrequest.PullRequestService;
import dev.mainline.server.http.Requests;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A repository's merge queue: its status, queuing and taking out, lock and unlock, emergency merges. */
@RestController
@RequestMapping(path = "/api/v1/repositories/{owner}/{name}/queue", produces = "application/json")
public class QueueController {
    private final MergeQueueService queues;
    private final PullRequestService pullRequests;

    public QueueController(MergeQueueService queues, PullRequestService pullRequests) {
        this.queues = requireNonNull(queues, "queues is null");
        this.pullRequests = requireNonNull(pullRequests, "pullRequests is null");
    }

    record EntryView(int position, int pullRequest, String head, String author, String priority, int failures,
            Instant expectedMergeAt) {
    }

    /** One reason the queue is not merging: {@code locked}, {@code drift-limit}, {@code ci} or {@code ci-budget}. */
    record WaitingOnView(String reason, String detail) {
    }

    record StatusView(String repository, String main, boolean locked, String lockReason, int buildsInFlight,
            int undeployedMerges, int maxUndeployedMerges, List<WaitingOnView> waitingOn, String settingsProblem,
            List<EntryView> entries) {
        static StatusView of(QueueStatus status) {
            return new StatusView(status.repository(), status.main(), status.lockReason().isPresent(),
                    status.lockReason().orElse(null), status.buildsInFlight(), status.undeployedMerges(),
                    status.maxUndeployedMerges(), status.waitingOn().stream()
                            .map(waiting -> new WaitingOnView(waiting.reason().key(), waiting.detail())).toList(),
                    status.settingsProblem().orElse(null),
                    status.entries().stream()
                            .map(entry -> new EntryView(entry.position(), entry.pullRequest(), entry.head(),
                                    entry.author(), entry.priority().name().toLowerCase(Locale.ROOT),
                                    entry.failures(), entry.expectedMergeAt().orElse(null)))
                            .toList());
        }
    }

    /**
     * A line of a pull request's queue history; a line about a build names it, and a build's result carries the CI
     * run it came from with links to its log and its test reports.
     */
    record HistoryView(Instant at, String kind, String detail, Long build, CiRunView ci) {
        static HistoryView of(HistoryLine line) {
            HistoryEvent event = line.event();
            return new HistoryView(event.at(), event.kind().name().toLowerCase(Locale.ROOT), event.detail(),
                    event.build().map(BuildId::value).orElse(null), line.ci().map(CiRunView::of).orElse(null));
        }
    }

    /**
     * A queue build's CI run: what it tested, how it ended, and where its log and test reports are ({@code buildLogs}:
     * every kept log of the build's branch, GitHub Actions' included).
     */
    record CiRunView(long build, String branch, String commit, int attempt, List<Integer> pullRequests,
            String outcome, Instant startedAt, Instant finishedAt, String log, String buildLogs, String testRun) {
        static CiRunView of(QueueCiRun run) {
            String repository = run.repository().value();
            return new CiRunView(run.build().value(), run.branch(), run.commit(), run.attempt(), run.pullRequests(),
                    run.outcome().map(outcome -> outcome.name().toLowerCase(Locale.ROOT)).orElse(null),
                    run.startedAt(), run.finishedAt().orElse(null),
                    run.log().map(id -> "/api/v1/logs/" + id).orElse(null),
                    "/api/v1/logs?repository=%s&branch=%s".formatted(repository, run.branch()),
                    run.reports() == 0
                            ? null
                            : "/api/v1/repositories/%s/test-runs?commit=%s&job=%s&attempt=%d".formatted(repository,
                                    run.commit(), QueueCiRun.JOB, run.labelledAttempt()));
        }
    }

    record EnqueueRequest(Integer pullRequest, String branch, String priority) {
    }

    record LockRequest(String reason) {
    }

    record EmergencyRequest(Integer pullRequest, String branch, String reason) {
    }

    @GetMapping
    public StatusView status(Actor actor, @PathVariable String owner, @PathVariable String name) {
        return StatusView.of(queues.status(actor, repository(owner, name)));
    }

    @GetMapping("/pull-requests/{pullRequest}/history")
    public List<HistoryView> history(Actor actor, @PathVariable String owner, @PathVariable String name,
            @PathVariable int pullRequest) {
        return queues.history(actor, repository(owner, name), pullRequest).stream().map(HistoryView::of).toList();
    }

    @PostMapping(path = "/entries", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    public StatusView enqueue(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestBody EnqueueRequest request) {
        Requests.required(request, "body");
        RepositoryName repository = repository(owner, name);
        int pullRequest = Requests.required(request.pullRequest(), "pullRequest");
        String branch = branchOf(actor, repository, pullRequest, request.branch());
        // The pull request's author is told what becomes of it, whoever queues it.
        String author = pullRequests.author(repository, pullRequest).orElse(actor.login());
        return StatusView.of(queues.enqueue(actor, repository, pullRequest, branch, priority(request.priority()),
                author));
    }

    @DeleteMapping("/entries/{pullRequest}")
    public StatusView dequeue(Actor actor, @PathVariable String owner, @PathVariable String name,
            @PathVariable int pullRequest, @RequestParam(defaultValue = "no reason given") String reason) {
        return StatusView.of(queues.dequeue(actor, repository(owner, name), pullRequest, text(reason, "reason")));
    }

    @PutMapping(path = "/lock", consumes = "application/json")
    public StatusView lock(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestBody LockRequest request) {
        Requests.required(request, "body");
        return StatusView.of(queues.lock(actor, repository(owner, name),
                text(Requests.required(request.reason(), "reason"), "reason")));
    }

    @DeleteMapping("/lock")
    public StatusView unlock(Actor actor, @PathVariable String owner, @PathVariable String name) {
        return StatusView.of(queues.unlock(actor, repository(owner, name)));
    }

    @PostMapping(path = "/emergency-merges", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    public StatusView emergencyMerge(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestBody EmergencyRequest request) {
        Requests.required(request, "body");
        RepositoryName repository = repository(owner, name);
        int pullRequest = Requests.required(request.pullRequest(), "pullRequest");
        return StatusView.of(queues.emergencyMerge(actor, repository, pullRequest,
                branchOf(actor, repository, pullRequest, request.branch()),
                text(Requests.required(request.reason(), "reason"), "reason")));
    }

    private static RepositoryName repository(String owner, String name) {
        return new RepositoryName(owner + "/" + name);
    }

    private static Priority priority(String priority) {
        if (priority == null || priority.equals("normal")) {
            return Priority.NORMAL;
        }
        if (priority.equals("urgent")) {
            return Priority.URGENT;
        }
        throw MainlineException.invalid("priority must be 'normal' or 'urgent', got '%s'", Checks.echo(priority));
    }

    /** The branch given, or without one the branch of the pull request opened with Mainline. */
    private String branchOf(Actor actor, RepositoryName repository, int pullRequest, String branch) {
        if (branch == null) {
            return pullRequests.branchToQueue(actor, repository, pullRequest);
        }
        String given = branch(branch);
        pullRequests.checkBranch(repository, pullRequest, given);
        return given;
    }

    static String branch(String branch) {
        String value = Requests.required(branch, "branch");
        if (value.isBlank() || value.length() > 255 || value.contains("..") || value.startsWith("-")
                || value.chars().anyMatch(character -> character <= ' ' || character == '~' || character == '^'
                        || character == ':' || character == '\\')) {
            throw MainlineException.invalid("branch '%s' is not a branch name", Checks.echo(value));
        }
        return value;
    }

    private static String text(String value, String field) {
        if (value.isBlank() || value.length() > 500) {
            throw MainlineException.invalid("%s must be 1 to 500 characters", field);
        }
        return value;
    }
}
