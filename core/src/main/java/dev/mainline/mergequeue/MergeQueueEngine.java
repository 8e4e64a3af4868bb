package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.mergequeue.SpeculativeBuild.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The merge queue of one repository: consumes {@link QueueEvent}s, emits {@link QueueCommand}s. Deterministic and free
 * of I/O: the same events give the same commands, and {@link #state()} restored with {@link #restore} continues
 * exactly where it was. Main only ever fast-forwards to a build whose CI passed and whose entries are exactly the
 * front of the queue, in queue order.
 */
public final class MergeQueueEngine {
    private QueueConfiguration configuration;
    private Instant now;
    private String main;
    private final List<QueueEntry> entries;
    private final TreeMap<BuildId, SpeculativeBuild> builds = new TreeMap<>();
    private Optional<String> lockReason;
    private final List<String> merges;
    private long nextBuildId;
    private Duration ciTimeObserved;
    private long ciRunsObserved;
    private final Map<Integer, List<HistoryEvent>> history = new TreeMap<>();
    private final Map<Integer, String> emergencyAuthors = new TreeMap<>();
    /** The estimate given to an entry whose build passed on a main that has since moved. */
    private static final double VERIFIED_ESTIMATE = 0.99;
    private List<QueueCommand> commands = new ArrayList<>();

    private MergeQueueEngine(MergeQueueState state) {
        this.configuration = state.configuration();
        this.now = state.now();
        this.main = state.main();
        this.entries = new ArrayList<>(state.entries());
        state.builds().forEach(build -> builds.put(build.id(), build));
        this.lockReason = state.lockReason();
        this.merges = new ArrayList<>(state.merges());
        this.nextBuildId = state.nextBuildId();
        this.ciTimeObserved = state.ciTimeObserved();
        this.ciRunsObserved = state.ciRunsObserved();
        state.history().forEach((pullRequest, events) -> history.put(pullRequest, new ArrayList<>(events)));
        emergencyAuthors.putAll(state.emergencyAuthors());
    }

    public static MergeQueueEngine start(QueueConfiguration configuration, Instant now, String main) {
        return new MergeQueueEngine(MergeQueueState.initial(configuration, now, main));
    }

    public static MergeQueueEngine restore(MergeQueueState state) {
        return new MergeQueueEngine(requireNonNull(state, "state is null"));
    }

    public MergeQueueState state() {
        return new MergeQueueState(configuration, now, main, entries, List.copyOf(builds.values()), lockReason, merges,
                nextBuildId, ciTimeObserved, ciRunsObserved, history, emergencyAuthors);
    }

    public List<QueueCommand> handle(QueueEvent event) {
        requireNonNull(event, "event is null");
        if (event.at().isAfter(now)) {
            now = event.at();
        }
        commands = new ArrayList<>();
        switch (event) {
            case QueueEvent.Enqueued enqueued -> enqueue(enqueued);
            case QueueEvent.EmergencyMerge emergency -> emergencyMerge(emergency);
            case QueueEvent.Updated updated -> update(updated);
            case QueueEvent.Dequeued dequeued -> dequeue(dequeued);
            case QueueEvent.CommitBuilt built -> commitBuilt(built);
            case QueueEvent.CommitConflicted conflicted -> commitConflicted(conflicted);
            case QueueEvent.CiFinished finished -> ciFinished(finished);
            case QueueEvent.MainMoved moved -> mainMoved(moved);
            case QueueEvent.Deployed deployed -> deployed(deployed);
            case QueueEvent.Locked locked -> lockReason = Optional.of(locked.reason() + " (" + locked.by() + ")");
            case QueueEvent.Unlocked unlocked -> lockReason = Optional.empty();
            case QueueEvent.ConfigurationChanged changed -> configuration = changed.configuration();
            case QueueEvent.Tick tick -> {
            }
        }
        reconcile();
        List<QueueCommand> emitted = List.copyOf(commands);
        commands = new ArrayList<>();
        return emitted;
    }

    public String main() {
        return main;
    }

    public QueueConfiguration configuration() {
        return configuration;
    }

    public Instant now() {
        return now;
    }

    public List<QueueEntry> entries() {
        return List.copyOf(entries);
    }

    public List<SpeculativeBuild> builds() {
        return List.copyOf(builds.values());
    }

    public boolean isLocked() {
        return lockReason.isPresent();
    }

    public List<HistoryEvent> history(int pullRequest) {
        return List.copyOf(history.getOrDefault(pullRequest, List.of()));
    }

    /** Position and expected merge time of every entry. */
    public List<Estimate> estimates() {
        Duration ci = ciRunsObserved == 0
                ? configuration.expectedCiDuration()
                : ciTimeObserved.dividedBy(ciRunsObserved);
        Map<EntryRef, Instant> finishing = new HashMap<>();
        int covered = 0;
        for (SpeculativeBuild build : builds.values()) {
            if (build.isSpeculative() && isQueuePrefix(build.entries()) && build.status() != Status.FAILED) {
                Instant done = build.status() == Status.PASSED
                        ? now
                        : build.ciStartedAt().orElse(now).plus(ci);
                for (EntryRef ref : build.entries()) {
                    finishing.merge(ref, done, (left, right) -> left.isBefore(right) ? left : right);
                }
                covered = Math.max(covered, build.entries().size());
            }
        }
        List<Estimate> estimates = new ArrayList<>();
        for (int position = 0; position < entries.size(); position++) {
            QueueEntry entry = entries.get(position);
            Optional<Instant> eta = Optional.empty();
            if (lockReason.isEmpty()) {
                Instant known = finishing.get(entry.ref());
                if (known != null) {
                    eta = Optional.of(known.isBefore(now) ? now : known);
                } else {
                    long rounds = 1 + (position - covered) / configuration.ciBudget();
                    eta = Optional.of(now.plus(ci.multipliedBy(rounds + 1)));
                }
            }
            estimates.add(new Estimate(entry.pullRequest(), position, eta));
        }
        return estimates;
    }

    private void enqueue(QueueEvent.Enqueued event) {
        if (isMerged(event.pullRequest()) || emergencyPending(event.pullRequest())) {
            commands.add(new QueueCommand.Notify(event.pullRequest(), event.author(),
                    "#%d is already merged (or being merged as an emergency); it was not queued again"
                            .formatted(event.pullRequest())));
            return;
        }
        Optional<QueueEntry> existing = find(event.pullRequest());
        if (existing.isPresent()) {
            if (!existing.get().head().equals(event.head())) {
                update(new QueueEvent.Updated(event.at(), event.pullRequest(), event.head()));
            }
            return;
        }
        QueueEntry entry = new QueueEntry(event.pullRequest(), event.head(), event.author(), event.priority(),
                event.successEstimate(), now, 0, Integer.MAX_VALUE);
        int position = event.priority() == Priority.URGENT ? urgentPosition() : entries.size();
        entries.add(position, entry);
        record(entry.pullRequest(), HistoryEvent.Kind.ENQUEUED,
                "queued at position %d (%s)".formatted(position + 1, event.priority().name().toLowerCase()));
        for (int i = position + 1; i < entries.size(); i++) {
            record(entries.get(i).pullRequest(), HistoryEvent.Kind.POSITION_CHANGED,
                    "moved to position %d: urgent #%d went ahead".formatted(i + 1, entry.pullRequest()));
        }
    }

    /**
     * Urgent entries go behind other urgent ones and behind every entry already being tested on the main path, so
     * no running CI is thrown away, and ahead of everything else.
     */
    private int urgentPosition() {
        int position = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).priority() == Priority.URGENT) {
                position = i + 1;
            }
        }
        for (SpeculativeBuild build : builds.values()) {
            if (build.isSpeculative() && build.status() != Status.FAILED && isQueuePrefix(build.entries())) {
                position = Math.max(position, build.entries().size());
            }
        }
        return position;
    }

    private void update(QueueEvent.Updated event) {
        find(event.pullRequest()).ifPresent(entry -> {
            if (!entry.head().equals(event.head())) {
                entries.set(entries.indexOf(entry), entry.withHead(event.head()));
                record(entry.pullRequest(), HistoryEvent.Kind.UPDATED,
                        "new head %s; failures reset, builds with the old head dropped".formatted(event.head()));
            }
        });
    }

    private void dequeue(QueueEvent.Dequeued event) {
        find(event.pullRequest()).ifPresent(entry -> {
            entries.remove(entry);
            record(entry.pullRequest(), HistoryEvent.Kind.DEQUEUED, event.reason());
        });
    }

    private void commitBuilt(QueueEvent.CommitBuilt event) {
        SpeculativeBuild build = builds.get(event.build());
        if (build == null || build.status() != Status.BUILDING) {
            return;
        }
        if (build.kind() == SpeculativeBuild.Kind.EMERGENCY) {
            landEmergency(build, event.commit());
            return;
        }
        builds.put(build.id(), build.testing(event.commit(), now));
        commands.add(new QueueCommand.StartCi(build.id(), event.commit()));
        for (EntryRef ref : build.addedEntries()) {
            record(ref.pullRequest(), HistoryEvent.Kind.TEST_STARTED,
                    "%s tests main + %s".formatted(build.id(), describe(build.entries())));
        }
    }

    private void commitConflicted(QueueEvent.CommitConflicted event) {
        SpeculativeBuild build = builds.remove(event.build());
        if (build == null) {
            return;
        }
        if (build.kind() == SpeculativeBuild.Kind.EMERGENCY) {
            EntryRef ref = build.entries().get(0);
            String detail = "the emergency merge of #%d does not merge onto main: conflicting files %s"
                    .formatted(ref.pullRequest(), String.join(", ", event.files()));
            record(ref.pullRequest(), HistoryEvent.Kind.EJECTED, detail);
            commands.add(new QueueCommand.Notify(ref.pullRequest(), authorOf(ref.pullRequest()), detail));
            emergencyAuthors.remove(ref.pullRequest());
            return;
        }
        find(event.pullRequest()).ifPresent(entry -> {
            List<EntryRef> ahead = build.entries().subList(0,
                    Math.max(0, indexOf(build.entries(), entry.pullRequest())));
            eject(entry, EjectionReason.MERGE_CONFLICT, "#%d does not merge onto main%s: conflicting files %s"
                    .formatted(entry.pullRequest(), ahead.isEmpty() ? "" : " + " + describe(ahead),
                            String.join(", ", event.files())));
        });
    }

    private void ciFinished(QueueEvent.CiFinished event) {
        SpeculativeBuild build = builds.get(event.build());
        if (build == null || build.status() != Status.TESTING) {
            return;
        }
        build.ciStartedAt().ifPresent(started -> {
            ciTimeObserved = ciTimeObserved.plus(Duration.between(started, now));
            ciRunsObserved++;
        });
        boolean passed = event.outcome() == CiOutcome.PASSED;
        if (build.kind() == SpeculativeBuild.Kind.STALE) {
            builds.remove(build.id());
            readStaleResult(build, passed);
            return;
        }
        builds.put(build.id(), build.withStatus(passed ? Status.PASSED : Status.FAILED));
        for (EntryRef ref : build.addedEntries()) {
            record(ref.pullRequest(), passed ? HistoryEvent.Kind.TEST_PASSED : HistoryEvent.Kind.TEST_FAILED,
                    "%s (main + %s) %s".formatted(build.id(), describe(build.entries()), passed ? "passed" : "failed"));
        }
    }

    private void mainMoved(QueueEvent.MainMoved event) {
        if (event.commit().equals(main)) {
            return;
        }
        main = event.commit();
        merges.add(event.commit());
        staleAll();
        rebuildEmergencies();
    }

    /** Main moved while an emergency commit was being built on the old one: build it again on the new main. */
    private void rebuildEmergencies() {
        for (SpeculativeBuild build : List.copyOf(builds.values())) {
            if (build.kind() == SpeculativeBuild.Kind.EMERGENCY) {
                builds.remove(build.id());
                BuildId id = new BuildId(nextBuildId++);
                builds.put(id, new SpeculativeBuild(id, SpeculativeBuild.Kind.EMERGENCY, build.entries(), 1,
                        Status.BUILDING, Optional.empty(), Optional.empty(), 0));
                commands.add(new QueueCommand.BuildCommit(id, main, build.entries()));
            }
        }
    }

    private void emergencyMerge(QueueEvent.EmergencyMerge event) {
        if (emergencyPending(event.pullRequest())) {
            return;
        }
        if (isMerged(event.pullRequest())) {
            commands.add(new QueueCommand.Notify(event.pullRequest(), event.author(),
                    "#%d is already merged; there is nothing to land".formatted(event.pullRequest())));
            return;
        }
        find(event.pullRequest()).ifPresent(entries::remove);
        emergencyAuthors.put(event.pullRequest(), event.author());
        record(event.pullRequest(), HistoryEvent.Kind.ENQUEUED,
                "emergency merge requested by %s: lands without waiting for CI".formatted(event.by()));
        BuildId id = new BuildId(nextBuildId++);
        List<EntryRef> refs = List.of(new EntryRef(event.pullRequest(), event.head()));
        builds.put(id, new SpeculativeBuild(id, SpeculativeBuild.Kind.EMERGENCY, refs, 1, Status.BUILDING,
                Optional.empty(), Optional.empty(), 0));
        commands.add(new QueueCommand.BuildCommit(id, main, refs));
    }

    /** Whether a build tests one entry already charged with a failure on top of what passed before it. */
    private boolean retriesSuspect(SpeculativeBuild build) {
        if (build.added() != 1) {
            return false;
        }
        EntryRef added = build.addedEntries().get(0);
        return find(added.pullRequest()).filter(entry -> entry.ref().equals(added) && entry.failures() > 0)
                .isPresent();
    }

    private boolean isMerged(int pullRequest) {
        return history.getOrDefault(pullRequest, List.of()).stream()
                .anyMatch(line -> line.kind() == HistoryEvent.Kind.MERGED);
    }

    private boolean emergencyPending(int pullRequest) {
        return builds.values().stream().anyMatch(build -> build.kind() == SpeculativeBuild.Kind.EMERGENCY
                && build.entries().get(0).pullRequest() == pullRequest);
    }

    private void landEmergency(SpeculativeBuild build, String commit) {
        builds.remove(build.id());
        commands.add(new QueueCommand.FastForward(main, commit, build.id(), build.entries(), false));
        main = commit;
        merges.add(commit);
        EntryRef ref = build.entries().get(0);
        record(ref.pullRequest(), HistoryEvent.Kind.MERGED, "emergency merge into %s, without CI".formatted(commit));
        emergencyAuthors.remove(ref.pullRequest());
        staleAll();
        rebuildEmergencies();
    }

    /**
     * Main moved under the speculation. Builds not yet tested are dropped; CI already running is left to finish and
     * read as evidence about its entries, so as little of it as possible is thrown away; fresh builds start on the new
     * main with the budget that is left.
     */
    private void staleAll() {
        for (SpeculativeBuild build : List.copyOf(builds.values())) {
            if (build.kind() == SpeculativeBuild.Kind.EMERGENCY) {
                continue;
            }
            if (build.status() == Status.TESTING) {
                builds.put(build.id(), build.staled());
            } else {
                builds.remove(build.id());
                if (build.status() == Status.PASSED || build.status() == Status.FAILED) {
                    readStaleResult(build, build.status() == Status.PASSED);
                }
            }
        }
    }

    /**
     * What a build on a previous main says: a pass makes its entries very likely good; a failure whose parent is the
     * previous main is charged to the entry it added (no retry: the new main gets fresh builds).
     */
    private void readStaleResult(SpeculativeBuild build, boolean passed) {
        if (passed) {
            for (EntryRef ref : build.entries()) {
                find(ref.pullRequest()).filter(entry -> entry.ref().equals(ref)).ifPresent(entry -> entries
                        .set(entries.indexOf(entry), entry.withSuccessEstimate(Math.max(entry.successEstimate(),
                                VERIFIED_ESTIMATE))));
            }
            return;
        }
        if (build.added() == 1 && (build.parentEntries().isEmpty() || retriesSuspect(build))) {
            EntryRef culprit = build.addedEntries().get(0);
            find(culprit.pullRequest()).filter(entry -> entry.ref().equals(culprit))
                    .ifPresent(entry -> chargeEntry(entry, build, "the previous main"));
        }
    }

    private void deployed(QueueEvent.Deployed event) {
        int index = merges.indexOf(event.commit());
        if (index >= 0) {
            merges.subList(0, index + 1).clear();
        } else if (event.commit().equals(main)) {
            merges.clear();
        }
    }

    private void reconcile() {
        dropInvalidBuilds();
        boolean changed = true;
        while (changed) {
            changed = attributeFailures();
            changed |= advanceMain();
        }
        enforceBudget();
        startBuilds();
    }

    /** Drops builds that hold an entry no longer queued (or at another head), or that break queue order. */
    private void dropInvalidBuilds() {
        Map<EntryRef, Integer> positions = positions();
        for (SpeculativeBuild build : List.copyOf(builds.values())) {
            if (build.kind() != SpeculativeBuild.Kind.EMERGENCY && !fitsQueue(build.entries(), positions)) {
                drop(build);
            }
        }
    }

    private boolean fitsQueue(List<EntryRef> refs, Map<EntryRef, Integer> positions) {
        int previous = -1;
        for (EntryRef ref : refs) {
            Integer position = positions.get(ref);
            if (position == null || position <= previous) {
                return false;
            }
            previous = position;
        }
        int leftOut = previous + 1 - refs.size();
        return leftOut <= configuration.maxExclusions();
    }

    /**
     * Decides what each failed build means. A failure whose parent build passed (or whose parent is main) is the
     * fault of what the build adds: one entry is charged, a batch is bisected. A failure under a failed parent is the
     * parent's, and charged to nobody behind it. A failure that a passed build containing the same entries
     * contradicts was a flake.
     */
    private boolean attributeFailures() {
        boolean changed = false;
        Map<List<EntryRef>, SpeculativeBuild> index = SpeculationPlanner.byEntries(speculative());
        List<SpeculativeBuild> failed = builds.values().stream()
                .filter(build -> build.isSpeculative() && build.status() == Status.FAILED)
                .sorted(Comparator.comparingInt(build -> build.entries().size()))
                .toList();
        for (SpeculativeBuild build : failed) {
            if (!builds.containsKey(build.id())) {
                continue;
            }
            if (contradictedByPass(build)) {
                builds.remove(build.id());
                changed = true;
                continue;
            }
            List<EntryRef> parentEntries = build.parentEntries();
            SpeculativeBuild parent = index.get(parentEntries);
            if (parent != null && parent.status() == Status.FAILED) {
                builds.remove(build.id());
                changed = true;
            } else if (parentEntries.isEmpty() || (parent != null && parent.status() == Status.PASSED)) {
                if (build.added() == 1) {
                    charge(build);
                } else {
                    bisect(build);
                }
                changed = true;
            }
        }
        return changed;
    }

    private boolean contradictedByPass(SpeculativeBuild failed) {
        return builds.values().stream()
                .anyMatch(other -> other.isSpeculative() && other.status() == Status.PASSED
                        && other.entries().size() > failed.entries().size()
                        && other.entries().subList(0, failed.entries().size()).equals(failed.entries()));
    }

    private void charge(SpeculativeBuild build) {
        EntryRef culprit = build.addedEntries().get(0);
        Optional<QueueEntry> found = find(culprit.pullRequest());
        if (found.isEmpty()) {
            builds.remove(build.id());
            return;
        }
        String context = build.parentEntries().isEmpty() ? "main" : "main + " + describe(build.parentEntries());
        if (chargeEntry(found.get(), build, context)) {
            builds.remove(build.id());
            return;
        }
        if (inFlight() < configuration.ciBudget() && build.commit().isPresent()) {
            builds.put(build.id(), build.retried(now));
            commands.add(new QueueCommand.StartCi(build.id(), build.commit().get()));
            record(culprit.pullRequest(), HistoryEvent.Kind.RETRIED,
                    "%s retried as a suspected flake".formatted(build.id()));
        } else {
            builds.remove(build.id());
        }
    }

    /** Charges a failure to an entry; ejects it past the tolerance and says so. */
    private boolean chargeEntry(QueueEntry current, SpeculativeBuild build, String context) {
        QueueEntry entry = current.withFailures(current.failures() + 1);
        entries.set(entries.indexOf(current), entry);
        record(entry.pullRequest(), HistoryEvent.Kind.FAILURE_CHARGED,
                "failure %d of %d tolerated, on %s".formatted(entry.failures(), configuration.failureTolerance() + 1,
                        context));
        if (entry.failures() > configuration.failureTolerance()) {
            eject(entry, EjectionReason.CI_FAILED,
                    "#%d failed CI %d times on %s (%s), more than the failure tolerance of %d"
                            .formatted(entry.pullRequest(), entry.failures(), context, build.id(),
                                    configuration.failureTolerance()));
            return true;
        }
        return false;
    }

    private void bisect(SpeculativeBuild build) {
        int half = Math.max(1, build.added() / 2);
        for (EntryRef ref : build.addedEntries()) {
            find(ref.pullRequest()).ifPresent(entry -> entries.set(entries.indexOf(entry), entry.withBatchLimit(half)));
        }
        builds.remove(build.id());
    }

    /** Fast-forwards main to the passed build that covers the longest front of the queue, if merging is allowed. */
    private boolean advanceMain() {
        if (lockReason.isPresent()) {
            return false;
        }
        if (configuration.maxUndeployedMerges() > 0 && merges.size() >= configuration.maxUndeployedMerges()) {
            return false;
        }
        SpeculativeBuild best = null;
        for (SpeculativeBuild build : builds.values()) {
            if (build.isSpeculative() && build.status() == Status.PASSED && isQueuePrefix(build.entries())
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
        commands.add(new QueueCommand.FastForward(main, target, best.id(), best.entries(), true));
        main = target;
        merges.add(target);
        rebuildEmergencies();
        int merged = best.entries().size();
        for (EntryRef ref : best.entries()) {
            find(ref.pullRequest()).ifPresent(entries::remove);
            record(ref.pullRequest(), HistoryEvent.Kind.MERGED, "merged by %s into %s".formatted(best.id(), target));
        }
        for (SpeculativeBuild build : List.copyOf(builds.values())) {
            if (!build.isSpeculative()) {
                continue;
            }
            if (build.entries().size() > merged && build.entries().subList(0, merged).equals(best.entries())) {
                builds.put(build.id(), build.rebased(merged));
            } else if (build.status() == Status.TESTING && retriesSuspect(build)) {
                // A suspect's retry finishes and still counts, or a demoted suspect would never be judged.
                builds.put(build.id(), build.staled());
            } else {
                drop(build);
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
        Map<EntryRef, Integer> positions = positions();
        SpeculativeBuild chosen = null;
        List<QueueEntry> skipped = List.of();
        for (SpeculativeBuild build : builds.values()) {
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
                if (!included.contains(entries.get(i).ref())) {
                    left.add(entries.get(i));
                }
            }
            boolean allSuspects = !left.isEmpty() && left.stream().allMatch(entry -> entry.failures() > 0);
            if (allSuspects && (chosen == null || build.entries().size() > chosen.entries().size())) {
                chosen = build;
                skipped = left;
            }
        }
        if (chosen == null) {
            return null;
        }
        entries.removeAll(skipped);
        int after = entries.indexOf(find(chosen.entries().getLast().pullRequest()).orElseThrow()) + 1;
        entries.addAll(after, skipped);
        for (QueueEntry suspect : skipped) {
            record(suspect.pullRequest(), HistoryEvent.Kind.POSITION_CHANGED,
                    "moved to position %d, behind #%d: its build failed and is being retried, so the entries behind it go ahead"
                            .formatted(entries.indexOf(suspect) + 1, chosen.entries().getLast().pullRequest()));
        }
        return isQueuePrefix(chosen.entries()) ? chosen : null;
    }

    /** Cancels in-flight builds beyond the budget (after it shrank), deepest first. */
    private void enforceBudget() {
        int excess = inFlight() - configuration.ciBudget();
        if (excess <= 0) {
            return;
        }
        List<SpeculativeBuild> deepestFirst = builds.values().stream()
                .filter(SpeculativeBuild::inFlight)
                .sorted(Comparator.comparing((SpeculativeBuild build) -> build.isSpeculative())
                        .thenComparing(Comparator.comparingInt((SpeculativeBuild build) -> build.entries().size())
                                .reversed())
                        .thenComparing(SpeculativeBuild::id, Comparator.reverseOrder()))
                .limit(excess)
                .toList();
        deepestFirst.forEach(this::drop);
    }

    private void startBuilds() {
        int slots = configuration.ciBudget() - inFlight();
        if (slots <= 0 || entries.isEmpty()) {
            return;
        }
        SpeculationPlanner planner = new SpeculationPlanner(configuration);
        List<SpeculationPlanner.Planned> planned = planner.plan(entries, SpeculationPlanner.byEntries(speculative()),
                slots,
                new HashMap<>());
        for (SpeculationPlanner.Planned plan : planned) {
            BuildId id = new BuildId(nextBuildId++);
            builds.put(id, new SpeculativeBuild(id, SpeculativeBuild.Kind.SPECULATIVE, plan.entries(), plan.added(),
                    Status.BUILDING, Optional.empty(), Optional.empty(), 0));
            commands.add(new QueueCommand.BuildCommit(id, main, plan.entries()));
        }
    }

    private void eject(QueueEntry entry, EjectionReason reason, String detail) {
        entries.remove(entry);
        record(entry.pullRequest(), HistoryEvent.Kind.EJECTED, detail);
        commands.add(new QueueCommand.Eject(entry.pullRequest(), reason, detail));
        commands.add(new QueueCommand.Notify(entry.pullRequest(), entry.author(),
                "#%d was taken out of the merge queue: %s".formatted(entry.pullRequest(), detail)));
        dropInvalidBuilds();
    }

    /** Removes a build, cancelling its CI when it runs. */
    private void drop(SpeculativeBuild build) {
        builds.remove(build.id());
        if (build.status() == Status.TESTING && build.commit().isPresent()) {
            commands.add(new QueueCommand.CancelCi(build.id(), build.commit().get()));
        }
    }

    private int inFlight() {
        int count = 0;
        for (SpeculativeBuild build : builds.values()) {
            if (build.inFlight()) {
                count++;
            }
        }
        return count;
    }

    private boolean isQueuePrefix(List<EntryRef> refs) {
        if (refs.size() > entries.size()) {
            return false;
        }
        for (int i = 0; i < refs.size(); i++) {
            if (!entries.get(i).ref().equals(refs.get(i))) {
                return false;
            }
        }
        return true;
    }

    private Map<EntryRef, Integer> positions() {
        Map<EntryRef, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            positions.put(entries.get(i).ref(), i);
        }
        return positions;
    }

    private List<SpeculativeBuild> speculative() {
        return builds.values().stream().filter(SpeculativeBuild::isSpeculative).toList();
    }

    private String authorOf(int pullRequest) {
        String author = emergencyAuthors.get(pullRequest);
        if (author != null) {
            return author;
        }
        return find(pullRequest).map(QueueEntry::author).orElse("unknown");
    }

    private Optional<QueueEntry> find(int pullRequest) {
        return entries.stream().filter(entry -> entry.pullRequest() == pullRequest).findFirst();
    }

    private static int indexOf(List<EntryRef> refs, int pullRequest) {
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).pullRequest() == pullRequest) {
                return i;
            }
        }
        return refs.size();
    }

    private void record(int pullRequest, HistoryEvent.Kind kind, String detail) {
        history.computeIfAbsent(pullRequest, key -> new ArrayList<>()).add(new HistoryEvent(now, kind, detail));
    }

    static String describe(List<EntryRef> refs) {
        return refs.stream().map(ref -> "#" + ref.pullRequest()).collect(Collectors.joining(", "));
    }

    /** The builds holding a CI slot now. */
    public Set<BuildId> inFlightBuilds() {
        Set<BuildId> ids = new HashSet<>();
        builds.values().stream().filter(SpeculativeBuild::inFlight).forEach(build -> ids.add(build.id()));
        return ids;
    }
}
