package dev.mainline.mergequeue;

import dev.mainline.mergequeue.SpeculativeBuild.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moves main: fast-forwards it to the passed build that covers the longest front of the queue (when merging is
 * allowed), moves suspects behind a build that passed without them, takes back a fast-forward the repository refused,
 * follows main when it moved without the queue, and counts the merges not yet deployed (drift).
 */
final class MainBranch {
    private final QueueBook book;
    private final EmergencyMerges emergencies;

    MainBranch(QueueBook book, EmergencyMerges emergencies) {
        this.book = book;
        this.emergencies = emergencies;
    }

    void mainMoved(QueueEvent.MainMoved event) {
        if (event.commit().equals(book.main)) {
            return;
        }
        book.main = event.commit();
        book.merges.add(event.commit());
        emergencies.staleAll();
        emergencies.rebuildEmergencies();
    }

    void fastForwardRefused(QueueEvent.FastForwardRefused event) {
        int refused = -1;
        for (int i = 0; i < book.unconfirmedForwards.size(); i++) {
            if (book.unconfirmedForwards.get(i).to().equals(event.to())) {
                refused = i;
                break;
            }
        }
        if (refused >= 0) {
            // This fast-forward and every later one (they started from it) did not happen.
            List<UnconfirmedForward> undone = List.copyOf(
                    book.unconfirmedForwards.subList(refused, book.unconfirmedForwards.size()));
            book.unconfirmedForwards.subList(refused, book.unconfirmedForwards.size()).clear();
            List<QueueEntry> back = new ArrayList<>();
            for (UnconfirmedForward forward : undone) {
                book.merges.remove(forward.to());
                back.addAll(forward.entries());
            }
            book.entries.addAll(0, back);
            undone.forEach(forward -> forward.emergency().ifPresent(emergencies::retry));
            for (QueueEntry entry : back) {
                book.record(entry.pullRequest(), HistoryEvent.Kind.MERGE_REFUSED,
                        "not merged: main had moved to %s before the fast-forward to %s; back at position %d"
                                .formatted(event.actual(), event.to(), book.entries.indexOf(entry) + 1));
            }
            book.main = undone.getFirst().from();
        }
        // The builds were rebased on the commit main never reached: they go stale even when main did not move.
        if (!event.actual().equals(book.main)) {
            book.merges.add(event.actual());
        }
        book.main = event.actual();
        emergencies.staleAll();
        emergencies.rebuildEmergencies();
    }

    /** The fast-forward to {@code event.to()}, and every one before it, happened; later ones are still unconfirmed. */
    void fastForwarded(QueueEvent.FastForwarded event) {
        for (int i = 0; i < book.unconfirmedForwards.size(); i++) {
            if (book.unconfirmedForwards.get(i).to().equals(event.to())) {
                book.unconfirmedForwards.subList(0, i + 1).clear();
                return;
            }
        }
    }

    /**
     * The deployed commit and every merge before it no longer count as drift. The engine knows only the commits main
     * was at ({@code merges}, oldest first, and main): a commit it never saw main at (one pushed outside the queue,
     * the merge commit of an entry that landed in a longer fast-forward) changes nothing here, so whoever reports the
     * deploy places it among the merges first ({@code MergeQueueService.deployed}).
     */
    void deployed(QueueEvent.Deployed event) {
        int index = book.merges.indexOf(event.commit());
        if (index >= 0) {
            book.merges.subList(0, index + 1).clear();
        } else if (event.commit().equals(book.main)) {
            book.merges.clear();
        }
    }

    /** Fast-forwards main to the passed build that covers the longest front of the queue, if merging is allowed. */
    boolean advanceMain() {
        if (book.lockReason.isPresent()) {
            return false;
        }
        if (book.driftLimitReached()) {
            return false;
        }
        SpeculativeBuild best = null;
        for (SpeculativeBuild build : book.builds.values()) {
            if (build.isSpeculative() && build.status() == Status.PASSED && book.isQueuePrefix(build.entries())
                    && (best == null || build.entries().size() > best.entries().size())) {
                best = build;
            }
        }
        if (best == null) {
            best = demoteSuspects();
        }
        if (best == null) {
            return false;
        }
        String target = best.commit().orElseThrow();
        book.commands.add(new QueueCommand.FastForward(book.main, target, best.id(), best.entries(), true));
        List<QueueEntry> mergedEntries = new ArrayList<>();
        for (EntryRef ref : best.entries()) {
            book.find(ref.pullRequest()).ifPresent(mergedEntries::add);
        }
        book.unconfirmedForwards.add(new UnconfirmedForward(book.main, target, mergedEntries, Optional.empty()));
        book.main = target;
        book.merges.add(target);
        emergencies.rebuildEmergencies();
        int merged = best.entries().size();
        for (EntryRef ref : best.entries()) {
            book.find(ref.pullRequest()).ifPresent(book.entries::remove);
            book.record(ref.pullRequest(), HistoryEvent.Kind.MERGED,
                    "merged by %s into %s".formatted(best.id(), target));
        }
        for (SpeculativeBuild build : List.copyOf(book.builds.values())) {
            if (!build.isSpeculative()) {
                continue;
            }
            if (build.entries().size() > merged && build.entries().subList(0, merged).equals(best.entries())) {
                book.builds.put(build.id(), build.rebased(merged));
            } else if (build.status() == Status.TESTING && book.testsSuspect(build)) {
                // A suspect's test finishes and still counts, or a demoted suspect would never be judged.
                book.builds.put(build.id(), build.staled());
            } else {
                book.drop(build);
            }
        }
        return true;
    }

    /**
     * When a build that leaves out entries already charged with a failure has passed, those suspects move behind it:
     * they keep being retried, and the good entries behind them merge now instead of waiting out the failure
     * tolerance. Returns that build, now a front of the queue, or null.
     */
    private SpeculativeBuild demoteSuspects() {
        Map<EntryRef, Integer> positions = book.positions();
        SpeculativeBuild chosen = null;
        List<QueueEntry> skipped = List.of();
        for (SpeculativeBuild build : book.builds.values()) {
            if (!build.isSpeculative() || build.status() != Status.PASSED || build.entries().isEmpty()) {
                continue;
            }
            Integer last = positions.get(build.entries().getLast());
            if (last == null) {
                continue;
            }
            Set<EntryRef> included = new HashSet<>(build.entries());
            List<QueueEntry> left = new ArrayList<>();
            for (int i = 0; i <= last; i++) {
                if (!included.contains(book.entries.get(i).ref())) {
                    left.add(book.entries.get(i));
                }
            }
            boolean allSuspects = !left.isEmpty() && left.stream().allMatch(QueueEntry::isSuspect);
            if (allSuspects && (chosen == null || build.entries().size() > chosen.entries().size())) {
                chosen = build;
                skipped = left;
            }
        }
        if (chosen == null) {
            return null;
        }
        book.entries.removeAll(skipped);
        int after = book.entries.indexOf(book.find(chosen.entries().getLast().pullRequest()).orElseThrow()) + 1;
        book.entries.addAll(after, skipped);
        for (QueueEntry suspect : skipped) {
            book.record(suspect.pullRequest(), HistoryEvent.Kind.POSITION_CHANGED,
                    "moved to position %d, behind #%d: its build failed and is being retried, so the entries behind it go ahead"
                            .formatted(book.entries.indexOf(suspect) + 1, chosen.entries().getLast().pullRequest()));
        }
        return book.isQueuePrefix(chosen.entries()) ? chosen : null;
    }
}
