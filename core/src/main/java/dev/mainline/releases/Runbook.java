package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import java.util.List;

/**
 * An app's runbook as data: the rollout's steps (percentages of users, ending at 100), and the gates — approvals
 * before submitting, the least crash-free rate before each rollout increase, and whether a halt and going to 100% need a
 * second release manager to confirm.
 */
public record Runbook(List<Double> rolloutSteps, int requiredApprovals, double minCrashFreeRate,
        boolean twoPersonHalt, boolean twoPersonFull) {
    /** Google Play's common staged rollout; the App Store's phased release follows Apple's own 7-day schedule. */
    public static final Runbook DEFAULT = new Runbook(List.of(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0), 1, 99.0, false,
            false);

    public Runbook {
        rolloutSteps = List.copyOf(requireNonNull(rolloutSteps, "rolloutSteps is null"));
        if (rolloutSteps.isEmpty() || rolloutSteps.getLast() != 100.0) {
            throw MainlineException.invalid("rollout steps must end at 100, got %s", rolloutSteps);
        }
        for (int i = 0; i < rolloutSteps.size(); i++) {
            double step = rolloutSteps.get(i);
            if (step <= 0 || step > 100 || (i > 0 && step <= rolloutSteps.get(i - 1))) {
                throw MainlineException.invalid("rollout steps must rise within (0, 100], got %s", rolloutSteps);
            }
        }
        if (requiredApprovals < 0 || requiredApprovals > 10) {
            throw MainlineException.invalid("required approvals must be 0 to 10, got %d", requiredApprovals);
        }
        if (minCrashFreeRate < 0 || minCrashFreeRate > 100) {
            throw MainlineException.invalid("the least crash-free rate must be 0 to 100, got %s", minCrashFreeRate);
        }
    }

    /**
     * Whether this runbook asks less than {@code other}: fewer approvals, a lower crash-free rate, or a two-person
     * confirmation dropped.
     */
    public boolean relaxes(Runbook other) {
        return requiredApprovals < other.requiredApprovals || minCrashFreeRate < other.minCrashFreeRate
                || (other.twoPersonHalt && !twoPersonHalt) || (other.twoPersonFull && !twoPersonFull);
    }

    /** The step after {@code percent}: the first step above it. */
    public double next(double percent) {
        return rolloutSteps.stream().filter(step -> step > percent).findFirst().orElse(100.0);
    }
}
