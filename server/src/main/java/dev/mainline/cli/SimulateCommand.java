package dev.mainline.cli;

import dev.mainline.simulator.Comparison;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs every merge queue strategy on the standard seeded scenarios and reports the comparison. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = {
        "Compare merge queue strategies (no queue, serial, predictive, batch-bisect, mainline, oracle) on",
        "the standard scenarios: prints the table, writes merge-queue.csv and merge-queue.png."})
public class SimulateCommand implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "1", description = "World seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "target/simulation", description = "Where to write the CSV and the chart (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        Comparison.runStandard(seed, out, new PrintStream(System.out, true, StandardCharsets.UTF_8));
        return 0;
    }
}
