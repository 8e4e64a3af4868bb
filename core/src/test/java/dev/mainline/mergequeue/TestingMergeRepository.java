package dev.mainline.mergequeue;

import java.util.List;

/**
 * A repository in memory: merge commits named after their contents ({@code base+head+head}, so each prefix is an
 * ancestor), main moved by compare-and-swap. A head whose name starts with "gone" is not in it.
 */
final class TestingMergeRepository implements MergeRepository {
    private String main = "m0";
    /** Each commit pushed to main, to the main it was pushed on. */
    private final java.util.Map<String, String> pushedOn = new java.util.HashMap<>();

    @Override
    public synchronized String main() {
        return main;
    }

    /** Someone pushes straight to main. */
    synchronized void push(String commit) {
        pushedOn.put(commit, main);
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

    /**
     * A built commit reaches its base, every prefix of its stack and the head each step merged; a pushed one, the
     * main it was pushed on.
     */
    @Override
    public synchronized boolean reaches(String tip, String commit) {
        String current = tip;
        while (current != null) {
            if (current.equals(commit)) {
                return true;
            }
            int merge = current.lastIndexOf('+');
            if (merge >= 0 && current.substring(merge + 1).equals(commit)) {
                return true;
            }
            current = merge >= 0 ? current.substring(0, merge) : pushedOn.get(current);
        }
        return false;
    }

    @Override
    public void release(BuildId build) {
    }
}
