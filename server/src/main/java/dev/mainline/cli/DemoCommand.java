package dev.mainline.cli;

import dev.mainline.local.Demo;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the merge queue on a sample repository and prints what happens. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = {
        "Create a sample project with a dozen pull requests (some conflict, some break its tests) and run the",
        "merge queue on it in local mode, with real git and a real CI command, printing what happens."})
public class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "mainline-demo", description = "A new or empty directory for the sample (default ${DEFAULT-VALUE}).")
    Path directory;

    @Option(names = "--pull-requests", defaultValue = "12", description = "How many pull requests, 6 to 200 (default ${DEFAULT-VALUE}).")
    int pullRequests;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Demo demo;
        try {
            demo = new Demo(directory, pullRequests, out);
            return demo.run() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
