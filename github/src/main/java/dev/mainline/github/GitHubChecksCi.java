package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.github.GitHubApi.GitHubApiException;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.ContinuousIntegration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The repository's own CI on GitHub, read from the checks it reports on the queue's build commits. Pushing a build
 * branch starts the CI (its workflows run on {@code mainline/builds/**}); the result arrives as {@code check_run},
 * {@code check_suite} and {@code status} webhooks, each of which makes this read the commit's checks again. Because
 * GitHub does not redeliver a webhook that failed, {@link #poll()} reads every waiting build again on a schedule.
 */
public final class GitHubChecksCi implements ContinuousIntegration, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GitHubChecksCi.class.getName());

    private final GitHubRepository github;
    private final List<String> requiredChecks;
    private final String ownCheck;
    private final Duration timeout;
    private final Clock clock;
    private final Map<BuildId, Waiting> waiting = new ConcurrentHashMap<>();
    private final ExecutorService reader;

    /** A build waiting for its checks; {@code rerun} names the stale failures already asked to run again. */
    private record Waiting(String commit, Consumer<CiRun> finished, Instant started, Set<String> rerun) {
    }

    /**
     * @param requiredChecks the checks that decide; empty means every check reported
     * @param ownCheck the queue's own check run name, never counted
     * @param timeout how long a build may wait for its checks before it counts as failed
     */
    public GitHubChecksCi(GitHubRepository github, List<String> requiredChecks, String ownCheck, Duration timeout,
            Clock clock) {
        this.github = requireNonNull(github, "github is null");
        this.requiredChecks = List.copyOf(requireNonNull(requiredChecks, "requiredChecks is null"));
        this.ownCheck = requireNonNull(ownCheck, "ownCheck is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.reader = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("github-checks-"
                + github.name()).factory());
    }

    @Override
    public void start(BuildId build, String commit, Consumer<CiRun> finished) {
        waiting.put(build, new Waiting(commit, finished, clock.instant(), ConcurrentHashMap.newKeySet()));
        // The commit may have been tested before (the same stack built again): its checks may already be in.
        reader.execute(() -> read(build));
    }

    @Override
    public void cancel(BuildId build) {
        waiting.remove(build);
    }

    /** A check on {@code commit} changed: the builds on it read their checks again. */
    public void checksChanged(String commit) {
        waiting.forEach((build, wait) -> {
            if (wait.commit().equals(commit)) {
                reader.execute(() -> read(build));
            }
        });
    }

    /** Reads every waiting build's checks again (webhooks can be lost). */
    public void poll() {
        waiting.keySet().forEach(build -> reader.execute(() -> read(build)));
    }

    /** The commits being waited on. */
    public List<String> waitingCommits() {
        return waiting.values().stream().map(Waiting::commit).toList();
    }

    private void read(BuildId build) {
        Waiting wait = waiting.get(build);
        if (wait == null) {
            return;
        }
        Optional<CiRun> result;
        try {
            result = decide(wait);
        } catch (GitHubApiException e) {
            LOG.warning(() -> "cannot read the checks of %s in %s: %s".formatted(wait.commit(), github.name(),
                    e.getMessage()));
            return;
        }
        if (result.isPresent() && waiting.remove(build, wait)) {
            wait.finished().accept(result.get());
        }
    }

    private Optional<CiRun> decide(Waiting wait) {
        CheckVerdict verdict = CheckVerdict.of(fresh(wait), requiredChecks, ownCheck);
        return switch (verdict) {
            case CheckVerdict.Green green -> Optional.of(new CiRun(CiOutcome.PASSED,
                    requiredChecks.isEmpty() ? "every check passed" : "passed: " + String.join(", ", requiredChecks),
                    Optional.empty(), List.of()));
            case CheckVerdict.Red red -> Optional.of(new CiRun(CiOutcome.FAILED,
                    "%s: %s".formatted(red.check(), red.conclusion()),
                    red.url().isEmpty() ? Optional.empty() : Optional.of(red.url()), List.of()));
            case CheckVerdict.Waiting still -> {
                Duration waited = Duration.between(wait.started(), clock.instant());
                if (waited.compareTo(timeout) < 0) {
                    yield Optional.empty();
                }
                yield Optional.of(new CiRun(CiOutcome.FAILED, "no CI result within %s (waiting for %s)".formatted(
                        timeout, String.join(", ", still.missing().isEmpty() ? still.running() : still.missing())),
                        Optional.empty(), List.of()));
            }
        };
    }

    /**
     * The commit's checks, where a failure that finished before this run started is stale: the queue is testing the
     * commit again (a suspected flake), so the failed check is asked to run again and counts as running.
     */
    private List<GitHubRepository.Check> fresh(Waiting wait) {
        List<GitHubRepository.Check> fresh = new ArrayList<>();
        // GitHub gives times to the second.
        Instant started = wait.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (GitHubRepository.Check check : github.checks(wait.commit())) {
            boolean staleFailure = check.conclusion().filter(conclusion -> !CheckVerdict.PASSING.contains(conclusion))
                    .isPresent() && check.finished().filter(at -> at.isBefore(started)).isPresent();
            if (!staleFailure) {
                fresh.add(check);
                continue;
            }
            if (check.checkRun().isPresent() && wait.rerun().add(check.name())) {
                LOG.info(() -> "%s failed on %s before this run; asking GitHub to run it again".formatted(
                        check.name(), wait.commit()));
                github.rerequestCheckRun(check.checkRun().get());
            }
            fresh.add(check.running());
        }
        return fresh;
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
