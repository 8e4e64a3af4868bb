package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A line of a pull request's queue history and, when it is a build's result, the CI run it came from. */
public record HistoryLine(HistoryEvent event, Optional<QueueCiRun> ci) {
    public HistoryLine {
        requireNonNull(event, "event is null");
        requireNonNull(ci, "ci is null");
    }
}
