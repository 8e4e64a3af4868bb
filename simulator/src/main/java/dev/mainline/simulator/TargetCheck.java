package dev.mainline.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The merge queue targets checked over many seeds, because one seed says little: a single defect arriving at a bad
 * moment moves a whole day's p95. For each seed it runs every strategy on {@code shopify-2019} (10% flakes, 30-minute
 * CI) and on {@code stress}, and reports what the targets are about: mainline's p95 against the oracle's and against
 * every other queue, its CI minutes per merge against theirs, defects and red minutes on main, and whether the queue
 * drained by the end of the day.
 */
public final class TargetCheck {
    private static final String MAINLINE = "mainline";

    /** Mainline's figures on one seeded world, next to the others'. */
    public record Row(String scenario, long seed, double p95, double oracleP95, double bestOtherP95, String bestOther,
            double ciMinutesPerMerge, double predictiveCiMinutesPerMerge, double cheapestOtherCiMinutesPerMerge,
            int defectsOnMain, double redMinutes, int goodEjected, int queueAtDayEnd, double drainedAfter,
            double oracleDrainedAfter) {
        public double p95VersusOracle() {
            return p95 / oracleP95;
        }

        public boolean beatsEveryOtherQueue() {
            return p95 < bestOtherP95;
        }

        /**
         * Whether the queue kept up with arrivals: it emptied within an hour of the oracle's queue (which itself still
         * holds the last arrivals' CI when the day ends).
         */
        public boolean keptUp() {
            return drainedAfter <= oracleDrainedAfter + 60;
        }
    }

    private TargetCheck() {
    }

    public static List<Row> run(int seeds) {
        List<Row> rows = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            for (Scenario scenario : List.of(Scenario.shopify2019(0.10, Duration.ofMinutes(30), seed),
                    Scenario.stress(0.10, seed))) {
                rows.add(row(scenario, new Comparison(List.of(scenario)).run()));
            }
        }
        return rows;
    }

    private static Row row(Scenario scenario, List<Result> results) {
        Result mainline = find(results, MAINLINE);
        Result oracle = find(results, "oracle");
        Result predictive = find(results, "predictive");
        // The other queues: everything but mainline, the oracle (a bound, not a queue) and no queue at all.
        List<Result> others = results.stream()
                .filter(result -> !List.of(MAINLINE, "oracle", "no queue").contains(result.strategy()))
                .toList();
        Result fastest = others.stream().min(Comparator.comparingDouble(Result::p95)).orElseThrow();
        double cheapest = others.stream().mapToDouble(Result::ciMinutesPerMerge).min().orElseThrow();
        return new Row(scenario.name(), scenario.seed(), mainline.p95(), oracle.p95(), fastest.p95(),
                fastest.strategy(), mainline.ciMinutesPerMerge(), predictive.ciMinutesPerMerge(), cheapest,
                mainline.defectsOnMain(), mainline.redMinutes(), mainline.goodEjected(), mainline.queueAtDayEnd(),
                mainline.drainedAfter(), oracle.drainedAfter());
    }

    private static Result find(List<Result> results, String strategy) {
        return results.stream().filter(result -> result.strategy().equals(strategy)).findFirst().orElseThrow();
    }

    public static void print(List<Row> rows, PrintStream out) {
        out.printf(Locale.ROOT, "%-32s %4s %7s %7s %7s %-13s %8s %8s %9s %8s %5s %7s %5s %5s %6s %7s%n", "scenario",
                "seed", "p95", "oracle", "p95/or", "best other", "its p95", "cimin/m", "/predict", "/cheapest", "defct",
                "red-min", "good", "q@end", "drain", "or-drain");
        for (Row row : rows) {
            out.printf(Locale.ROOT,
                    "%-32s %4d %7.1f %7.1f %7.2f %-13s %8.1f %8.1f %9.2f %8.2f %5d %7.1f %5d %5d %6.0f %7.0f%n",
                    row.scenario(), row.seed(), row.p95(), row.oracleP95(), row.p95VersusOracle(), row.bestOther(),
                    row.bestOtherP95(), row.ciMinutesPerMerge(),
                    row.ciMinutesPerMerge() / row.predictiveCiMinutesPerMerge(),
                    row.ciMinutesPerMerge() / row.cheapestOtherCiMinutesPerMerge(), row.defectsOnMain(),
                    row.redMinutes(), row.goodEjected(), row.queueAtDayEnd(), row.drainedAfter(),
                    row.oracleDrainedAfter());
        }
        for (String prefix : List.of("shopify-2019", "stress")) {
            List<Row> scenario = rows.stream().filter(row -> row.scenario().startsWith(prefix)).toList();
            if (scenario.isEmpty()) {
                continue;
            }
            List<Double> ratios = scenario.stream().map(Row::p95VersusOracle).sorted().toList();
            double mean = ratios.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double ciRatio = scenario.stream()
                    .mapToDouble(row -> row.ciMinutesPerMerge() / row.predictiveCiMinutesPerMerge())
                    .max()
                    .orElseThrow();
            out.printf(Locale.ROOT,
                    "%s over %d seeds: p95/oracle mean %.2f, median %.2f, worst %.2f; best p95 of all queues on %d; "
                            + "CI minutes per merge at most %.2fx predictive's; defects on main %d; red minutes %.0f; "
                            + "kept up with arrivals (emptied within an hour of the oracle) on %d%n",
                    prefix, scenario.size(), mean, Simulation.percentile(ratios, 0.5), ratios.getLast(),
                    scenario.stream().filter(Row::beatsEveryOtherQueue).count(), ciRatio,
                    scenario.stream().mapToInt(Row::defectsOnMain).sum(),
                    scenario.stream().mapToDouble(Row::redMinutes).sum(),
                    scenario.stream().filter(Row::keptUp).count());
        }
    }

    public static void writeCsv(List<Row> rows, Path file) {
        StringBuilder csv = new StringBuilder("scenario,seed,p95,oracle_p95,p95_vs_oracle,best_other,best_other_p95,"
                + "ci_minutes_per_merge,predictive_ci_minutes_per_merge,cheapest_other_ci_minutes_per_merge,"
                + "defects_on_main,red_minutes,good_ejected,queue_at_day_end,drained_after,oracle_drained_after\n");
        for (Row row : rows) {
            csv.append(String.format(Locale.ROOT,
                    "\"%s\",%d,%.1f,%.1f,%.3f,%s,%.1f,%.1f,%.1f,%.1f,%d,%.1f,%d,%d,%.1f,%.1f%n",
                    row.scenario(), row.seed(), row.p95(), row.oracleP95(), row.p95VersusOracle(), row.bestOther(),
                    row.bestOtherP95(), row.ciMinutesPerMerge(), row.predictiveCiMinutesPerMerge(),
                    row.cheapestOtherCiMinutesPerMerge(), row.defectsOnMain(), row.redMinutes(), row.goodEjected(),
                    row.queueAtDayEnd(), row.drainedAfter(), row.oracleDrainedAfter()));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
