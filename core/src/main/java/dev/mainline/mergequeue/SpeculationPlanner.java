package dev.mainline.mergequeue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Chooses what to test next: the speculative builds most likely to become main, best first.
 *
 * <p>Every path through the queue decides, entry by entry, to include it (as part of a build that adds up to its batch
 * limit) or to leave it out. A path's weight is the chance its decisions are right: the product of each included
 * entry's chance of being good and each left-out entry's chance of being bad. A single predictive branch is the
 * all-included path; with a suspect entry (a low estimate, or a failure charged to it) the paths that leave it out
 * gain weight and get CI before the entries behind it stall (seed 001's "parallel trees", Uber's speculation tree).
 * Evidence prunes the tree: a passed build makes its entries certain, and nothing is stacked on a failed build.
 */
final class SpeculationPlanner {
    /** A build the planner wants: these entries, the last {@code added} of which it adds to its parent. */
    record Planned(List<EntryRef> entries, int added, double weight) {
    }

    /**
     * A path through the queue. {@code frontier} marks a build right after what is known good (main, or a passed
     * build): such builds are always worth CI, however unlikely, or a suspect at the front would never be retried.
     */
    private record Path(int next, List<EntryRef> included, int added, int exclusions, double weight, boolean isBuild,
            boolean frontier, long order) {
    }

    private static final double SUSPECT_CEILING = 0.5;

    private final QueueConfiguration configuration;

    SpeculationPlanner(QueueConfiguration configuration) {
        this.configuration = configuration;
    }

    /** Up to {@code slots} new builds, most likely first, none of which exists in {@code existing}. */
    List<Planned> plan(List<QueueEntry> queue, Map<List<EntryRef>, SpeculativeBuild> existing, int slots) {
        List<Planned> planned = new ArrayList<>();
        if (queue.isEmpty()) {
            return planned;
        }
        double[] chances = new double[queue.size()];
        for (int i = 0; i < queue.size(); i++) {
            chances[i] = chanceGood(queue.get(i));
        }
        // Retrying a suspect right after what is known good comes first: it costs one build and is the only way the
        // suspect is ever judged (it merges or is ejected), so it must not starve behind likelier builds.
        PriorityQueue<Path> frontier = new PriorityQueue<>((left, right) -> {
            int byFrontier = Boolean.compare(right.isBuild() && right.frontier(), left.isBuild() && left.frontier());
            if (byFrontier != 0) {
                return byFrontier;
            }
            int byWeight = Double.compare(right.weight(), left.weight());
            return byWeight != 0 ? byWeight : Long.compare(left.order(), right.order());
        });
        long[] order = {0};
        frontier.add(new Path(0, List.of(), 0, 0, 1.0, false, true, order[0]++));
        // Bounds the search when most paths already exist as builds; generous enough never to matter in practice.
        int popsLeft = 4 * (slots + existing.size()) + 2 * queue.size() + 16;
        while (!frontier.isEmpty() && planned.size() < slots && popsLeft-- > 0) {
            Path path = frontier.poll();
            double weight = path.weight();
            if (weight < configuration.minSpeculationWeight() && !path.frontier()) {
                continue;
            }
            if (path.isBuild()) {
                SpeculativeBuild build = existing.get(path.included());
                if (build == null) {
                    planned.add(new Planned(path.included(), path.added(), weight));
                } else {
                    if (build.status() == SpeculativeBuild.Status.FAILED) {
                        continue;
                    }
                    if (build.status() == SpeculativeBuild.Status.PASSED) {
                        weight = 1.0;
                    }
                }
            }
            boolean knownGood = (path.included().isEmpty() && path.next() == 0)
                    || (path.isBuild() && existing.get(path.included()) != null
                            && existing.get(path.included()).status() == SpeculativeBuild.Status.PASSED);
            expand(queue, chances, path, weight, knownGood, frontier, order);
        }
        return planned;
    }

    private void expand(List<QueueEntry> queue, double[] chances, Path path, double weight, boolean knownGood,
            PriorityQueue<Path> frontier,
            long[] order) {
        int next = path.next();
        if (next >= queue.size()) {
            return;
        }
        int limit = Math.max(1, Math.min(configuration.batchSize(), queue.get(next).batchLimit()));
        List<EntryRef> included = new ArrayList<>(path.included());
        double includedWeight = weight;
        int end = next;
        while (end < queue.size() && end - next < limit) {
            QueueEntry entry = queue.get(end);
            if (end > next && entry.batchLimit() < limit) {
                break;
            }
            included.add(entry.ref());
            includedWeight *= chances[end];
            end++;
        }
        // A path may go against the odds (include a likely-bad entry, or leave out a likely-good one) only
        // maxExclusions times; following the odds is free, so a run of flagged entries does not end the tree.
        // With no exclusions allowed at all there is one branch, and it includes everything.
        boolean likelyGood = chances[next] > SUSPECT_CEILING || configuration.maxExclusions() == 0;
        int includeSurprises = path.exclusions() + (likelyGood ? 0 : 1);
        int excludeSurprises = path.exclusions() + (likelyGood ? 1 : 0);
        if (includeSurprises <= configuration.maxExclusions() || knownGood) {
            frontier.add(new Path(end, List.copyOf(included), end - next, includeSurprises, includedWeight, true,
                    knownGood, order[0]++));
        }
        if (excludeSurprises <= configuration.maxExclusions() && chances[next] < 1.0) {
            frontier.add(new Path(next + 1, path.included(), 0, excludeSurprises, weight * (1 - chances[next]),
                    false, false, order[0]++));
        }
    }

    /**
     * The chance an entry is good, updated for the failures charged to it: each failure is what a flake would do to a
     * good entry and what a bad one always does.
     */
    double chanceGood(QueueEntry entry) {
        double prior = entry.successEstimate();
        if (entry.failures() == 0) {
            return prior;
        }
        double flake = Math.max(configuration.assumedFlakeRate(), 0.01);
        double goodAndFailed = prior * Math.pow(flake, entry.failures());
        // A charged failure makes an entry a suspect: at best a coin flip until it passes, however good it looked.
        return Math.min(SUSPECT_CEILING, goodAndFailed / (goodAndFailed + (1 - prior)));
    }

    static Map<List<EntryRef>, SpeculativeBuild> byEntries(List<SpeculativeBuild> builds) {
        Map<List<EntryRef>, SpeculativeBuild> index = new HashMap<>();
        for (SpeculativeBuild build : builds) {
            index.put(build.entries(), build);
        }
        return index;
    }
}
