package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.mergequeue.SpeculativeBuild.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One reason the queue is not merging right now: a kind for programs and a sentence for people, which says what would
 * let it go on.
 */
public record WaitingOn(Reason reason, String detail) {
    /** How many waiting pull requests a reason names before it only counts the rest. */
    private static final int NAMED = 5;

    public enum Reason {
        /** Merging is locked; testing goes on. */
        LOCKED,
        /** Main is as far ahead of the last deploy as {@code max_undeployed_merges} allows. */
        DRIFT_LIMIT,
        /** The first pull request in line is being tested. */
        CI,
        /** Every CI slot is taken and pull requests wait to be tested at all. */
        CI_BUDGET;

        /** The name used in the API, such as {@code drift-limit}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public WaitingOn {
        requireNonNull(reason, "reason is null");
        requireNonNull(detail, "detail is null");
    }

    /**
     * Every reason the queue in {@code book} is not merging now, those that stop all merging (a lock, the drift limit)
     * first. A lock and the drift limit are named even when nothing is queued: they hold back whatever comes next.
     */
    static List<WaitingOn> of(QueueBook book) {
        List<WaitingOn> reasons = new ArrayList<>();
        book.lockReason.ifPresent(lock -> reasons.add(new WaitingOn(Reason.LOCKED, "merging is locked: " + lock)));
        if (book.driftLimitReached()) {
            int undeployed = book.merges.size();
            reasons.add(new WaitingOn(Reason.DRIFT_LIMIT,
                    "%d merge%s not deployed, limit %d: report a deploy with `mainline deploys report`".formatted(
                            undeployed, undeployed == 1 ? "" : "s", book.configuration.maxUndeployedMerges())));
        }
        if (book.entries.isEmpty()) {
            return reasons;
        }
        EntryRef first = book.entries.getFirst().ref();
        List<SpeculativeBuild> speculative = book.speculative();
        boolean firstPassed = speculative.stream().anyMatch(build -> build.status() == Status.PASSED
                && build.entries().contains(first) && book.isQueuePrefix(build.entries()));
        long testingFirst = speculative.stream().filter(build -> build.inFlight() && build.entries().contains(first))
                .count();
        if (!firstPassed && testingFirst > 0) {
            reasons.add(new WaitingOn(Reason.CI, "waiting on CI: #%d, first in line, is being tested in %d build%s"
                    .formatted(first.pullRequest(), testingFirst, testingFirst == 1 ? "" : "s")));
        }
        int inFlight = book.inFlight();
        if (inFlight >= book.configuration.ciBudget()) {
            Set<EntryRef> covered = new HashSet<>();
            speculative.stream().filter(build -> build.status() != Status.FAILED)
                    .forEach(build -> covered.addAll(build.entries()));
            List<Integer> untested = book.entries.stream().filter(entry -> !covered.contains(entry.ref()))
                    .map(QueueEntry::pullRequest).toList();
            if (!untested.isEmpty()) {
                reasons.add(new WaitingOn(Reason.CI_BUDGET,
                        "CI budget full: %d of %d builds running; %s wait%s for a slot"
                                .formatted(inFlight, book.configuration.ciBudget(), named(untested),
                                        untested.size() == 1 ? "s" : "")));
            }
        }
        return reasons;
    }

    private static String named(List<Integer> pullRequests) {
        String named = pullRequests.stream().limit(NAMED).map(number -> "#" + number)
                .collect(Collectors.joining(", "));
        return pullRequests.size() <= NAMED ? named : "%s and %d more".formatted(named, pullRequests.size() - NAMED);
    }
}
