package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.github.GitHubApi.GitHubApiException;
import dev.mainline.mergequeue.HistoryEvent;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.QueueEntry;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.mergequeue.SpeculativeBuild;
import dev.mainline.mergequeue.WaitingOn;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * One check run, {@value #NAME}, on the head of every pull request in the queue: its position, what is happening to it
 * and its history, kept current as the queue moves, and concluded when it leaves (success when merged, failure when
 * ejected, neutral when taken out). Updates are coalesced and only sent when the text changes, to spare GitHub's rate
 * limit.
 */
public final class QueueCheckRuns implements AutoCloseable {
    public static final String NAME = "Mainline merge queue";
    private static final Logger LOG = Logger.getLogger(QueueCheckRuns.class.getName());
    private static final int MAX_TEXT = 60_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final GitHubRepository github;
    private final QueueRunner queue;
    private final String mainBranch;
    private final ExecutorService publisher;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Pull request to what its check run shows now. */
    private final Map<Integer, Published> published = new HashMap<>();

    /**
     * {@code checkRun} is negative until one is created; {@code shown} is null until something is shown, and
     * {@code expectedMergeAt} is the estimate it shows.
     */
    private record Published(String head, long checkRun, ObjectNode shown, Optional<Instant> expectedMergeAt) {
    }

    /**
     * What the queue says about one pull request, read on the queue's thread at {@code at}; {@code waitingOn} is
     * every reason the queue is not merging.
     */
    private record Snapshot(int pullRequest, String head, Optional<Integer> position, int queued, String state,
            Optional<Instant> expectedMergeAt, List<String> waitingOn, List<HistoryEvent> history, Instant at) {
        Snapshot expecting(Optional<Instant> estimate) {
            return new Snapshot(pullRequest, head, position, queued, state, estimate, waitingOn, history, at);
        }
    }

    public QueueCheckRuns(GitHubRepository github, QueueRunner queue, String mainBranch) {
        this.github = requireNonNull(github, "github is null");
        this.queue = requireNonNull(queue, "queue is null");
        this.mainBranch = requireNonNull(mainBranch, "mainBranch is null");
        this.publisher = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                .name("github-check-runs-" + github.name()).factory());
    }

    /** Brings every check run up to date soon; calls made while one is pending are folded into it. */
    public void refresh() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                publisher.execute(this::publish);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                scheduled.set(false);
            }
        }
    }

    /**
     * Follows a pull request just queued at {@code head}, so it gets its check run even when it leaves the queue
     * before the next refresh (ejected at once for a conflict, say).
     */
    public void track(int pullRequest, String head) {
        try {
            publisher
                    .execute(() -> published.putIfAbsent(pullRequest, new Published(head, -1, null, Optional.empty())));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.fine(() -> "#%d not tracked: the queue is stopping".formatted(pullRequest));
        }
    }

    /** Tells the people on a pull request something (why it left the queue), by a comment, soon. */
    public void announce(int pullRequest, String message) {
        try {
            publisher.execute(() -> {
                try {
                    github.comment(pullRequest, message);
                } catch (GitHubApiException e) {
                    LOG.warning(() -> "cannot comment on #%d in %s: %s".formatted(pullRequest, github.name(),
                            e.getMessage()));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.fine(() -> "not announced on #%d: the queue is stopping".formatted(pullRequest));
        }
    }

    private void publish() {
        scheduled.set(false);
        List<Snapshot> snapshots;
        try {
            List<Integer> known = new ArrayList<>(published.keySet());
            snapshots = queue.query(engine -> snapshot(engine, known, queue.clock().instant())).get(30,
                    TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warning(() -> "cannot read the queue of %s for its check runs: %s".formatted(github.name(), e));
            return;
        }
        for (Snapshot snapshot : snapshots) {
            try {
                show(snapshot);
            } catch (GitHubApiException e) {
                LOG.warning(() -> "cannot update the check run of #%d in %s: %s".formatted(snapshot.pullRequest(),
                        github.name(), e.getMessage()));
            }
        }
    }

    private static List<Snapshot> snapshot(MergeQueueEngine engine, List<Integer> known, Instant now) {
        List<Snapshot> snapshots = new ArrayList<>();
        List<QueueEntry> entries = engine.entries();
        List<dev.mainline.mergequeue.Estimate> estimates = engine.estimates(now);
        List<String> waitingOn = engine.waitingOn().stream().map(WaitingOn::detail).toList();
        for (int i = 0; i < entries.size(); i++) {
            QueueEntry entry = entries.get(i);
            snapshots.add(new Snapshot(entry.pullRequest(), entry.head(), Optional.of(i + 1), entries.size(),
                    state(engine, entry), estimates.get(i).expectedMergeAt(), waitingOn,
                    engine.history(entry.pullRequest()), now));
        }
        for (int pullRequest : known) {
            if (entries.stream().noneMatch(entry -> entry.pullRequest() == pullRequest)) {
                snapshots.add(new Snapshot(pullRequest, "", Optional.empty(), entries.size(), "", Optional.empty(),
                        List.of(), engine.history(pullRequest), now));
            }
        }
        return snapshots;
    }

    private static String state(MergeQueueEngine engine, QueueEntry entry) {
        List<SpeculativeBuild> builds = engine.builds().stream().filter(SpeculativeBuild::inFlight)
                .filter(build -> build.entries().stream().anyMatch(ref -> ref.pullRequest() == entry.pullRequest()))
                .toList();
        if (builds.isEmpty()) {
            if (engine.isLocked()) {
                return "waiting: merging is locked";
            }
            boolean driftLimit = engine.waitingOn().stream()
                    .anyMatch(waiting -> waiting.reason() == WaitingOn.Reason.DRIFT_LIMIT);
            return driftLimit ? "waiting for a deploy (the drift limit)" : "waiting to be tested";
        }
        return "being tested in %d build%s".formatted(builds.size(), builds.size() == 1 ? "" : "s");
    }

    private void show(Snapshot snapshot) {
        Published before = published.get(snapshot.pullRequest());
        if (snapshot.position().isEmpty()) {
            if (before != null) {
                ObjectNode concluded = concluded(snapshot);
                if (before.checkRun() < 0) {
                    concluded.put("name", NAME).put("head_sha", before.head());
                    github.createCheckRun(concluded);
                } else {
                    github.updateCheckRun(before.checkRun(), concluded);
                }
                published.remove(snapshot.pullRequest());
            }
            return;
        }
        ObjectNode shown = queued(snapshot);
        if (before != null && before.head().equals(snapshot.head()) && shown.equals(before.shown())) {
            return;
        }
        // Estimates move as time passes; one that moved only so is not worth a write while the one shown is ahead.
        if (before != null && before.head().equals(snapshot.head()) && snapshot.expectedMergeAt().isPresent()
                && before.expectedMergeAt().filter(shownAt -> shownAt.isAfter(snapshot.at())).isPresent()
                && queued(snapshot.expecting(before.expectedMergeAt())).equals(before.shown())) {
            return;
        }
        if (before != null && !before.head().equals(snapshot.head()) && before.checkRun() >= 0) {
            // Queued again at a newer head: the old head's run ends, so nothing stays yellow for ever.
            ObjectNode superseded = GitHubApi.object().put("status", "completed").put("conclusion", "neutral");
            superseded.set("output", GitHubApi.object().put("title", "Queued again at a newer commit")
                    .put("summary", "The merge queue now tests " + snapshot.head() + "."));
            github.updateCheckRun(before.checkRun(), superseded);
        }
        long checkRun;
        if (before != null && before.head().equals(snapshot.head()) && before.checkRun() >= 0) {
            checkRun = before.checkRun();
            github.updateCheckRun(checkRun, shown.deepCopy());
        } else {
            Optional<Long> existing = github.findCheckRun(snapshot.head(), NAME);
            if (existing.isPresent()) {
                checkRun = existing.get();
                github.updateCheckRun(checkRun, shown.deepCopy());
            } else {
                ObjectNode create = shown.deepCopy();
                create.put("name", NAME).put("head_sha", snapshot.head());
                checkRun = github.createCheckRun(create);
            }
        }
        published.put(snapshot.pullRequest(), new Published(snapshot.head(), checkRun, shown,
                snapshot.expectedMergeAt()));
    }

    private ObjectNode queued(Snapshot snapshot) {
        ObjectNode body = GitHubApi.object().put("status", "in_progress");
        String title = "#%d of %d in the merge queue: %s".formatted(snapshot.position().orElseThrow(),
                snapshot.queued(), snapshot.state());
        String summary = "Position **%d** of %d, %s.%s".formatted(snapshot.position().orElseThrow(),
                snapshot.queued(), snapshot.state(), snapshot.expectedMergeAt()
                        .map(at -> " Expected on `%s` by %s.".formatted(mainBranch,
                                TIME.format(at.truncatedTo(ChronoUnit.MINUTES))))
                        .orElse(""));
        if (!snapshot.waitingOn().isEmpty()) {
            summary += "\n\nThe queue is not merging now:\n" + snapshot.waitingOn().stream()
                    .map(reason -> "- " + reason).collect(Collectors.joining("\n"));
        }
        body.set("output", output(title, summary, snapshot.history()));
        return body;
    }

    private ObjectNode concluded(Snapshot snapshot) {
        Optional<HistoryEvent> last = snapshot.history().isEmpty()
                ? Optional.empty()
                : Optional.of(snapshot.history().getLast());
        HistoryEvent.Kind kind = last.map(HistoryEvent::kind).orElse(HistoryEvent.Kind.DEQUEUED);
        String detail = last.map(HistoryEvent::detail).orElse("");
        String conclusion;
        String title;
        switch (kind) {
            case MERGED -> {
                conclusion = "success";
                title = "Merged into " + mainBranch;
            }
            case EJECTED -> {
                conclusion = "failure";
                title = "Ejected from the merge queue";
            }
            default -> {
                conclusion = "neutral";
                title = "Taken out of the merge queue";
            }
        }
        ObjectNode body = GitHubApi.object().put("status", "completed").put("conclusion", conclusion);
        body.set("output", output(title, detail.isEmpty() ? title + "." : detail, snapshot.history()));
        return body;
    }

    private static ObjectNode output(String title, String summary, List<HistoryEvent> history) {
        StringBuilder text = new StringBuilder("| When | What | Detail |\n|---|---|---|\n");
        for (HistoryEvent event : history) {
            String line = "| %s | %s | %s |\n".formatted(TIME.format(event.at().truncatedTo(ChronoUnit.SECONDS)),
                    event.kind().name().toLowerCase().replace('_', ' '),
                    event.detail().replace("|", "\\|").replace('\n', ' '));
            if (text.length() + line.length() > MAX_TEXT) {
                text.append("| … | | earlier history cut |\n");
                break;
            }
            text.append(line);
        }
        return GitHubApi.object().put("title", title).put("summary", summary).put("text", text.toString());
    }

    @Override
    public void close() {
        publisher.shutdownNow();
    }
}
