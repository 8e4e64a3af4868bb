package dev.mainline.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The merge queue targets checked over many seeds, because one seed says little: a single defect arriving at a bad
 * moment moves a whole day's p95. For each seed it runs every strategy on {@code shopify-2019} (10% flakes, 30-minute
 * CI) and on {@code stress}, and reports what the targets are about: mainline's p95 against the oracle's and against
 * every other queue, its CI minutes per merge against theirs, defects and red minutes on main, and whether the queue
 * drained by the end of the day.
 * <p>
 * The targets are judged on {@code mainline} as the product runs it. The same figures for mainline told a risk signal
 * the product does not have are reported beside them, as what such a signal would be worth, and judge nothing.
 */
public final class TargetCheck {
    /** The scenarios the targets are set on, and their p95 targets as a multiple of the oracle's p95. */
    private static final List<Target> TARGETS = List.of(new Target("shopify-2019", 1.2), new Target("stress", 2.0));

    private record Target(String scenarioPrefix, double p95VersusOracle) {
    }

    /** One mainline strategy's figures on one seeded world, next to the others'. */
    public record Row(String scenario, long seed, String strategy, double p95, double oracleP95, double bestOtherP95,
            String bestOther, double ciMinutesPerMerge, double predictiveCiMinutesPerMerge,
            double cheapestOtherCiMinutesPerMerge, int defectsOnMain, double redMinutes, int goodEjected,
            int queueAtDayEnd, double drainedAfter, double oracleDrainedAfter) {
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

        /** Whether this is the row the targets are judged on: mainline as the product runs it. */
        public boolean isProduct() {
            return strategy.equals(Strategies.MAINLINE);
        }
    }

    private TargetCheck() {
    }

