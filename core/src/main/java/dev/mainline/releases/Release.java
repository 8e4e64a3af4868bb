package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One release of an app on one platform: its version, build, branch, where it is in the runbook, its rollout
 * percentage, who approved it, its latest crash-free rate (and when it was measured), a change waiting for a second
 * release manager's confirmation, and its revision (each change adds one; a change made on an older revision is
 * refused).
 */
public record Release(long id, AppKey app, Platform platform, String version, Optional<String> build, String branch,
        ReleaseState state, double rolloutPercent, Set<String> approvals, Optional<Double> crashFreeRate,
        Optional<Instant> crashFreeAt, Optional<Instant> rolloutChangedAt, Optional<Pending> pending,
        Optional<String> previousBuild, long revision, Instant createdAt, Instant updatedAt) {
    public Release {
        requireNonNull(app, "app is null");
        requireNonNull(platform, "platform is null");
        requireNonNull(version, "version is null");
        requireNonNull(build, "build is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(state, "state is null");
        approvals = Set.copyOf(requireNonNull(approvals, "approvals is null"));
        requireNonNull(crashFreeRate, "crashFreeRate is null");
        requireNonNull(crashFreeAt, "crashFreeAt is null");
        requireNonNull(rolloutChangedAt, "rolloutChangedAt is null");
        requireNonNull(pending, "pending is null");
        requireNonNull(previousBuild, "previousBuild is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** A change asked for by one release manager, waiting for another to confirm it. */
    public record Pending(ReleaseCommand command, String requestedBy, Instant requestedAt) {
        public Pending {
            requireNonNull(command, "command is null");
            requireNonNull(requestedBy, "requestedBy is null");
            requireNonNull(requestedAt, "requestedAt is null");
        }
    }

    /** A release just cut. */
    public static Release cut(AppKey app, Platform platform, String version, String branch,
            Optional<String> previousBuild, Instant at) {
        return new Release(0, app, platform, version, Optional.empty(), branch, ReleaseState.CUT, 0, Set.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), previousBuild, 0, at, at);
    }

    Release with(ReleaseState newState, double percent, Instant at) {
        boolean rolloutChanged = percent != rolloutPercent || newState != state;
        return new Release(id, app, platform, version, build, branch, newState, percent, approvals, crashFreeRate,
                crashFreeAt, rolloutChanged ? Optional.of(at) : rolloutChangedAt, Optional.empty(), previousBuild,
                revision, createdAt, at);
    }

    Release withBuild(String newBuild, Instant at) {
        // A new build starts the runbook over from regression: approvals were for the old one.
        return new Release(id, app, platform, version, Optional.of(newBuild), branch, ReleaseState.BUILT, 0,
                Set.of(), crashFreeRate, crashFreeAt, rolloutChangedAt, Optional.empty(), previousBuild, revision,
                createdAt, at);
    }

    Release withApproval(String login, Instant at) {
        java.util.Set<String> more = new java.util.TreeSet<>(approvals);
        more.add(login);
        return new Release(id, app, platform, version, build, branch, state, rolloutPercent, more, crashFreeRate,
                crashFreeAt, rolloutChangedAt, pending, previousBuild, revision, createdAt, at);
    }

    Release withCrashFreeRate(double rate, Instant at) {
        return new Release(id, app, platform, version, build, branch, state, rolloutPercent, approvals,
                Optional.of(rate), Optional.of(at), rolloutChangedAt, pending, previousBuild, revision, createdAt, at);
    }

    Release withPending(Pending waiting, Instant at) {
        return new Release(id, app, platform, version, build, branch, state, rolloutPercent, approvals, crashFreeRate,
                crashFreeAt, rolloutChangedAt, Optional.of(waiting), previousBuild, revision, createdAt, at);
    }

    /** The same release as stored under {@code newId} at {@code newRevision}. */
    public Release stored(long newId, long newRevision) {
        return new Release(newId, app, platform, version, build, branch, state, rolloutPercent, approvals,
                crashFreeRate, crashFreeAt, rolloutChangedAt, pending, previousBuild, newRevision, createdAt,
                updatedAt);
    }
}
