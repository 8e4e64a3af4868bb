package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.github.GitHubApi.GitHubApiException;
import dev.mainline.github.GitHubApi.RateLimitedException;
import dev.mainline.github.GitHubMergeQueues.Running;
import dev.mainline.identity.Actor;
import dev.mainline.identity.LinkedAccounts;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import dev.mainline.inbox.InboxMessage;
import dev.mainline.inbox.InboxStore;
import dev.mainline.inbox.InboxWorker;
import dev.mainline.mergequeue.DeployReport;
import dev.mainline.mergequeue.MergeQueueService;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueEntry;
import dev.mainline.settings.MainlineYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * GitHub mode's front door. A delivery is checked (signature, headers, payload), stored in the inbox, and answered at
 * once; one worker then handles stored deliveries in the order they arrived, so a crash after the answer loses
 * nothing: whatever was not handled is handled when the server starts again. A redelivered delivery id is recognised
 * and ignored, and so is a comment already acted on (the reconcile loop finds comments whose delivery was lost).
 */
public final class GitHubWebhooks implements AutoCloseable {
    public static final String SOURCE = "github";
    static final String COMMENTS = "github-comment";
    private static final Logger LOG = Logger.getLogger(GitHubWebhooks.class.getName());
    /** Handled deliveries keep their id for ever (a replay is recognised), their body this long. */
    private static final Duration KEEP_PAYLOADS = Duration.ofDays(30);
    private static final Duration COMMENT_OVERLAP = Duration.ofMinutes(5);
    /** How far back the first round (no mark yet) reads comments. */
    private static final Duration FIRST_SCAN = Duration.ofHours(1);
    static final String COMMENTS_MARK = "github-comments-read-until";
    /** Who reports GitHub's deployments, in the audit log. */
    static final String DEPLOYMENTS = "github:deployments";

    private final WebhookSignature signature;
    private final InboxStore inbox;
    private final SourceRepositoryStore repositories;
    private final GitHubMergeQueues queues;
    private final MergeQueueService service;
    private final LinkedAccounts accounts;
    private final Clock clock;
    private final InboxWorker worker;
    private final WorkflowRuns workflowRuns;

    /** What became of a delivery. */
    public enum Receipt {
        /** Stored; it is handled shortly. */
        ACCEPTED,
        /** Its delivery id was seen before; nothing was done. */
        DUPLICATE
    }

    public GitHubWebhooks(WebhookSignature signature, InboxStore inbox, SourceRepositoryStore repositories,
            GitHubMergeQueues queues, MergeQueueService service, LinkedAccounts accounts, Clock clock) {
        this(signature, inbox, repositories, queues, service, accounts, WorkflowRuns.none(), clock);
    }

    /** {@code workflowRuns} hears of every completed GitHub Actions run of a registered repository. */
    public GitHubWebhooks(WebhookSignature signature, InboxStore inbox, SourceRepositoryStore repositories,
            GitHubMergeQueues queues, MergeQueueService service, LinkedAccounts accounts, WorkflowRuns workflowRuns,
            Clock clock) {
        this.workflowRuns = requireNonNull(workflowRuns, "workflowRuns is null");
        this.signature = requireNonNull(signature, "signature is null");
        this.inbox = requireNonNull(inbox, "inbox is null");
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.queues = requireNonNull(queues, "queues is null");
        this.service = requireNonNull(service, "service is null");
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.worker = new InboxWorker(SOURCE, inbox, clock, this::handleStored);
    }

