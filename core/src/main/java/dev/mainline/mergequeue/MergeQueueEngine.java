package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.mergequeue.SpeculativeBuild.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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

    private MergeQueueEngine(MergeQueueState state) {
        this.book = new QueueBook(state);
        this.attribution = new FailureAttribution(book);
        this.emergencies = new EmergencyMerges(book, attribution);
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
        if (!(event instanceof QueueEvent.FastForwardRefused)) {
            book.unconfirmedForwards.clear();
        }
        switch (event) {
            case QueueEvent.Enqueued enqueued -> enqueue(enqueued);
            case QueueEvent.EmergencyMerge emergency -> emergencies.emergencyMerge(emergency);
            case QueueEvent.Updated updated -> update(updated);
            case QueueEvent.Dequeued dequeued -> dequeue(dequeued);
            case QueueEvent.CommitBuilt built -> commitBuilt(built);
            case QueueEvent.CommitConflicted conflicted -> commitConflicted(conflicted);
            case QueueEvent.CiFinished finished -> ciFinished(finished);
            case QueueEvent.Started started -> {
                // A replay starts where the original run started, in main and in time.
                book.main = started.main();
                book.now = started.at();
            }
            case QueueEvent.MainMoved moved -> mainMoved(moved);
            case QueueEvent.FastForwardRefused refused -> fastForwardRefused(refused);
            case QueueEvent.Deployed deployed -> deployed(deployed);
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

    public boolean isLocked() {
        return book.lockReason.isPresent();
    }

    public List<HistoryEvent> history(int pullRequest) {
        return List.copyOf(book.history.getOrDefault(pullRequest, List.of()));
    }

    /** Position and expected merge time of every entry. */
    public List<Estimate> estimates() {
        Duration ci = book.ciRunsObserved == 0
                ? book.configuration.expectedCiDuration()
                : book.ciTimeObserved.dividedBy(book.ciRunsObserved);
        Map<EntryRef, Instant> finishing = new HashMap<>();
        int covered = 0;
        for (SpeculativeBuild build : book.builds.values()) {
            if (build.isSpeculative() && book.isQueuePrefix(build.entries()) && build.status() != Status.FAILED) {
                Instant done = build.status() == Status.PASSED
                        ? book.now
                        : build.ciStartedAt().orElse(book.now).plus(ci);
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
            if (book.lockReason.isEmpty()) {
                Instant known = finishing.get(entry.ref());
                if (known != null) {
                    eta = Optional.of(known.isBefore(book.now) ? book.now : known);
                } else {
                    long rounds = 1 + (position - covered) / book.configuration.ciBudget();
                    eta = Optional.of(book.now.plus(ci.multipliedBy(rounds + 1)));
                }
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
            book.record(ref.pullRequest(), HistoryEvent.Kind.TEST_STARTED,
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
                    "%s (main + %s) %s".formatted(build.id(), book.describe(build.entries()),
                            passed ? "passed" : "failed"));
        }
    }

    private void mainMoved(QueueEvent.MainMoved event) {
        if (event.commit().equals(book.main)) {
            return;
        }
        book.main = event.commit();
        book.merges.add(event.commit());
        emergencies.staleAll();
        emergencies.rebuildEmergencies();
    }

    private void fastForwardRefused(QueueEvent.FastForwardRefused event) {
        int refused = -1;
        for (int i = 0; i < book.unconfirmedForwards.size(); i++) {
            if (book.unconfirmedForwards.get(i).to().equals(event.to())) {
                refused = i;
                break;
            }
        }
        if (refused >= 0) {
            // This fast-forward and every later one (they started from it) did not happen.
            List<UnconfirmedForward> undone = List.copyOf(
                    book.unconfirmedForwards.subList(refused, book.unconfirmedForwards.size()));
            book.unconfirmedForwards.subList(refused, book.unconfirmedForwards.size()).clear();
            List<QueueEntry> back = new ArrayList<>();
            for (UnconfirmedForward forward : undone) {
                book.merges.remove(forward.to());
                back.addAll(forward.entries());
            }
            book.entries.addAll(0, back);
            undone.forEach(forward -> forward.emergency().ifPresent(emergencies::retry));
            for (QueueEntry entry : back) {
                book.record(entry.pullRequest(), HistoryEvent.Kind.MERGE_REFUSED,
                        "not merged: main had moved to %s before the fast-forward to %s; back at position %d"
                                .formatted(event.actual(), event.to(), book.entries.indexOf(entry) + 1));
            }
            book.main = undone.getFirst().from();
        }
        // The builds were rebased on the commit main never reached: they go stale even when main did not move.
        if (!event.actual().equals(book.main)) {
            book.merges.add(event.actual());
        }
        book.main = event.actual();
        emergencies.staleAll();
        emergencies.rebuildEmergencies();
    }

    private void deployed(QueueEvent.Deployed event) {
        int index = book.merges.indexOf(event.commit());
        if (index >= 0) {
            book.merges.subList(0, index + 1).clear();
        } else if (event.commit().equals(book.main)) {
            book.merges.clear();
        }
    }

    private void reconcile() {
        book.dropInvalidBuilds();
        boolean changed = true;
        while (changed) {
            changed = attribution.attributeFailures();
            changed |= advanceMain();
        }
        enforceBudget();
        startBuilds();
    }

    /** Fast-forwards main to the passed build that covers the longest front of the queue, if merging is allowed. */
    private boolean advanceMain() {
        if (book.lockReason.isPresent()) {
            return false;
        }
        if (book.configuration.maxUndeployedMerges() > 0
                && book.merges.size() >= book.configuration.maxUndeployedMerges()) {
            return false;
        }
        SpeculativeBuild best = null;
        for (SpeculativeBuild build : book.builds.values()) {
            if (build.isSpeculative() && build.status() == Status.PASSED && book.isQueuePrefix(build.entries())
                    && (best == null || build.entries().size() > best.entries().size())) {
                best = build;
            }
        }
        if (best == null) {
            best = demoteSuspects();
        }
        if (best == null) {
            return false;
        }
        String target = best.commit().orElseThrow();
        book.commands.add(new QueueCommand.FastForward(book.main, target, best.id(), best.entries(), true));
        List<QueueEntry> mergedEntries = new ArrayList<>();
        for (EntryRef ref : best.entries()) {
            book.find(ref.pullRequest()).ifPresent(mergedEntries::add);
        }
        book.unconfirmedForwards.add(new UnconfirmedForward(book.main, target, mergedEntries, Optional.empty()));
        book.main = target;
        book.merges.add(target);
        emergencies.rebuildEmergencies();
        int merged = best.entries().size();
        for (EntryRef ref : best.entries()) {
            book.find(ref.pullRequest()).ifPresent(book.entries::remove);
            book.record(ref.pullRequest(), HistoryEvent.Kind.MERGED,
                    "merged by %s into %s".formatted(best.id(), target));
        }
        for (SpeculativeBuild build : List.copyOf(book.builds.values())) {
            if (!build.isSpeculative()) {
                continue;
            }
            if (build.entries().size() > merged && build.entries().subList(0, merged).equals(best.entries())) {
                book.builds.put(build.id(), build.rebased(merged));
            } else if (build.status() == Status.TESTING && book.testsSuspect(build)) {
                // A suspect's test finishes and still counts, or a demoted suspect would never be judged.
                book.builds.put(build.id(), build.staled());
            } else {
                book.drop(build);
            }
        }
        return true;
    }

    /**
     * When a build that leaves out entries already charged with a failure has passed, those suspects move behind it:
     * they keep being retried, and the good entries behind them merge now instead of waiting out the failure
     * tolerance. Returns that build, now a front of the queue, or null.
     */
    private SpeculativeBuild demoteSuspects() {
        Map<EntryRef, Integer> positions = book.positions();
        SpeculativeBuild chosen = null;
        List<QueueEntry> skipped = List.of();
        for (SpeculativeBuild build : book.builds.values()) {
            if (!build.isSpeculative() || build.status() != Status.PASSED || build.entries().isEmpty()) {
                continue;
            }
            Integer last = positions.get(build.entries().getLast());
            if (last == null) {
                continue;
            }
            Set<EntryRef> included = new HashSet<>(build.entries());
            List<QueueEntry> left = new ArrayList<>();
            for (int i = 0; i <= last; i++) {
                if (!included.contains(book.entries.get(i).ref())) {
                    left.add(book.entries.get(i));
                }
            }
            boolean allSuspects = !left.isEmpty() && left.stream().allMatch(QueueEntry::isSuspect);
            if (allSuspects && (chosen == null || build.entries().size() > chosen.entries().size())) {
                chosen = build;
                skipped = left;
            }
        }
        if (chosen == null) {
            return null;
        }
        book.entries.removeAll(skipped);
        int after = book.entries.indexOf(book.find(chosen.entries().getLast().pullRequest()).orElseThrow()) + 1;
        book.entries.addAll(after, skipped);
        for (QueueEntry suspect : skipped) {
            book.record(suspect.pullRequest(), HistoryEvent.Kind.POSITION_CHANGED,
                    "moved to position %d, behind #%d: its build failed and is being retried, so the entries behind it go ahead"
                            .formatted(book.entries.indexOf(suspect) + 1, chosen.entries().getLast().pullRequest()));
        }
        return book.isQueuePrefix(chosen.entries()) ? chosen : null;
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
