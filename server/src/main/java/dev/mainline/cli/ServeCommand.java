package dev.mainline.cli;

import dev.mainline.server.MainlineServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Starts the server. Any {@code --key=value} given is a configuration setting, e.g. {@code --server.port=9090}. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {
        "Start the Mainline server (embedded H2 under ./data unless configured otherwise).",
        "Settings can be given as --key=value, e.g. --server.port=9090 --mainline.data-dir=/var/lib/mainline."})
public class ServeCommand implements Callable<Integer> {
    @Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() {
        try {
            MainlineServer.start(settings.toArray(String[]::new));
            return 0;
        } catch (RuntimeException e) {
            // Spring Boot has already reported why start-up failed (which setting, which value); no second stack trace.
            return 1;
        }
    }
}
