package dev.mainline.mergequeue;

import java.util.List;

/**
 * A repository in memory: merge commits named after their contents, main moved by compare-and-swap. A head whose name
 * starts with "gone" is not in it.
 */
final class TestingMergeRepository implements MergeRepository {
    private String main = "m0";

    @Override
    public synchronized String main() {
        return main;
    }

    /** Someone pushes straight to main. */
    synchronized void push(String commit) {
        main = commit;
    }

    @Override
    public SpeculativeCommit build(BuildId build, String base, List<EntryRef> entries) {
        for (EntryRef entry : entries) {
            if (entry.head().startsWith("gone")) {
                return new SpeculativeCommit.MissingHead(entry.pullRequest(), entry.head());
            }
        }
        StringBuilder commit = new StringBuilder(base);
        entries.forEach(entry -> commit.append('+').append(entry.head()));
        return new SpeculativeCommit.Built(commit.toString());
    }

    @Override
    public synchronized MainUpdate advanceMain(String expected, String target) {
        if (!main.equals(expected)) {
            return new MainUpdate.LostRace(main);
        }
        main = target;
        return new MainUpdate.Advanced(target);
    }

    @Override
    public void release(BuildId build) {
    }
}
