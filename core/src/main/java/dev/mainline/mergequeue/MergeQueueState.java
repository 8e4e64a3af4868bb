package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything a queue knows, as plain values: saving this and restoring it gives an engine that behaves exactly as the
 * one it was taken from.
 *
 * @param merges the commits main was fast-forwarded to, oldest first, since the last deploy
 * @param ciTimeObserved the total duration and count of finished CI runs, for time estimates
 * @param emergencyAuthors the authors of emergency merges not yet landed, to tell them if one cannot land
 * @param unconfirmedForwards the fast-forwards asked for by the latest event, undone if one is refused
 */
public record MergeQueueState(QueueConfiguration configuration, Instant now, String main, List<QueueEntry> entries,
        List<SpeculativeBuild> builds, Optional<String> lockReason, List<String> merges, long nextBuildId,
        Duration ciTimeObserved, long ciRunsObserved, Map<Integer, List<HistoryEvent>> history,
        Map<Integer, String> emergencyAuthors, List<UnconfirmedForward> unconfirmedForwards) {
    public MergeQueueState {
        requireNonNull(configuration, "configuration is null");
        requireNonNull(now, "now is null");
        requireNonNull(main, "main is null");
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
        builds = List.copyOf(requireNonNull(builds, "builds is null"));
        requireNonNull(lockReason, "lockReason is null");
        merges = List.copyOf(requireNonNull(merges, "merges is null"));
        requireNonNull(ciTimeObserved, "ciTimeObserved is null");
        history = requireNonNull(history, "history is null").entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
        emergencyAuthors = Map.copyOf(requireNonNull(emergencyAuthors, "emergencyAuthors is null"));
        unconfirmedForwards = List.copyOf(requireNonNull(unconfirmedForwards, "unconfirmedForwards is null"));
    }

    public static MergeQueueState initial(QueueConfiguration configuration, Instant now, String main) {
        return new MergeQueueState(configuration, now, main, List.of(), List.of(), Optional.empty(), List.of(), 1,
                Duration.ZERO, 0, Map.of(), Map.of(), List.of());
    }
}
