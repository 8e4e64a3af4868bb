package dev.mainline.mergequeue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A repository in memory: merge commits named after their contents, main moved by compare-and-swap. A head whose name
 * starts with "gone" is not in it.
 */
final class TestingMergeRepository implements MergeRepository {
    private String main = "m0";
    /** The main each pushed commit was pushed onto. */
    private final Map<String, String> pushedOnto = new HashMap<>();

    @Override
    public synchronized String main() {
        return main;
    }

    /** Someone pushes straight to main. */
    synchronized void push(String commit) {
        pushedOnto.put(commit, main);
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

    /** A built commit reaches its base, every prefix of its stack and every head in it; a pushed one, its main. */
    @Override
    public synchronized boolean reaches(String tip, String commit) {
        for (String current = tip; current != null; current = pushedOnto.get(current)) {
            String[] parts = current.split("\\+");
            StringBuilder prefix = new StringBuilder();
            for (String part : parts) {
                prefix.append(prefix.isEmpty() ? "" : "+").append(part);
                if (part.equals(commit) || prefix.toString().equals(commit)) {
                    return true;
                }
            }
            if (parts.length > 1 && pushedOnto.containsKey(parts[0])) {
                current = parts[0];
                if (current.equals(commit)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void release(BuildId build) {
    }
}
