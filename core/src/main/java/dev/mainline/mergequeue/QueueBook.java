package dev.mainline.mergequeue;

import dev.mainline.mergequeue.SpeculativeBuild.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The mutable state of one queue while the engine works on it, and the bookkeeping all parts of the engine share:
 * finding entries, writing history, dropping builds, ejecting. {@link #state()} is its exact, immutable snapshot.
 */
final class QueueBook {
    QueueConfiguration configuration;
    Instant now;
    String main;
    final List<QueueEntry> entries;
    final TreeMap<BuildId, SpeculativeBuild> builds = new TreeMap<>();
    Optional<String> lockReason;
    final List<String> merges;
    long nextBuildId;
    Duration ciTimeObserved;
    long ciRunsObserved;
    final Map<Integer, List<HistoryEvent>> history = new TreeMap<>();
    final Map<Integer, String> emergencyAuthors = new TreeMap<>();
    final List<UnconfirmedForward> unconfirmedForwards;
    /** The commands emitted while handling the current event. */
    List<QueueCommand> commands = new ArrayList<>();

    QueueBook(MergeQueueState state) {
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
        this.unconfirmedForwards = new ArrayList<>(state.unconfirmedForwards());
    }

    MergeQueueState state() {
        return new MergeQueueState(configuration, now, main, entries, List.copyOf(builds.values()), lockReason, merges,
                nextBuildId, ciTimeObserved, ciRunsObserved, history, emergencyAuthors, unconfirmedForwards);
    }

    /** Drops builds that hold an entry no longer queued (or at another head), or that break queue order. */
    void dropInvalidBuilds() {
        Map<EntryRef, Integer> positions = positions();
        for (SpeculativeBuild build : List.copyOf(builds.values())) {
            if (build.kind() != SpeculativeBuild.Kind.EMERGENCY && !fitsQueue(build.entries(), positions)) {
                drop(build);
            }
        }
    }

    /**
     * Whether a build still tests entries in queue order, leaving out at most {@code maxExclusions} entries that are
     * not suspects (leaving out a suspect is what the queue expects, so it is not counted).
     */
    boolean fitsQueue(List<EntryRef> refs, Map<EntryRef, Integer> positions) {
        int previous = -1;
        int leftOut = 0;
        for (EntryRef ref : refs) {
            Integer position = positions.get(ref);
            if (position == null || position <= previous) {
                return false;
            }
            for (int skipped = previous + 1; skipped < position; skipped++) {
                if (!entries.get(skipped).isSuspect()) {
                    leftOut++;
                }
            }
            previous = position;
        }
        return leftOut <= configuration.maxExclusions();
    }

    void eject(QueueEntry entry, EjectionReason reason, String detail) {
        entries.remove(entry);
        record(entry.pullRequest(), HistoryEvent.Kind.EJECTED, detail);
        commands.add(new QueueCommand.Eject(entry.pullRequest(), reason, detail));
        commands.add(new QueueCommand.Notify(entry.pullRequest(), entry.author(),
                "#%d was taken out of the merge queue: %s".formatted(entry.pullRequest(), detail)));
        dropInvalidBuilds();
    }

    /** Removes a build, cancelling its CI when it runs. */
    void drop(SpeculativeBuild build) {
        builds.remove(build.id());
        if (build.status() == Status.TESTING && build.commit().isPresent()) {
            commands.add(new QueueCommand.CancelCi(build.id(), build.commit().get()));
        }
    }

    /** Whether main is as far ahead of the last deploy as the drift limit allows: merging waits for a deploy. */
    boolean driftLimitReached() {
        return configuration.maxUndeployedMerges() > 0 && merges.size() >= configuration.maxUndeployedMerges();
    }

    int inFlight() {
        int count = 0;
        for (SpeculativeBuild build : builds.values()) {
            if (build.inFlight()) {
                count++;
            }
        }
        return count;
    }

    boolean isQueuePrefix(List<EntryRef> refs) {
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

    Map<EntryRef, Integer> positions() {
        Map<EntryRef, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            positions.put(entries.get(i).ref(), i);
        }
        return positions;
    }

    List<SpeculativeBuild> speculative() {
        return builds.values().stream().filter(SpeculativeBuild::isSpeculative).toList();
    }

    String authorOf(int pullRequest) {
        String author = emergencyAuthors.get(pullRequest);
        if (author != null) {
            return author;
        }
        return find(pullRequest).map(QueueEntry::author).orElse("unknown");
    }

    Optional<QueueEntry> find(int pullRequest) {
        return entries.stream().filter(entry -> entry.pullRequest() == pullRequest).findFirst();
    }

    static int indexOf(List<EntryRef> refs, int pullRequest) {
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).pullRequest() == pullRequest) {
                return i;
            }
        }
        return refs.size();
    }

    void record(int pullRequest, HistoryEvent.Kind kind, String detail) {
        history.computeIfAbsent(pullRequest, key -> new ArrayList<>()).add(new HistoryEvent(now, kind, detail));
    }

    /** A line about {@code build}'s CI. */
    void record(int pullRequest, HistoryEvent.Kind kind, BuildId build, String detail) {
        history.computeIfAbsent(pullRequest, key -> new ArrayList<>())
                .add(new HistoryEvent(now, kind, detail, Optional.of(build)));
    }

    static String describe(List<EntryRef> refs) {
        return refs.stream().map(ref -> "#" + ref.pullRequest()).collect(Collectors.joining(", "));
    }

    /** Whether the pull request's last merge stands (a refused fast-forward takes it back). */
    boolean isMerged(int pullRequest) {
        boolean merged = false;
        for (HistoryEvent line : history.getOrDefault(pullRequest, List.of())) {
            if (line.kind() == HistoryEvent.Kind.MERGED) {
                merged = true;
            } else if (line.kind() == HistoryEvent.Kind.MERGE_REFUSED) {
                merged = false;
            }
        }
        return merged;
    }

    boolean emergencyPending(int pullRequest) {
        return builds.values().stream().anyMatch(build -> build.kind() == SpeculativeBuild.Kind.EMERGENCY
                && build.entries().get(0).pullRequest() == pullRequest);
    }

    /** Whether a build tests one suspect entry on its own, on top of the entries before it. */
    boolean testsSuspect(SpeculativeBuild build) {
        if (build.added() != 1) {
            return false;
        }
        EntryRef added = build.addedEntries().get(0);
        return find(added.pullRequest()).filter(entry -> entry.ref().equals(added) && entry.isSuspect()).isPresent();
    }

    /** Whether a build tests one entry already charged with a failure on top of what passed before it. */
    boolean retriesSuspect(SpeculativeBuild build) {
        if (build.added() != 1) {
            return false;
        }
        EntryRef added = build.addedEntries().get(0);
        return find(added.pullRequest()).filter(entry -> entry.ref().equals(added) && entry.failures() > 0)
                .isPresent();
    }

    /** The builds holding a CI slot now. */
    public Set<BuildId> inFlightBuilds() {
        Set<BuildId> ids = new HashSet<>();
        builds.values().stream().filter(SpeculativeBuild::inFlight).forEach(build -> ids.add(build.id()));
        return ids;
    }
}
