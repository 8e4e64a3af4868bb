package dev.mainline.mergequeue;

import dev.mainline.mergequeue.SpeculativeBuild.Status;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a failed build means and what a build on a previous main says. A failure whose parent build passed
 * (or whose parent is main) is the fault of what the build adds: one entry is charged, a batch is bisected. A failure
 * under a failed parent is the parent's, and charged to nobody behind it. A failure that a passed build holding the
 * same entries contradicts was a flake. Charged entries are retried as suspected flakes until the failure tolerance is
 * spent, then ejected with the reason.
 */
final class FailureAttribution {
    /** The estimate given to an entry whose build passed on a main that has since moved. */
    private static final double VERIFIED_ESTIMATE = 0.99;

    private final QueueBook book;

    FailureAttribution(QueueBook book) {
        this.book = book;
    }

    /**
     * Decides what each failed build means. A failure whose parent build passed (or whose parent is main) is the
     * fault of what the build adds: one entry is charged, a batch is bisected. A failure under a failed parent is the
     * parent's, and charged to nobody behind it. A failure that a passed build containing the same entries
     * contradicts was a flake.
     */
    boolean attributeFailures() {
        boolean changed = false;
        Map<List<EntryRef>, SpeculativeBuild> index = SpeculationPlanner.byEntries(book.speculative());
        List<SpeculativeBuild> failed = book.builds.values().stream()
                .filter(build -> build.isSpeculative() && build.status() == Status.FAILED)
                .sorted(Comparator.comparingInt(build -> build.entries().size()))
                .toList();
        for (SpeculativeBuild build : failed) {
            if (!book.builds.containsKey(build.id())) {
                continue;
            }
            if (contradictedByPass(build)) {
                book.builds.remove(build.id());
                changed = true;
                continue;
            }
            List<EntryRef> parentEntries = build.parentEntries();
            SpeculativeBuild parent = index.get(parentEntries);
            if (parent != null && parent.status() == Status.FAILED) {
                book.builds.remove(build.id());
                changed = true;
            } else if (parentEntries.isEmpty() || (parent != null && parent.status() == Status.PASSED)) {
                if (build.added() == 1) {
                    charge(build);
                } else {
                    bisect(build);
                }
                changed = true;
            } else {
                changed |= chargeOddOneOut(build);
            }
        }
        return changed;
    }

    /**
     * A failed build whose parent has no verdict yet is still decisive when a passed build holds every one of its
     * entries but one: that one is charged now, instead of after its own build finishes. This is how the builds that
     * run ahead of a slow verdict count as evidence (Shopify's "successive failures").
     */
    private boolean chargeOddOneOut(SpeculativeBuild failed) {
        Set<EntryRef> tested = Set.copyOf(failed.entries());
        for (SpeculativeBuild passed : book.builds.values()) {
            if (!passed.isSpeculative() || passed.status() != Status.PASSED) {
                continue;
            }
            Set<EntryRef> without = new HashSet<>(tested);
            passed.entries().forEach(without::remove);
            if (without.size() != 1) {
                continue;
            }
            EntryRef culprit = without.iterator().next();
            Optional<QueueEntry> entry = book.find(culprit.pullRequest()).filter(found -> found.ref().equals(culprit));
            book.builds.remove(failed.id());
            entry.ifPresent(found -> chargeEntry(found, failed,
                    "main + " + QueueBook.describe(failed.entries()) + ", while main + "
                            + QueueBook.describe(passed.entries()) + " passed without it"));
            return true;
        }
        return false;
    }

    boolean contradictedByPass(SpeculativeBuild failed) {
        return book.builds.values().stream()
                .anyMatch(other -> other.isSpeculative() && other.status() == Status.PASSED
                        && other.entries().size() > failed.entries().size()
                        && other.entries().subList(0, failed.entries().size()).equals(failed.entries()));
    }

