package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A repository's merge queue settings, as its {@code .mainline.yml} gives them: how the queue behaves, what a pull
 * request needs before it may join (GitHub mode), and the CI command (local mode).
 *
 * @param requiredChecks the checks that must be green on a pull request's head before it may join
 * @param requiredApprovals how many approving reviews it needs
 * @param ci the command local mode runs as CI; empty when the repository's CI runs elsewhere
 */
public record RepositorySettings(Strategy strategy, QueueConfiguration queue, List<String> requiredChecks,
        int requiredApprovals, Optional<LocalCi> ci) {
    /** How the queue speculates. */
    public enum Strategy {
        /** Ours: a speculation tree that also tests the queue without each suspect, so one bad entry stalls none. */
        SPECULATIVE("speculative"),
        /** One predictive branch, failures counted Shopify's way (the builds behind count too). */
        PREDICTIVE("predictive"),
        /** One entry at a time on main. */
        SERIAL("serial");

        private final String key;

        Strategy(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Strategy fromKey(String key) {
            for (Strategy strategy : values()) {
                if (strategy.key.equals(key)) {
                    return strategy;
                }
            }
            throw MainlineException.invalid("strategy '%s' is not known; expected speculative, predictive or serial",
                    key);
        }

        /** The engine configuration this strategy runs with, from the repository's own numbers. */
        public QueueConfiguration apply(QueueConfiguration configuration) {
            return switch (this) {
                case SPECULATIVE -> configuration.withMaxExclusions(2).withMinSpeculationWeight(0.02);
                case PREDICTIVE -> configuration.withMaxExclusions(0).withCountSuccessiveFailures(true);
                case SERIAL -> configuration.withMaxExclusions(0).withCiBudget(1).withBatchSize(1);
            };
        }
    }

    /** The CI command local mode runs on a checkout of each tested commit. */
    public record LocalCi(String command, Duration timeout, int concurrency, String reportGlob) {
        public LocalCi {
            requireNonNull(command, "command is null");
            requireNonNull(timeout, "timeout is null");
            requireNonNull(reportGlob, "reportGlob is null");
            if (command.isBlank()) {
                throw MainlineException.invalid("ci.command is empty");
            }
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(24)) > 0) {
                throw MainlineException.invalid("ci.timeout must be more than 0 and at most 24h, got %s", timeout);
            }
            if (concurrency < 1 || concurrency > 256) {
                throw MainlineException.invalid("ci.concurrency must be between 1 and 256, got %d", concurrency);
            }
        }
    }

    public RepositorySettings {
        requireNonNull(strategy, "strategy is null");
        requireNonNull(queue, "queue is null");
        requiredChecks = List.copyOf(requireNonNull(requiredChecks, "requiredChecks is null"));
        requireNonNull(ci, "ci is null");
        if (requiredApprovals < 0 || requiredApprovals > 20) {
            throw MainlineException.invalid("merge_queue.required_approvals must be between 0 and 20, got %d",
                    requiredApprovals);
        }
    }

    /** What a repository without a {@code .mainline.yml} gets. */
    public static RepositorySettings defaults() {
        return new RepositorySettings(Strategy.SPECULATIVE, Strategy.SPECULATIVE.apply(QueueConfiguration.defaults()),
                List.of(), 0, Optional.empty());
    }
}
