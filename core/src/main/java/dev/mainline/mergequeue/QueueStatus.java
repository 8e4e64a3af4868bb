package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a queue looks like now: where main is, whether merging is locked, how far main is ahead of the last deploy,
 * every reason it is not merging, every entry with its estimate, and what is wrong with main's settings when the queue
 * runs on its last good ones.
 *
 * @param undeployedMerges the merges since the last deploy, which the drift limit counts
 * @param maxUndeployedMerges the drift limit; 0 is none
 * @param waitingOn every reason the queue is not merging right now; empty when nothing holds it back
 * @param settingsProblem what is wrong with the settings on main, when the queue runs on its last good ones
 */
public record QueueStatus(String repository, String main, Optional<String> lockReason, List<Entry> entries,
        int buildsInFlight, int undeployedMerges, int maxUndeployedMerges, List<WaitingOn> waitingOn,
        Optional<String> settingsProblem) {
    /** One queued pull request. */
    public record Entry(int position, int pullRequest, String head, String author, Priority priority, int failures,
            Optional<Instant> expectedMergeAt) {
        public Entry {
            requireNonNull(head, "head is null");
            requireNonNull(author, "author is null");
            requireNonNull(priority, "priority is null");
            requireNonNull(expectedMergeAt, "expectedMergeAt is null");
        }
    }

    public QueueStatus {
        requireNonNull(repository, "repository is null");
        requireNonNull(main, "main is null");
        requireNonNull(lockReason, "lockReason is null");
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
        waitingOn = List.copyOf(requireNonNull(waitingOn, "waitingOn is null"));
        requireNonNull(settingsProblem, "settingsProblem is null");
    }

    /** The queue as {@code engine} has it, with estimates as of {@code now}. */
    static QueueStatus of(String repository, MergeQueueEngine engine, Instant now, Optional<String> settingsProblem) {
        List<Estimate> estimates = engine.estimates(now);
        List<QueueEntry> queued = engine.entries();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < queued.size(); i++) {
            QueueEntry entry = queued.get(i);
            entries.add(new Entry(i + 1, entry.pullRequest(), entry.head(), entry.author(), entry.priority(),
                    entry.failures(), estimates.get(i).expectedMergeAt()));
        }
        return new QueueStatus(repository, engine.main(), engine.lockReason(), entries,
                engine.inFlightBuilds().size(), engine.undeployedMerges().size(),
                engine.configuration().maxUndeployedMerges(), engine.waitingOn(), settingsProblem);
    }
}