    /**
     * Takes a delivery as GitHub sends it. A bad signature is refused with {@link SignatureRejectedException}; missing
     * headers and unreadable payloads with an invalid-argument error; in both cases nothing is stored.
     */
    public Receipt receive(String event, String deliveryId, String signatureHeader, byte[] body) {
        requireNonNull(body, "body is null");
        if (!signature.verify(body, signatureHeader)) {
            throw new SignatureRejectedException(signatureHeader == null || signatureHeader.isBlank()
                    ? "the delivery has no X-Hub-Signature-256 header"
                    : "X-Hub-Signature-256 does not match the delivery signed with the webhook secret");
        }
        if (event == null || event.isBlank() || event.length() > 64) {
            throw MainlineException.invalid("the delivery has no X-GitHub-Event header");
        }
        if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > InboxMessage.MAX_ID_LENGTH) {
            throw MainlineException.invalid("the delivery has no X-GitHub-Delivery header");
        }
        try {
            WebhookPayloads.read(event, body);
        } catch (WebhookPayloads.MalformedDeliveryException e) {
            throw MainlineException.invalid("%s", e.getMessage());
        }
        if (!inbox.accept(InboxMessage.received(SOURCE, deliveryId, event, body, clock.instant()))) {
            LOG.info(() -> "GitHub delivery %s (%s) was received before; ignored".formatted(deliveryId, event));
            return Receipt.DUPLICATE;
        }
        drainSoon();
        return Receipt.ACCEPTED;
    }

    /** Handles what was stored and not yet handled (after a restart), then keeps handling deliveries as they come. */
    public void start() {
        drainSoon();
    }

    private void drainSoon() {
        worker.drainSoon();
    }

    /** A stored delivery, handled; GitHub not answering, or asking for a long wait, leaves it for later. */
    private String handleStored(InboxMessage message) {
        try {
            return handle(message);
        } catch (RateLimitedException e) {
            throw new InboxWorker.NotNow("GitHub's rate limit: " + e.getMessage(), e);
        } catch (GitHubApiException e) {
            if (e.status() == 0 || e.status() >= 500) {
                throw new InboxWorker.NotNow("GitHub is not answering: " + e.getMessage(), e);
            }
            return "failed: " + e.getMessage();
        }
    }

    private String handle(InboxMessage message) {
        GitHubEvent event = WebhookPayloads.read(message.kind(), message.payload());
        if (event instanceof GitHubEvent.Ping || event instanceof GitHubEvent.Ignored) {
            return "nothing to do";
        }
        Optional<SourceRepository> source = registered(event.repository());
        if (source.isEmpty()) {
            return event.repository() + " is not a GitHub repository registered with Mainline";
        }
        RepositoryName name = source.get().name();
        return switch (event) {
            case GitHubEvent.Comment comment -> handleComment(source.get(), comment.pullRequest(), comment.commentId(),
                    comment.author(), comment.command());
            case GitHubEvent.CheckCompleted check -> checksChanged(name, check.commit());
            case GitHubEvent.StatusChanged status -> checksChanged(name, status.commit());
            case GitHubEvent.PullRequestChanged change -> pullRequestChanged(name, change);
            case GitHubEvent.Pushed push -> pushed(source.get(), push);
            case GitHubEvent.WorkflowRunCompleted run -> workflowRuns.completed(source.get(), run);
            case GitHubEvent.DeploymentSucceeded deployment -> deployed(source.get(), deployment);
            case GitHubEvent.Ping ping -> "nothing to do";
            case GitHubEvent.Ignored ignored -> "nothing to do";
        };
    }

    private Optional<SourceRepository> registered(String fullName) {
        RepositoryName name;
        try {
            name = new RepositoryName(fullName);
        } catch (MainlineException e) {
            return Optional.empty();
        }
        return repositories.findByName(name).filter(source -> source.forge() == Forge.GITHUB);
    }

    private String checksChanged(RepositoryName name, String commit) {
        queues.ifRunning(name).ifPresent(running -> running.ci().checksChanged(commit));
        return "checks of %s read again".formatted(commit);
    }

    /** New commits, a close or a return to draft take a pull request out: what was checked is no longer what is. */
    private String pullRequestChanged(RepositoryName name, GitHubEvent.PullRequestChanged change) {
        Optional<Running> running = queues.ifRunning(name);
        if (change.change() == GitHubEvent.PullRequestChanged.Change.MERGED) {
            // GitHub may send this before the push that put the head on main: the queue follows main first, so a
            // pull request whose head main reaches leaves as merged, not as taken out (its head is on main).
            running.ifPresent(queue -> queue.runner().followMain());
        }
        Optional<String> queuedHead = running.flatMap(queue -> queuedHead(queue, change.pullRequest()));
        if (queuedHead.isEmpty()) {
            return "#%d is not queued".formatted(change.pullRequest());
        }
        if (change.change() == GitHubEvent.PullRequestChanged.Change.NEW_COMMITS
                && queuedHead.get().equals(change.head())) {
            // Deliveries can come out of order: this head was queued again since.
            return "#%d is queued at %s already".formatted(change.pullRequest(), change.head());
        }
        String reason = switch (change.change()) {
            case NEW_COMMITS -> "new commits were pushed to it; comment `/shipit` again to queue them";
            case CLOSED -> "it was closed";
            case MERGED -> "it was merged outside the queue";
            case CONVERTED_TO_DRAFT -> "it was turned back into a draft";
            case REOPENED, READY_FOR_REVIEW -> null;
        };
        if (reason == null) {
            return "nothing to do";
        }
        dequeue(running.get(), change.pullRequest(), reason);
        return "#%d taken out: %s".formatted(change.pullRequest(), reason);
    }

    private void dequeue(Running running, int pullRequest, String reason) {
        service.takeOut(running.source().name(), pullRequest, reason);
        running.checkRuns().refresh();
        if (!reason.equals("it was closed") && !reason.equals("it was merged outside the queue")) {
            running.github().comment(pullRequest, "#%d left the merge queue: %s.".formatted(pullRequest, reason));
        }
    }

    private Optional<String> queuedHead(Running running, int pullRequest) {
        return service.queuedHead(running.source().name(), pullRequest);
    }

    /**
     * A successful deployment is reported as a deploy pipeline would report it, by Mainline on GitHub's word (the
     * delivery's signature): checked against the role model and audited as {@value #DEPLOYMENTS}. A production
     * deploy lets the queue merge past its drift limit; a commit that is not on main changes nothing.
     */
    private String deployed(SourceRepository source, GitHubEvent.DeploymentSucceeded deployment) {
        Actor github = Actor.system(DEPLOYMENTS, Permission.of(Role.ENGINEER, Scope.repository(source.name()
                .value())));
        DeployReport report;
        try {
            report = service.deployed(github, source.name(), deployment.environment(), deployment.commit());
        } catch (MainlineException e) {
            if (e.errorCode() == ErrorCode.NOT_FOUND || e.errorCode() == ErrorCode.INVALID_ARGUMENT
                    || e.errorCode() == ErrorCode.QUEUE_NOT_RUNNING) {
                return "deployment %d refused: %s".formatted(deployment.deployment(), e.getMessage());
            }
            throw e;
        }
        queues.ifRunning(source.name()).ifPresent(running -> running.checkRuns().refresh());
        return "deployment %d of %s to %s: %s".formatted(deployment.deployment(), report.commit(),
                report.environment(), report.detail());
    }

    private String pushed(SourceRepository source, GitHubEvent.Pushed push) {
        if (!push.branch().equals(source.defaultBranch())) {
            return "nothing to do";
        }
        if (push.files().contains(MainlineYaml.FILE)) {
            queues.restart(source.name());
            return "%s changed: the queue takes it if it is valid".formatted(MainlineYaml.FILE);
        }
        // Main moved (the queue's own fast-forward, or a push outside it): the queue follows it.
        queues.ifRunning(source.name()).ifPresent(running -> running.runner().followMain());
        return "main moved";
    }

    private String handleComment(SourceRepository source, int pullRequest, long commentId, String author,
            ShipitCommand command) {
        // A comment is recorded before it is acted on and marked done after: one recorded but not done was cut
        // short (GitHub stopped answering, or the server stopped) and is acted on again.
        Optional<InboxMessage> seen = inbox.find(COMMENTS, Long.toString(commentId));
        if (seen.isPresent() && seen.get().doneAt().isPresent()) {
            return "comment %d was acted on before".formatted(commentId);
        }
        if (seen.isEmpty() && !inbox.accept(InboxMessage.received(COMMENTS, Long.toString(commentId), "comment",
                new byte[0], clock.instant()))) {
            return "comment %d is being acted on".formatted(commentId);
        }
        String outcome = new CommentReply(source, pullRequest, commentId, author).act(command);
        inbox.done(COMMENTS, Long.toString(commentId), clock.instant(), outcome);
        return outcome;
    }

    /** Acting on one {@code /shipit} comment and answering its author on the pull request. */
    private final class CommentReply {
        private final SourceRepository source;
        private final int pullRequest;
        private final long commentId;
        private final String author;
        private final GitHubRepository github;

        CommentReply(SourceRepository source, int pullRequest, long commentId, String author) {
            this.source = source;
            this.pullRequest = pullRequest;
            this.commentId = commentId;
            this.author = author;
            this.github = queues.repository(source.name());
        }

        String act(ShipitCommand command) {
            if (command instanceof ShipitCommand.Invalid invalid) {
                return refuse(invalid.reason());
            }
            if (command instanceof ShipitCommand.NotACommand) {
                return "not a command";
            }
            Optional<Actor> actor = accounts.github(author);
            if (actor.isEmpty()) {
                return refuse(("your GitHub account is not linked to a Mainline user, so the merge queue cannot tell"
                        + " what you may do. A Mainline admin links it with `mainline admin user update --login"
                        + " <your Mainline login> --github %s`.").formatted(author));
            }
            Running running;
            try {
                running = queues.started(source.name());
            } catch (MainlineException e) {
                return refuse(e.getMessage());
            }
            try {
                return switch (command) {
                    case ShipitCommand.Enqueue enqueue -> enqueue(actor.get(), running, false);
                    case ShipitCommand.Emergency emergency -> enqueue(actor.get(), running, true);
                    case ShipitCommand.Cancel cancel -> cancel(actor.get(), running);
                    case ShipitCommand.Invalid invalid -> refuse(invalid.reason());
                    case ShipitCommand.NotACommand none -> "not a command";
                };
            } catch (MainlineException e) {
                if (e.errorCode() == ErrorCode.PERMISSION_DENIED || e.errorCode() == ErrorCode.NOT_FOUND
                        || e.errorCode() == ErrorCode.QUEUE_NOT_RUNNING
                        || e.errorCode() == ErrorCode.INVALID_ARGUMENT) {
                    return refuse(e.getMessage());
                }
                throw e;
            }
        }

        private String enqueue(Actor actor, Running running, boolean emergency) {
            PullRequestGate.Verdict verdict = running.gate().check(pullRequest, running.settings(),
                    source.defaultBranch(), emergency);
            if (!verdict.accepted()) {
                StringBuilder reasons = new StringBuilder("#%d cannot %s:".formatted(pullRequest,
                        emergency ? "be merged in an emergency" : "join the merge queue"));
                verdict.problems().forEach(problem -> reasons.append("\n- ").append(problem));
                return refuse(reasons.toString());
            }
            String head = verdict.pullRequest().orElseThrow().head();
            // The pull request's author is told what becomes of it, whoever queued it: their Mainline login when
            // linked, else their GitHub login.
            String writer = verdict.pullRequest().orElseThrow().author();
            String prAuthor = accounts.github(writer).map(Actor::login).orElse(writer);
            running.checkRuns().track(pullRequest, head);
            if (emergency) {
                service.emergencyMergeCommit(actor, source.name(), pullRequest, head,
                        "/shipit --emergency by @" + author + " on GitHub");
            } else {
                service.enqueueCommit(actor, source.name(), pullRequest, head, Priority.NORMAL,
                        "/shipit by @" + author + " on GitHub", prAuthor);
            }
            running.checkRuns().refresh();
            github.react(commentId, "rocket");
            return (emergency ? "emergency merge of #%d at %s" : "queued #%d at %s").formatted(pullRequest, head);
        }

        private String cancel(Actor actor, Running running) {
            service.dequeue(actor, source.name(), pullRequest, "/shipit cancel by @" + author + " on GitHub");
            running.checkRuns().refresh();
            github.react(commentId, "+1");
            return "took #%d out".formatted(pullRequest);
        }

        private String refuse(String reason) {
            github.comment(pullRequest, "@%s %s".formatted(author, reason));
            github.react(commentId, "confused");
            return "refused: " + reason;
        }
    }

    /**
     * What GitHub does not redeliver, found again: stored deliveries not yet handled, the queues of every registered
     * GitHub repository (started at boot, and again after new settings), builds whose checks finished without a
     * webhook, queued pull requests closed or pushed to, and {@code /shipit} comments whose delivery never came. Runs
     * at start-up and on a schedule; the work is done by the delivery worker, in order with the deliveries.
     */
    public void reconcile() {
        drainSoon();
        Instant round = clock.instant();
        for (SourceRepository source : githubRepositories()) {
            worker.execute(() -> reconcile(source, round));
        }
        inbox.clearHandledPayloadsBefore(clock.instant().minus(KEEP_PAYLOADS));
    }

    private void reconcile(SourceRepository source, Instant round) {
        try {
            Running running = queues.started(source.name());
            running.runner().followMain();
            running.ci().poll();
            for (QueueEntry entry : service.entries(source.name())) {
                Optional<GitHubRepository.PullRequest> pull = running.github().pullRequest(entry.pullRequest());
                if (pull.isEmpty() || !pull.get().open()) {
                    dequeue(running, entry.pullRequest(), "it was closed");
                } else if (!pull.get().head().equals(entry.head())) {
                    dequeue(running, entry.pullRequest(),
                            "new commits were pushed to it; comment `/shipit` again to queue them");
                }
            }
            running.checkRuns().refresh();
        } catch (MainlineException e) {
            // The queue cannot run (no main branch, invalid settings): every use says why; comments still count.
            LOG.fine(() -> "the queue of %s does not run: %s".formatted(source.name(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warning(() -> "cannot reconcile %s with GitHub: %s".formatted(source.name(), e.getMessage()));
        }
        try {
            missedComments(source, round);
        } catch (RuntimeException e) {
            LOG.warning(() -> "cannot read the comments of %s: %s".formatted(source.name(), e.getMessage()));
        }
    }

    /**
     * Acts on {@code /shipit} comments made since the last complete round whose delivery never came or was cut
     * short. An edited comment is never a command (anyone who may edit it could otherwise act as its author), just as
     * an edit delivery is not.
     */
    private void missedComments(SourceRepository source, Instant round) {
        Path mark = queues.directory(source.name()).resolve(COMMENTS_MARK);
        Instant since = readMark(mark).orElse(round.minus(FIRST_SCAN)).minus(COMMENT_OVERLAP);
        GitHubRepository.Comments found = queues.repository(source.name()).commentsSince(since);
        for (GitHubRepository.Comment comment : found.comments()) {
            if (!comment.onPullRequest() || comment.created().isBefore(since)
                    || !comment.updated().equals(comment.created())) {
                continue;
            }
            ShipitCommand command = ShipitCommand.parse(comment.body());
            if (command instanceof ShipitCommand.NotACommand) {
                continue;
            }
            Optional<InboxMessage> seen = inbox.find(COMMENTS, Long.toString(comment.id()));
            if (seen.isEmpty() || seen.get().doneAt().isEmpty()) {
                LOG.info(() -> "acting on /shipit comment %d on %s#%d, whose delivery never came".formatted(
                        comment.id(), source.name(), comment.issue()));
                handleComment(source, comment.issue(), comment.id(), comment.author(), command);
            }
        }
        writeMark(mark, found.complete() || found.comments().isEmpty()
                ? round
                : found.comments().getLast().updated());
    }

    private static Optional<Instant> readMark(Path mark) {
        try {
            return Files.exists(mark) ? Optional.of(Instant.parse(Files.readString(mark).strip())) : Optional.empty();
        } catch (IOException | java.time.format.DateTimeParseException e) {
            LOG.warning(() -> "cannot read %s (%s); comments are read again from an hour back".formatted(mark, e));
            return Optional.empty();
        }
    }

    private static void writeMark(Path mark, Instant at) {
        try {
            Files.createDirectories(mark.getParent());
            Path written = Files.writeString(mark.resolveSibling(mark.getFileName() + ".new"), at.toString());
            Files.move(written, mark, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + mark, e);
        }
    }

    private List<SourceRepository> githubRepositories() {
        List<SourceRepository> found = new java.util.ArrayList<>();
        PageRequest request = PageRequest.firstPage();
        while (true) {
            Page<SourceRepository> page = repositories.list(request);
            page.items().stream().filter(source -> source.forge() == Forge.GITHUB).forEach(found::add);
            if (page.next().isEmpty()) {
                return found;
            }
            request = new PageRequest(page.next(), request.limit());
        }
    }

    @Override
    public void close() {
        worker.close();
    }

    /** A delivery whose signature does not match: it did not come from GitHub, or was changed on the way. */
    public static final class SignatureRejectedException extends RuntimeException {
        public SignatureRejectedException(String message) {
            super(message);
        }
    }
}
