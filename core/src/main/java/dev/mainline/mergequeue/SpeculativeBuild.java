package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A speculative build: current main plus {@code entries} in queue order, tested before main moves. Its last
 * {@code added} entries are what it adds to its parent, the build of the entries before them (main itself when none).
 */
public record SpeculativeBuild(BuildId id, Kind kind, List<EntryRef> entries, int added, Status status,
        Optional<String> commit, Optional<Instant> ciStartedAt, int ciRuns) {
    public enum Kind {
        /** Tested on the current main; main can fast-forward to it. */
        SPECULATIVE,
        /** Built on a main that has since moved without the queue: its CI runs on, read as evidence only. */
        STALE,
        /** An emergency merge: main moves to it as soon as it is built. */
        EMERGENCY
    }

    public enum Status {
        /** The merge commit is being built. */
        BUILDING,
        /** CI runs on the commit. */
        TESTING,
        PASSED,
        FAILED
    }

    public SpeculativeBuild {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
        requireNonNull(status, "status is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(ciStartedAt, "ciStartedAt is null");
        if (added < 1 || added > entries.size()) {
            throw new IllegalArgumentException(
                    "added must be between 1 and %d, got %d".formatted(entries.size(), added));
        }
    }

    public List<EntryRef> parentEntries() {
        return entries.subList(0, entries.size() - added);
    }

    public List<EntryRef> addedEntries() {
        return entries.subList(entries.size() - added, entries.size());
    }

    /** Whether it holds a CI slot (its commit is being built or tested). */
    public boolean inFlight() {
        return kind != Kind.EMERGENCY && (status == Status.BUILDING || status == Status.TESTING);
    }

    public boolean isSpeculative() {
        return kind == Kind.SPECULATIVE;
    }

    SpeculativeBuild staled() {
        return new SpeculativeBuild(id, Kind.STALE, entries, added, status, commit, ciStartedAt, ciRuns);
    }

    SpeculativeBuild withStatus(Status newStatus) {
        return new SpeculativeBuild(id, kind, entries, added, newStatus, commit, ciStartedAt, ciRuns);
    }

    SpeculativeBuild testing(String builtCommit, Instant startedAt) {
        return new SpeculativeBuild(id, kind, entries, added, Status.TESTING, Optional.of(builtCommit),
                Optional.of(startedAt),
                ciRuns + 1);
    }

    SpeculativeBuild retried(Instant startedAt) {
        return new SpeculativeBuild(id, kind, entries, added, Status.TESTING, commit, Optional.of(startedAt),
                ciRuns + 1);
    }

    /** The same build seen from a main that has moved forward by {@code merged} entries. */
    SpeculativeBuild rebased(int merged) {
        List<EntryRef> remaining = entries.subList(merged, entries.size());
        return new SpeculativeBuild(id, kind, remaining, Math.min(added, remaining.size()), status, commit, ciStartedAt,
                ciRuns);
    }
}
