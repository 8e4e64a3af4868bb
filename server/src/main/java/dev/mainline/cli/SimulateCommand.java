package dev.mainline.cli;

import dev.mainline.simulator.Comparison;
import dev.mainline.simulator.TargetCheck;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs every merge queue strategy on the standard seeded scenarios and reports the comparison. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = {
        "Compare merge queue strategies (no queue, serial, predictive, batch-bisect,",
        "mainline, oracle) on the standard scenarios: prints the table, writes",
        "merge-queue.csv and merge-queue.png.",
        "mainline is the product as it runs: every pull request is queued with the",
        "configured default success estimate. 'mainline (if a 97%%-accurate risk",
        "signal existed)' is the same engine told a risk signal the product does not",
        "have, shown beside it.",
        "With --seeds N, checks the targets on shopify-2019 and stress over seeds 1..N",
        "instead, judged on mainline, with the risk-signal row beside it (prints one",
        "row per seed and strategy and a summary, writes merge-queue-seeds.csv)."})
public class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "1", description = "World seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seeds", description = "Check the targets over seeds 1..N instead of the full comparison.")
    Integer seeds;

    @Option(names = "--out", defaultValue = "target/simulation", description = "Where to write the CSV and the chart (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        PrintStream print = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (seeds != null) {
            if (seeds < 1 || seeds > 1000) {
                throw new ParameterException(spec.commandLine(), "--seeds must be between 1 and 1000, got " + seeds);
            }
            List<TargetCheck.Row> rows = TargetCheck.run(seeds);
            TargetCheck.print(rows, print);
            TargetCheck.writeCsv(rows, out.resolve("merge-queue-seeds.csv"));
            print.println("wrote " + out.resolve("merge-queue-seeds.csv"));
            return 0;
        }
        Comparison.runStandard(seed, out, print);
        return 0;
    }
}
