package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A speculative build: current main plus {@code entries} in queue order, tested before main moves. Its last
 * {@code added} entries are what it adds to its parent, the build of the entries before them (main itself when none).
 */
public record SpeculativeBuild(BuildId id, List<EntryRef> entries, int added, Status status, Optional<String> commit,
        Optional<Instant> ciStartedAt, int ciRuns) {
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
        return status == Status.BUILDING || status == Status.TESTING;
    }

    SpeculativeBuild withStatus(Status newStatus) {
        return new SpeculativeBuild(id, entries, added, newStatus, commit, ciStartedAt, ciRuns);
    }

    SpeculativeBuild testing(String builtCommit, Instant startedAt) {
        return new SpeculativeBuild(id, entries, added, Status.TESTING, Optional.of(builtCommit),
                Optional.of(startedAt),
                ciRuns + 1);
    }

    SpeculativeBuild retried(Instant startedAt) {
        return new SpeculativeBuild(id, entries, added, Status.TESTING, commit, Optional.of(startedAt), ciRuns + 1);
    }

    /** The same build seen from a main that has moved forward by {@code merged} entries. */
    SpeculativeBuild rebased(int merged) {
        List<EntryRef> remaining = entries.subList(merged, entries.size());
        return new SpeculativeBuild(id, remaining, Math.min(added, remaining.size()), status, commit, ciStartedAt,
                ciRuns);
    }
}
