package dev.mainline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code mainline} command: {@code serve} runs the server, {@code admin …} manages users, roles, tokens, apps and
 * repositories through the HTTP API. Later capabilities add their own subcommands here.
 */
@Command(name = "mainline", mixinStandardHelpOptions = true, versionProvider = MainlineCommand.Version.class, description = "Mainline: merge queue, test analytics, log archive, mobile releases and ChatOps.", subcommands = {
        ServeCommand.class, AdminCommand.class, PullRequestCliCommand.class, QueueCliCommand.class,
        DeploysCliCommand.class,
        UploadCommand.class, TestsCliCommand.class, LogsCliCommand.class, ReleasesCliCommand.class,
        SimulateCommand.class,
        DemoCommand.class})
public class MainlineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] arguments) {
        int exitCode = commandLine().execute(arguments);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command line with Mainline's error handling: failures print one clear line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MainlineCommand());
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            if (exception instanceof CliException cliException) {
                command.getErr().println("mainline: " + cliException.getMessage());
                return cliException.exitCode();
            }
            throw exception;
        });
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MainlineCommand.class.getPackage().getImplementationVersion();
            return new String[]{"mainline " + (version == null ? "development build" : version)};
        }
    }
}
