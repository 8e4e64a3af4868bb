package dev.mainline.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Runs every strategy on every scenario and reports: a table, a CSV file and a chart. */
public final class Comparison {
    private final List<Scenario> scenarios;

    public Comparison(List<Scenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
    }

    public List<Result> run() {
        List<Result> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            World world = new World(scenario);
            for (Function<World, Strategy> strategy : Strategies.all()) {
                results.add(new Simulation(world, strategy.apply(world)).run());
            }
        }
        return results;
    }

    /** The oracle's result on the same scenario, for ratios. */
    static Result oracle(List<Result> results, String scenario) {
        return results.stream()
                .filter(result -> result.scenario().equals(scenario) && result.strategy().equals(Strategies.ORACLE))
                .findFirst()
                .orElseThrow();
    }

    public static void printTable(List<Result> results, PrintStream out) {
        int scenarioWidth = results.stream().mapToInt(result -> result.scenario().length()).max().orElse(8);
        int strategyWidth = results.stream().mapToInt(result -> result.strategy().length()).max().orElse(8);
        String names = "%-" + scenarioWidth + "s %-" + strategyWidth + "s";
        String header = names + " %6s %6s %5s %5s %7s %7s %7s %7s %7s %6s %6s %7s %8s %5s %6s%n";
        String row = names + " %6d %6d %5d %5d %7.1f %7.1f %7.1f %7.1f %7.2f %6.1f %6.2f %7.1f %8.1f %5d %6.0f%n";
        out.printf(Locale.ROOT, header, "scenario", "strategy", "merged", "eject", "good", "defct", "red-min", "p50",
                "p95", "p99", "p95/or", "max", "runs/m", "cimin/m", "urgentp95", "q@end", "drain");
        for (Result result : results) {
            Result oracle = oracle(results, result.scenario());
            double ratio = oracle.p95() == 0 ? 0 : result.p95() / oracle.p95();
            out.printf(Locale.ROOT, row, result.scenario(), result.strategy(), result.merged(), result.ejected(),
                    result.goodEjected(), result.defectsOnMain(), result.redMinutes(), result.p50(), result.p95(),
                    result.p99(), ratio, result.max(), result.ciRunsPerMerge(), result.ciMinutesPerMerge(),
                    result.urgentP95(), result.queueAtDayEnd(), result.drainedAfter());
        }
    }

    public static void writeCsv(List<Result> results, Path file) {
        StringBuilder csv = new StringBuilder(
                "scenario,strategy,merged,ejected,good_ejected,defects_on_main,red_minutes,"
                        + "p50,p95,p99,max,p50_vs_oracle,p95_vs_oracle,p99_vs_oracle,max_vs_oracle,urgent_p95,ci_runs,"
                        + "ci_minutes,ci_runs_per_merge,ci_minutes_per_merge,max_concurrent_ci,queue_at_day_end,drained_after,"
                        + "unresolved\n");
        for (Result result : results) {
            Result oracle = oracle(results, result.scenario());
            csv.append(String.format(Locale.ROOT,
                    "\"%s\",\"%s\",%d,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.3f,%.3f,%.3f,%.3f,%.1f,%d,%.1f,%.3f,%.1f,%d,%d,%.1f,%d%n",
                    result.scenario(), result.strategy(), result.merged(), result.ejected(), result.goodEjected(),
                    result.defectsOnMain(), result.redMinutes(), result.p50(), result.p95(), result.p99(), result.max(),
                    ratio(result.p50(), oracle.p50()), ratio(result.p95(), oracle.p95()),
                    ratio(result.p99(), oracle.p99()), ratio(result.max(), oracle.max()), result.urgentP95(),
                    result.ciRuns(), result.ciMinutes(), result.ciRunsPerMerge(), result.ciMinutesPerMerge(),
                    result.maxConcurrentCi(), result.queueAtDayEnd(), result.drainedAfter(), result.unresolved()));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static double ratio(double value, double oracle) {
        return oracle == 0 ? 0 : value / oracle;
    }

    /** Runs the standard scenarios with {@code seed}, prints the table and writes CSV and PNG into {@code out}. */
    public static void runStandard(long seed, Path out, PrintStream print) {
        List<Result> results = new Comparison(Scenario.standard(seed)).run();
        printTable(results, print);
        writeCsv(results, out.resolve("merge-queue.csv"));
        Chart.write(results, out.resolve("merge-queue.png"));
        print.println("wrote " + out.resolve("merge-queue.csv") + " and " + out.resolve("merge-queue.png"));
    }
}
