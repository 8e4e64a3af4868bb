package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a queue looks like now: where main is, whether merging is locked, every entry with its estimate, and what is
 * wrong with main's settings when the queue runs on its last good ones.
 */
public record QueueStatus(String repository, String main, Optional<String> lockReason, List<Entry> entries,
        int buildsInFlight, Optional<String> settingsProblem) {
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
        requireNonNull(settingsProblem, "settingsProblem is null");
    }

    static QueueStatus of(String repository, MergeQueueEngine engine, Optional<String> settingsProblem) {
        List<Estimate> estimates = engine.estimates();
        List<QueueEntry> queued = engine.entries();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < queued.size(); i++) {
            QueueEntry entry = queued.get(i);
            entries.add(new Entry(i + 1, entry.pullRequest(), entry.head(), entry.author(), entry.priority(),
                    entry.failures(), estimates.get(i).expectedMergeAt()));
        }
        return new QueueStatus(repository, engine.main(), engine.lockReason(), entries,
                engine.inFlightBuilds().size(), settingsProblem);
    }
}
