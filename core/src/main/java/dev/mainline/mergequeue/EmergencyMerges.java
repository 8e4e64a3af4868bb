package dev.mainline.mergequeue;

import dev.mainline.mergequeue.SpeculativeBuild.Status;
import java.util.List;
import java.util.Optional;

/**
 * Emergency merges, and what happens to speculation when main moves under it (an emergency, or a push outside the
 * queue): untested builds are dropped, CI already running finishes and is read as evidence, and an emergency commit
 * built on an older main is built again.
 */
final class EmergencyMerges {
    private final QueueBook book;
    private final FailureAttribution attribution;

    EmergencyMerges(QueueBook book, FailureAttribution attribution) {
        this.book = book;
        this.attribution = attribution;
    }

    void emergencyMerge(QueueEvent.EmergencyMerge event) {
        if (book.emergencyPending(event.pullRequest())) {
            return;
        }
        if (book.isMerged(event.pullRequest())) {
            book.commands.add(new QueueCommand.Notify(event.pullRequest(), event.author(),
                    "#%d is already merged; there is nothing to land".formatted(event.pullRequest())));
            return;
        }
        book.find(event.pullRequest()).ifPresent(book.entries::remove);
        book.emergencyAuthors.put(event.pullRequest(), event.author());
        book.record(event.pullRequest(), HistoryEvent.Kind.ENQUEUED,
                "emergency merge requested by %s: lands without waiting for CI".formatted(event.by()));
        BuildId id = new BuildId(book.nextBuildId++);
        List<EntryRef> refs = List.of(new EntryRef(event.pullRequest(), event.head()));
        book.builds.put(id, new SpeculativeBuild(id, SpeculativeBuild.Kind.EMERGENCY, refs, 1, Status.BUILDING,
                Optional.empty(), Optional.empty(), 0));
        book.commands.add(new QueueCommand.BuildCommit(id, book.main, refs));
    }

    void landEmergency(SpeculativeBuild build, String commit) {
        book.builds.remove(build.id());
        book.commands.add(new QueueCommand.FastForward(book.main, commit, build.id(), build.entries(), false));
        EntryRef landing = build.entries().get(0);
        book.unconfirmedForwards.add(new UnconfirmedForward(book.main, commit, List.of(), Optional.of(
                new UnconfirmedForward.Emergency(landing, book.authorOf(landing.pullRequest())))));
        book.main = commit;
        book.merges.add(commit);
        EntryRef ref = build.entries().get(0);
        book.record(ref.pullRequest(), HistoryEvent.Kind.MERGED,
                "emergency merge into %s, without CI".formatted(commit));
        book.emergencyAuthors.remove(ref.pullRequest());
        staleAll();
        rebuildEmergencies();
    }

    /** The fast-forward that landed an emergency merge was refused: it is built again, and lands on the new main. */
    void retry(UnconfirmedForward.Emergency emergency) {
        int pullRequest = emergency.ref().pullRequest();
        book.emergencyAuthors.put(pullRequest, emergency.author());
        book.record(pullRequest, HistoryEvent.Kind.MERGE_REFUSED,
                "the emergency merge did not land: main had moved; it is built again on the new main");
        BuildId id = new BuildId(book.nextBuildId++);
        book.builds.put(id, new SpeculativeBuild(id, SpeculativeBuild.Kind.EMERGENCY, List.of(emergency.ref()), 1,
                Status.BUILDING, Optional.empty(), Optional.empty(), 0));
        book.commands.add(new QueueCommand.BuildCommit(id, book.main, List.of(emergency.ref())));
    }

    /** Main moved while an emergency commit was being built on the old one: build it again on the new main. */
    void rebuildEmergencies() {
        for (SpeculativeBuild build : List.copyOf(book.builds.values())) {
            if (build.kind() == SpeculativeBuild.Kind.EMERGENCY) {
                book.builds.remove(build.id());
                BuildId id = new BuildId(book.nextBuildId++);
                book.builds.put(id, new SpeculativeBuild(id, SpeculativeBuild.Kind.EMERGENCY, build.entries(), 1,
                        Status.BUILDING, Optional.empty(), Optional.empty(), 0));
                book.commands.add(new QueueCommand.BuildCommit(id, book.main, build.entries()));
            }
        }
    }

    /**
     * Main moved under the speculation. Builds not yet tested are dropped; CI already running is left to finish and
     * read as evidence about its entries, so as little of it as possible is thrown away; fresh builds start on the new
     * main with the budget that is left.
     */
    void staleAll() {
        for (SpeculativeBuild build : List.copyOf(book.builds.values())) {
            if (build.kind() == SpeculativeBuild.Kind.EMERGENCY) {
                continue;
            }
            if (build.status() == Status.TESTING) {
                book.builds.put(build.id(), build.staled());
            } else {
                book.builds.remove(build.id());
                if (build.status() == Status.PASSED || build.status() == Status.FAILED) {
                    attribution.readStaleResult(build, build.status() == Status.PASSED);
                }
            }
        }
    }
}