    void charge(SpeculativeBuild build) {
        EntryRef culprit = build.addedEntries().get(0);
        Optional<QueueEntry> found = book.find(culprit.pullRequest());
        if (found.isEmpty()) {
            book.builds.remove(build.id());
            return;
        }
        String context = build.parentEntries().isEmpty()
                ? "main"
                : "main + " + QueueBook.describe(build.parentEntries());
        if (chargeEntry(found.get(), build, context, 1 + successiveFailures(build))) {
            book.builds.remove(build.id());
            return;
        }
        if (book.inFlight() < book.configuration.ciBudget() && build.commit().isPresent()) {
            book.builds.put(build.id(), build.retried(book.now));
            book.commands.add(new QueueCommand.StartCi(build.id(), build.commit().get()));
            book.record(culprit.pullRequest(), HistoryEvent.Kind.RETRIED,
                    "%s retried as a suspected flake".formatted(build.id()));
        } else {
            book.builds.remove(build.id());
        }
    }

    /**
     * With successive failures counted, the failed builds stacked on {@code build} are more failures of what it adds:
     * they are taken off and counted.
     */
    private int successiveFailures(SpeculativeBuild build) {
        if (!book.configuration.countSuccessiveFailures()) {
            return 0;
        }
        int count = 0;
        for (SpeculativeBuild other : List.copyOf(book.builds.values())) {
            if (other.isSpeculative() && other.status() == Status.FAILED
                    && other.entries().size() > build.entries().size()
                    && other.entries().subList(0, build.entries().size()).equals(build.entries())) {
                book.builds.remove(other.id());
                count++;
            }
        }
        return count;
    }

    boolean chargeEntry(QueueEntry current, SpeculativeBuild build, String context) {
        return chargeEntry(current, build, context, 1);
    }

    /** Charges {@code count} failures to an entry; ejects it past the tolerance and says so. */
    boolean chargeEntry(QueueEntry current, SpeculativeBuild build, String context, int count) {
        QueueEntry entry = current.withFailures(current.failures() + count);
        book.entries.set(book.entries.indexOf(current), entry);
        book.record(entry.pullRequest(), HistoryEvent.Kind.FAILURE_CHARGED,
                "failure %d of %d tolerated, on %s".formatted(entry.failures(),
                        book.configuration.failureTolerance() + 1,
                        context));
        if (entry.failures() > book.configuration.failureTolerance()) {
            book.eject(entry, EjectionReason.CI_FAILED,
                    "#%d failed CI %d times on %s (%s), more than the failure tolerance of %d"
                            .formatted(entry.pullRequest(), entry.failures(), context, build.id(),
                                    book.configuration.failureTolerance()));
            return true;
        }
        return false;
    }

    void bisect(SpeculativeBuild build) {
        int half = Math.max(1, build.added() / 2);
        for (EntryRef ref : build.addedEntries()) {
            book.find(ref.pullRequest())
                    .ifPresent(entry -> book.entries.set(book.entries.indexOf(entry), entry.withBatchLimit(half)));
        }
        book.builds.remove(build.id());
    }

    /**
     * What a build on a previous main says: a pass makes its entries very likely good; a failure whose parent is the
     * previous main is charged to the entry it added (no retry: the new main gets fresh builds).
     */
    void readStaleResult(SpeculativeBuild build, boolean passed) {
        if (passed) {
            for (EntryRef ref : build.entries()) {
                book.find(ref.pullRequest()).filter(entry -> entry.ref().equals(ref)).ifPresent(entry -> book.entries
                        .set(book.entries.indexOf(entry), entry.withSuccessEstimate(Math.max(entry.successEstimate(),
                                VERIFIED_ESTIMATE))));
            }
            return;
        }
        if (build.added() == 1 && (build.parentEntries().isEmpty() || book.retriesSuspect(build))) {
            EntryRef culprit = build.addedEntries().get(0);
            book.find(culprit.pullRequest()).filter(entry -> entry.ref().equals(culprit))
                    .ifPresent(entry -> chargeEntry(entry, build, "the previous main"));
        }
    }
}