    /** For each seed and target scenario: mainline as the product runs it, then mainline told the risk signal. */
    public static List<Row> run(int seeds) {
        List<Row> rows = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            for (Scenario scenario : List.of(Scenario.shopify2019(0.10, Duration.ofMinutes(30), seed),
                    Scenario.stress(0.10, seed))) {
                List<Result> results = new Comparison(List.of(scenario)).run();
                rows.add(row(scenario, results, Strategies.MAINLINE));
                rows.add(row(scenario, results, Strategies.mainlineWithRiskSignal(scenario)));
            }
        }
        return rows;
    }

    private static Row row(Scenario scenario, List<Result> results, String strategy) {
        Result mainline = find(results, strategy);
        Result oracle = find(results, Strategies.ORACLE);
        Result predictive = find(results, "predictive");
        // The other queues: neither mainline row, nor the oracle (a bound, not a queue), nor no queue at all.
        Set<String> notOthers = Set.of(Strategies.MAINLINE, Strategies.mainlineWithRiskSignal(scenario),
                Strategies.ORACLE, Strategies.NO_QUEUE);
        List<Result> others = results.stream().filter(result -> !notOthers.contains(result.strategy())).toList();
        Result fastest = others.stream().min(Comparator.comparingDouble(Result::p95)).orElseThrow();
        double cheapest = others.stream().mapToDouble(Result::ciMinutesPerMerge).min().orElseThrow();
        return new Row(scenario.name(), scenario.seed(), strategy, mainline.p95(), oracle.p95(), fastest.p95(),
                fastest.strategy(), mainline.ciMinutesPerMerge(), predictive.ciMinutesPerMerge(), cheapest,
                mainline.defectsOnMain(), mainline.redMinutes(), mainline.goodEjected(), mainline.queueAtDayEnd(),
                mainline.drainedAfter(), oracle.drainedAfter());
    }

    private static Result find(List<Result> results, String strategy) {
        return results.stream().filter(result -> result.strategy().equals(strategy)).findFirst().orElseThrow();
    }

    /** One table and one summary per mainline strategy, the product's first. */
    public static void print(List<Row> rows, PrintStream out) {
        Set<String> strategies = new LinkedHashSet<>();
        rows.forEach(row -> strategies.add(row.strategy()));
        boolean first = true;
        for (String strategy : strategies) {
            List<Row> ofStrategy = rows.stream().filter(row -> row.strategy().equals(strategy)).toList();
            if (!first) {
                out.println();
            }
            first = false;
            out.println(ofStrategy.getFirst().isProduct()
                    ? strategy + ", as the product runs it (every pull request queued with the configured default "
                            + "success estimate); the targets are judged on this table"
                    : strategy + ": a signal the product does not have; what it would be worth, not a figure of the "
                            + "product");
            printTable(ofStrategy, out);
            printSummary(ofStrategy, out);
        }
    }

    private static void printTable(List<Row> rows, PrintStream out) {
        out.printf(Locale.ROOT, "%-33s %4s %7s %7s %7s %-13s %8s %8s %9s %9s %5s %7s %5s %5s %6s %7s%n", "scenario",
                "seed", "p95", "oracle", "p95/or", "best other", "its p95", "cimin/m", "/predict", "/cheapest", "defct",
                "red-min", "good", "q@end", "drain", "or-drain");
        for (Row row : rows) {
            out.printf(Locale.ROOT,
                    "%-33s %4d %7.1f %7.1f %7.2f %-13s %8.1f %8.1f %9.2f %9.2f %5d %7.1f %5d %5d %6.0f %7.0f%n",
                    row.scenario(), row.seed(), row.p95(), row.oracleP95(), row.p95VersusOracle(), row.bestOther(),
                    row.bestOtherP95(), row.ciMinutesPerMerge(),
                    row.ciMinutesPerMerge() / row.predictiveCiMinutesPerMerge(),
                    row.ciMinutesPerMerge() / row.cheapestOtherCiMinutesPerMerge(), row.defectsOnMain(),
                    row.redMinutes(), row.goodEjected(), row.queueAtDayEnd(), row.drainedAfter(),
                    row.oracleDrainedAfter());
        }
    }

    private static void printSummary(List<Row> rows, PrintStream out) {
        for (Target target : TARGETS) {
            List<Row> scenario = rows.stream()
                    .filter(row -> row.scenario().startsWith(target.scenarioPrefix()))
                    .toList();
            if (scenario.isEmpty()) {
                continue;
            }
            List<Double> ratios = scenario.stream().map(Row::p95VersusOracle).sorted().toList();
            double mean = ratios.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double versusPredictive = scenario.stream()
                    .mapToDouble(row -> row.ciMinutesPerMerge() / row.predictiveCiMinutesPerMerge())
                    .max()
                    .orElseThrow();
            double versusCheapest = scenario.stream()
                    .mapToDouble(row -> row.ciMinutesPerMerge() / row.cheapestOtherCiMinutesPerMerge())
                    .max()
                    .orElseThrow();
            out.printf(Locale.ROOT,
                    "%s over %d seeds:%n"
                            + "  p95/oracle mean %.2f, median %.2f, best %.2f, worst %.2f; p95 <= %.1fx the oracle's "
                            + "on %d%n"
                            + "  best p95 of all queues on %d; CI minutes per merge at most %.2fx predictive's and "
                            + "%.2fx the cheapest other queue's%n"
                            + "  defects on main %d; red minutes %.0f; good pull requests ejected %d%n"
                            + "  kept up with arrivals (emptied within an hour of the oracle) on %d%n",
                    target.scenarioPrefix(), scenario.size(), mean, Simulation.percentile(ratios, 0.5),
                    ratios.getFirst(), ratios.getLast(), target.p95VersusOracle(),
                    scenario.stream().filter(row -> row.p95VersusOracle() <= target.p95VersusOracle()).count(),
                    scenario.stream().filter(Row::beatsEveryOtherQueue).count(), versusPredictive, versusCheapest,
                    scenario.stream().mapToInt(Row::defectsOnMain).sum(),
                    scenario.stream().mapToDouble(Row::redMinutes).sum(),
                    scenario.stream().mapToInt(Row::goodEjected).sum(),
                    scenario.stream().filter(Row::keptUp).count());
        }
    }

    public static void writeCsv(List<Row> rows, Path file) {
        StringBuilder csv = new StringBuilder("scenario,seed,strategy,p95,oracle_p95,p95_vs_oracle,best_other,"
                + "best_other_p95,ci_minutes_per_merge,predictive_ci_minutes_per_merge,"
                + "cheapest_other_ci_minutes_per_merge,defects_on_main,red_minutes,good_ejected,queue_at_day_end,"
                + "drained_after,oracle_drained_after\n");
        for (Row row : rows) {
            csv.append(String.format(Locale.ROOT,
                    "\"%s\",%d,\"%s\",%.1f,%.1f,%.3f,%s,%.1f,%.1f,%.1f,%.1f,%d,%.1f,%d,%d,%.1f,%.1f%n",
                    row.scenario(), row.seed(), row.strategy(), row.p95(), row.oracleP95(), row.p95VersusOracle(),
                    row.bestOther(), row.bestOtherP95(), row.ciMinutesPerMerge(), row.predictiveCiMinutesPerMerge(),
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
