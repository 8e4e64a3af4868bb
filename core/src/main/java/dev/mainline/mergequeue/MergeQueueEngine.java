package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.mergequeue.SpeculativeBuild.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The merge queue of one repository: consumes {@link QueueEvent}s, emits {@link QueueCommand}s. Deterministic and free
 * of I/O: the same events give the same commands, and {@link #state()} restored with {@link #restore} continues
 * exactly where it was. Main only ever fast-forwards to a build whose CI passed and whose entries are exactly the
 * front of the queue, in queue order.
 */
public final class MergeQueueEngine {
    private final QueueBook book;
    private final FailureAttribution attribution;
    private final EmergencyMerges emergencies;
    private final MainBranch mainBranch;

    private MergeQueueEngine(MergeQueueState state) {
        this.book = new QueueBook(state);
        this.attribution = new FailureAttribution(book);
        this.emergencies = new EmergencyMerges(book, attribution);
        this.mainBranch = new MainBranch(book, emergencies);
    }

    public static MergeQueueEngine start(QueueConfiguration configuration, Instant now, String main) {
        return new MergeQueueEngine(MergeQueueState.initial(configuration, now, main));
    }

    public static MergeQueueEngine restore(MergeQueueState state) {
        return new MergeQueueEngine(requireNonNull(state, "state is null"));
    }

    public MergeQueueState state() {
        return book.state();
    }

    public List<QueueCommand> handle(QueueEvent event) {
        requireNonNull(event, "event is null");
        if (event.at().isAfter(book.now)) {
            book.now = event.at();
        }
        book.commands = new ArrayList<>();
        if (!(event instanceof QueueEvent.FastForwardRefused || event instanceof QueueEvent.FastForwarded)) {
            book.unconfirmedForwards.clear();
        }
        switch (event) {
            case QueueEvent.Enqueued enqueued -> enqueue(enqueued);
            case QueueEvent.EmergencyMerge emergency -> emergencies.emergencyMerge(emergency);
            case QueueEvent.Updated updated -> update(updated);
            case QueueEvent.Dequeued dequeued -> dequeue(dequeued);
            case QueueEvent.CommitBuilt built -> commitBuilt(built);
            case QueueEvent.CommitConflicted conflicted -> commitConflicted(conflicted);
            case QueueEvent.HeadMissing missing -> headMissing(missing);
            case QueueEvent.SettingsRefused refused -> settingsRefused(refused);
            case QueueEvent.CiFinished finished -> ciFinished(finished);
            case QueueEvent.Started started -> {
                // A replay starts where the original run started, in main and in time.
                book.main = started.main();
                book.now = started.at();
            }
            case QueueEvent.MainMoved moved -> mainBranch.mainMoved(moved);
            case QueueEvent.FastForwardRefused refused -> mainBranch.fastForwardRefused(refused);
            case QueueEvent.FastForwarded forwarded -> mainBranch.fastForwarded(forwarded);
            case QueueEvent.Landed landed -> landed(landed);
            case QueueEvent.Deployed deployed -> mainBranch.deployed(deployed);
            case QueueEvent.Locked locked -> book.lockReason = Optional.of(locked.reason() + " (" + locked.by() + ")");
            case QueueEvent.Unlocked unlocked -> book.lockReason = Optional.empty();
            case QueueEvent.ConfigurationChanged changed -> book.configuration = changed.configuration();
            case QueueEvent.Tick tick -> {
            }
        }
        reconcile();
        List<QueueCommand> emitted = List.copyOf(book.commands);
        book.commands = new ArrayList<>();
        return emitted;
    }

    public String main() {
        return book.main;
    }

    public QueueConfiguration configuration() {
        return book.configuration;
    }

    public Instant now() {
        return book.now;
    }

    public List<QueueEntry> entries() {
        return List.copyOf(book.entries);
    }

    public List<SpeculativeBuild> builds() {
        return List.copyOf(book.builds.values());
    }

    /** Why merging is locked, and by whom; empty when it is not. */
    public Optional<String> lockReason() {
        return book.lockReason;
    }

    public boolean isLocked() {
        return book.lockReason.isPresent();
    }

    public List<HistoryEvent> history(int pullRequest) {
        return List.copyOf(book.history.getOrDefault(pullRequest, List.of()));
    }

    /** Every reason the queue is not merging right now; empty when nothing holds it back. */
    public List<WaitingOn> waitingOn() {
        return WaitingOn.of(book);
    }

    /** The commits main was moved to since the last deploy, oldest first: what the drift limit counts. */
    public List<String> undeployedMerges() {
        return List.copyOf(book.merges);
    }

    /** Position and expected merge time of every entry, as of the last event. */
    public List<Estimate> estimates() {
        return estimates(book.now);
    }

    /**
     * Position and expected merge time of every entry, as of {@code now}: the engine's own time is that of its last
     * event, so a reader passes the clock's, and no estimate is ever earlier than it. While a lock or the drift limit
     * stops merging, nobody can say when that ends, so no entry has a time.
     */
    public List<Estimate> estimates(Instant now) {
        Instant at = now.isAfter(book.now) ? now : book.now;
        boolean merging = book.lockReason.isEmpty() && !book.driftLimitReached();
        Duration ci = book.ciRunsObserved == 0
                ? book.configuration.expectedCiDuration()
                : book.ciTimeObserved.dividedBy(book.ciRunsObserved);
        Map<EntryRef, Instant> finishing = new HashMap<>();
        int covered = 0;
        for (SpeculativeBuild build : book.builds.values()) {
            if (build.isSpeculative() && book.isQueuePrefix(build.entries()) && build.status() != Status.FAILED) {
                Instant done = build.status() == Status.PASSED
                        ? at
                        : build.ciStartedAt().orElse(at).plus(ci);
                for (EntryRef ref : build.entries()) {
                    finishing.merge(ref, done, (left, right) -> left.isBefore(right) ? left : right);
                }
                covered = Math.max(covered, build.entries().size());
            }
        }
        List<Estimate> estimates = new ArrayList<>();
        for (int position = 0; position < book.entries.size(); position++) {
            QueueEntry entry = book.entries.get(position);
            Optional<Instant> eta = Optional.empty();
            if (merging) {
                Instant known = finishing.get(entry.ref());
                if (known == null) {
                    long rounds = 1 + Math.max(0, position - covered) / book.configuration.ciBudget();
                    known = at.plus(ci.multipliedBy(rounds + 1));
                }
                eta = Optional.of(known.isBefore(at) ? at : known);
            }
            estimates.add(new Estimate(entry.pullRequest(), position, eta));
        }
        return estimates;
    }

    private void enqueue(QueueEvent.Enqueued event) {
        if (book.isMerged(event.pullRequest()) || book.emergencyPending(event.pullRequest())) {
            book.commands.add(new QueueCommand.Notify(event.pullRequest(), event.author(),
                    "#%d is already merged (or being merged as an emergency); it was not queued again"
                            .formatted(event.pullRequest())));
            return;
        }
        Optional<QueueEntry> existing = book.find(event.pullRequest());
        if (existing.isPresent()) {
            if (!existing.get().head().equals(event.head())) {
                update(new QueueEvent.Updated(event.at(), event.pullRequest(), event.head()));
            }
            return;
        }
        QueueEntry entry = new QueueEntry(event.pullRequest(), event.head(), event.author(), event.priority(),
                event.successEstimate(), book.now, 0, Integer.MAX_VALUE);
        int position = event.priority() == Priority.URGENT ? urgentPosition() : book.entries.size();
        book.entries.add(position, entry);
        book.record(entry.pullRequest(), HistoryEvent.Kind.ENQUEUED,
                "queued at position %d (%s)".formatted(position + 1, event.priority().name().toLowerCase()));
        for (int i = position + 1; i < book.entries.size(); i++) {
            book.record(book.entries.get(i).pullRequest(), HistoryEvent.Kind.POSITION_CHANGED,
                    "moved to position %d: urgent #%d went ahead".formatted(i + 1, entry.pullRequest()));
        }
    }

    /**
     * Urgent entries go behind other urgent ones and behind every entry already being tested on the main path, so
     * no running CI is thrown away, and ahead of everything else.
     */
    private int urgentPosition() {
        int position = 0;
        for (int i = 0; i < book.entries.size(); i++) {
            if (book.entries.get(i).priority() == Priority.URGENT) {
                position = i + 1;
            }
        }
        // Builds that leave suspects out count too: they are what merges next.
        Map<EntryRef, Integer> positions = book.positions();
        for (SpeculativeBuild build : book.builds.values()) {
            if (build.isSpeculative() && build.status() != Status.FAILED && !build.entries().isEmpty()
                    && book.fitsQueue(build.entries(), positions)) {
                position = Math.max(position, positions.get(build.entries().getLast()) + 1);
            }
        }
        return position;
    }

    private void update(QueueEvent.Updated event) {
        book.find(event.pullRequest()).ifPresent(entry -> {
            if (!entry.head().equals(event.head())) {
                book.entries.set(book.entries.indexOf(entry), entry.withHead(event.head()));
                book.record(entry.pullRequest(), HistoryEvent.Kind.UPDATED,
                        "new head %s; failures reset, builds with the old head dropped".formatted(event.head()));
            }
        });
    }

    private void dequeue(QueueEvent.Dequeued event) {
        book.find(event.pullRequest()).ifPresent(entry -> {
            book.entries.remove(entry);
            book.record(entry.pullRequest(), HistoryEvent.Kind.DEQUEUED, event.reason());
        });
    }

    private void landed(QueueEvent.Landed event) {
        Optional<QueueEntry> queued = book.find(event.pullRequest());
        if (queued.isPresent()) {
            book.entries.remove(queued.get());
            book.record(event.pullRequest(), HistoryEvent.Kind.MERGED,
                    "merged outside the queue: its head %s is already on main at %s".formatted(queued.get().head(),
                            event.main()));
            return;
        }
        // Taken out (ejected, dequeued) before the queue saw it was merged by hand: it is merged all the same.
        List<HistoryEvent> history = book.history.getOrDefault(event.pullRequest(), List.of());
        if (!history.isEmpty() && (history.getLast().kind() == HistoryEvent.Kind.EJECTED
                || history.getLast().kind() == HistoryEvent.Kind.DEQUEUED)) {
            book.record(event.pullRequest(), HistoryEvent.Kind.MERGED,
                    "merged outside the queue after it left it: its head is on main at %s".formatted(event.main()));
        }
    }

    private void commitBuilt(QueueEvent.CommitBuilt event) {
        SpeculativeBuild build = book.builds.get(event.build());
        if (build == null || build.status() != Status.BUILDING) {
            return;
        }
        if (build.kind() == SpeculativeBuild.Kind.EMERGENCY) {
            emergencies.landEmergency(build, event.commit());
            return;
        }
        book.builds.put(build.id(), build.testing(event.commit(), book.now));
        book.commands.add(new QueueCommand.StartCi(build.id(), event.commit()));
        for (EntryRef ref : build.addedEntries()) {
            book.record(ref.pullRequest(), HistoryEvent.Kind.TEST_STARTED, build.id(),
                    "%s tests main + %s".formatted(build.id(), book.describe(build.entries())));
        }
    }

    private void commitConflicted(QueueEvent.CommitConflicted event) {
        SpeculativeBuild build = book.builds.remove(event.build());
        if (build == null) {
            return;
        }
        if (build.kind() == SpeculativeBuild.Kind.EMERGENCY) {
            EntryRef ref = build.entries().get(0);
            String detail = "the emergency merge of #%d does not merge onto main: conflicting files %s"
                    .formatted(ref.pullRequest(), String.join(", ", event.files()));
            book.record(ref.pullRequest(), HistoryEvent.Kind.EJECTED, detail);
            book.commands.add(new QueueCommand.Notify(ref.pullRequest(), book.authorOf(ref.pullRequest()), detail));
            book.emergencyAuthors.remove(ref.pullRequest());
            return;
        }
        book.find(event.pullRequest()).ifPresent(entry -> {
            List<EntryRef> ahead = build.entries().subList(0,
                    Math.max(0, book.indexOf(build.entries(), entry.pullRequest())));
            book.eject(entry, EjectionReason.MERGE_CONFLICT, "#%d does not merge onto main%s: conflicting files %s"
                    .formatted(entry.pullRequest(), ahead.isEmpty() ? "" : " + " + book.describe(ahead),
                            String.join(", ", event.files())));
        });
    }

    private void headMissing(QueueEvent.HeadMissing event) {
        SpeculativeBuild build = book.builds.remove(event.build());
        if (build == null) {
            return;
        }
        String gone = "its head %s is no longer in the repository (force-pushed away or deleted); queue it again at its new head"
                .formatted(event.head());
        if (build.kind() == SpeculativeBuild.Kind.EMERGENCY) {
            String detail = "the emergency merge of #%d cannot be built: %s".formatted(event.pullRequest(), gone);
            book.record(event.pullRequest(), HistoryEvent.Kind.EJECTED, detail);
            book.commands.add(new QueueCommand.Notify(event.pullRequest(), book.authorOf(event.pullRequest()), detail));
            book.emergencyAuthors.remove(event.pullRequest());
            return;
        }
        book.find(event.pullRequest()).filter(entry -> entry.head().equals(event.head()))
                .ifPresent(entry -> book.eject(entry, EjectionReason.HEAD_MISSING,
                        "#%d cannot be built: %s".formatted(entry.pullRequest(), gone)));
    }

    private void settingsRefused(QueueEvent.SettingsRefused event) {
        SpeculativeBuild build = book.builds.get(event.build());
        // An emergency lands whatever it holds: the queue then goes on with its last good settings.
        if (build == null || build.kind() == SpeculativeBuild.Kind.EMERGENCY) {
            return;
        }
        book.builds.remove(build.id());
        String detail = "#%d would leave main with settings the queue cannot run with: %s".formatted(
                event.pullRequest(), event.problem());
        book.find(event.pullRequest())
                .ifPresent(entry -> book.eject(entry, EjectionReason.INVALID_SETTINGS, detail));
    }

    private void ciFinished(QueueEvent.CiFinished event) {
        SpeculativeBuild build = book.builds.get(event.build());
        if (build == null || build.status() != Status.TESTING) {
            return;
        }
        build.ciStartedAt().ifPresent(started -> {
            book.ciTimeObserved = book.ciTimeObserved.plus(Duration.between(started, book.now));
            book.ciRunsObserved++;
        });
        boolean passed = event.outcome() == CiOutcome.PASSED;
        if (build.kind() == SpeculativeBuild.Kind.STALE) {
            book.builds.remove(build.id());
            attribution.readStaleResult(build, passed);
            return;
        }
        book.builds.put(build.id(), build.withStatus(passed ? Status.PASSED : Status.FAILED));
        for (EntryRef ref : build.addedEntries()) {
            book.record(ref.pullRequest(), passed ? HistoryEvent.Kind.TEST_PASSED : HistoryEvent.Kind.TEST_FAILED,
                    build.id(), "%s (main + %s) %s".formatted(build.id(), book.describe(build.entries()),
                            passed ? "passed" : "failed"));
        }
    }

    private void reconcile() {
        book.dropInvalidBuilds();
        boolean changed = true;
        while (changed) {
            changed = attribution.attributeFailures();
            changed |= mainBranch.advanceMain();
        }
        enforceBudget();
        startBuilds();
    }

    /** Cancels in-flight builds beyond the budget (after it shrank), deepest first. */
    private void enforceBudget() {
        int excess = book.inFlight() - book.configuration.ciBudget();
        if (excess <= 0) {
            return;
        }
        List<SpeculativeBuild> deepestFirst = book.builds.values().stream()
                .filter(SpeculativeBuild::inFlight)
                .sorted(Comparator.comparing((SpeculativeBuild build) -> build.isSpeculative())
                        .thenComparing(Comparator.comparingInt((SpeculativeBuild build) -> build.entries().size())
                                .reversed())
                        .thenComparing(SpeculativeBuild::id, Comparator.reverseOrder()))
                .limit(excess)
                .toList();
        deepestFirst.forEach(book::drop);
    }

    private void startBuilds() {
        int slots = book.configuration.ciBudget() - book.inFlight();
        if (slots <= 0 || book.entries.isEmpty()) {
            return;
        }
        SpeculationPlanner planner = new SpeculationPlanner(book.configuration);
        List<SpeculationPlanner.Planned> planned = planner.plan(book.entries,
                SpeculationPlanner.byEntries(book.speculative()),
                slots);
        for (SpeculationPlanner.Planned plan : planned) {
            BuildId id = new BuildId(book.nextBuildId++);
            book.builds.put(id,
                    new SpeculativeBuild(id, SpeculativeBuild.Kind.SPECULATIVE, plan.entries(), plan.added(),
                            Status.BUILDING, Optional.empty(), Optional.empty(), 0));
            book.commands.add(new QueueCommand.BuildCommit(id, book.main, plan.entries()));
        }
    }

    /** The builds holding a CI slot now. */
    public Set<BuildId> inFlightBuilds() {
        return book.inFlightBuilds();
    }
}
