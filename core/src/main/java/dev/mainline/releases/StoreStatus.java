package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What an app store says about a release now: its review verdict when the store gives one, and its rollout when it
 * has started. Either may be missing: a release not yet released has no rollout, and Google Play's read gives none at
 * all (its track releases say whether a release is published, not at which fraction or whether it is halted).
 */
public record StoreStatus(Optional<Review> review, Optional<Rollout> rollout) {
    public StoreStatus {
        requireNonNull(review, "review is null");
        requireNonNull(rollout, "rollout is null");
    }

    /** The store's review of a submitted build. */
    public enum Verdict {
        IN_REVIEW,
        APPROVED,
        REJECTED
    }

    /** A review verdict and the store's words for it (for a rejection: why, or where the store explains why). */
    public record Review(Verdict verdict, String reason) {
        public Review {
            requireNonNull(verdict, "verdict is null");
            requireNonNull(reason, "reason is null");
        }

        public static Review inReview(String reason) {
            return new Review(Verdict.IN_REVIEW, reason);
        }

        public static Review approved(String reason) {
            return new Review(Verdict.APPROVED, reason);
        }

        public static Review rejected(String reason) {
            return new Review(Verdict.REJECTED, reason);
        }
    }

    /** Where a started rollout is, as the store sees it. */
    public enum Phase {
        ROLLING_OUT,
        /** Stopped to go on later (the App Store's paused phased release). */
        PAUSED,
        /** Stopped for a problem (Google Play's halted release). */
        HALTED,
        /** Everyone has it. */
        COMPLETED
    }

    /** A rollout's phase and the percentage of users the store gives the build to. */
    public record Rollout(Phase phase, double percent) {
        public Rollout {
            requireNonNull(phase, "phase is null");
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("a rollout percentage is 0 to 100, got " + percent);
            }
            if (phase == Phase.COMPLETED && percent != 100) {
                throw new IllegalArgumentException("a completed rollout is at 100%, got " + percent);
            }
        }

        public static Rollout rollingOut(double percent) {
            return new Rollout(Phase.ROLLING_OUT, percent);
        }

        public static Rollout paused(double percent) {
            return new Rollout(Phase.PAUSED, percent);
        }

        public static Rollout halted(double percent) {
            return new Rollout(Phase.HALTED, percent);
        }

        public static Rollout completed() {
            return new Rollout(Phase.COMPLETED, 100);
        }
    }

    /** The store knows nothing Mainline can use about the release. */
    public static StoreStatus unknown() {
        return new StoreStatus(Optional.empty(), Optional.empty());
    }

    public static StoreStatus of(Review review) {
        return new StoreStatus(Optional.of(review), Optional.empty());
    }

    public static StoreStatus of(Rollout rollout) {
        return new StoreStatus(Optional.empty(), Optional.of(rollout));
    }

    public static StoreStatus of(Review review, Rollout rollout) {
        return new StoreStatus(Optional.of(review), Optional.of(rollout));
    }
}
