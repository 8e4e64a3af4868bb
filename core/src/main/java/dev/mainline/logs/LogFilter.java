package dev.mainline.logs;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.Optional;

/** Which logs a listing or a search looks at; an empty field does not narrow. Times are the logs' own times. */
public record LogFilter(Optional<RepositoryName> repository, Optional<String> branch, Optional<String> job,
        Optional<String> release, Optional<LogOutcome> outcome, Optional<Instant> from, Optional<Instant> to) {
    public static final LogFilter ALL = new LogFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public LogFilter {
        requireNonNull(repository, "repository is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(job, "job is null");
        requireNonNull(release, "release is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
    }

    public static LogFilter ofRelease(String version) {
        return new LogFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(version),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public LogFilter inRepository(RepositoryName name) {
        return new LogFilter(Optional.of(name), branch, job, release, outcome, from, to);
    }

    /** Whether {@code log} is one this filter lets through. */
    public boolean admits(StoredLog log) {
        LogSource source = log.source();
        Instant time = log.time();
        return repository.map(source.repository()::equals).orElse(true)
                && branch.map(value -> source.branch().equals(Optional.of(value))).orElse(true)
                && job.map(source.job()::equals).orElse(true)
                && release.map(value -> source.release().equals(Optional.of(value))).orElse(true)
                && outcome.map(value -> source.outcome() == value).orElse(true)
                && from.map(start -> !time.isBefore(start)).orElse(true)
                && to.map(time::isBefore).orElse(true);
    }
}
