package dev.mainline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** A repository's deploys through the HTTP API; every report is checked against the role model and audited. */
@Command(name = "deploys", mixinStandardHelpOptions = true, description = "Tell Mainline what runs where.", subcommands = {
        DeploysCliCommand.Report.class})
public class DeploysCliCommand extends RepositoryCommand {
    String path() {
        return repositoryPath() + "/deploys";
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "Report that a commit of main was deployed; a production deploy lets the merge queue merge again past its drift limit (max_undeployed_merges).")
    static final class Report implements Runnable {
        @ParentCommand
        DeploysCliCommand deploys;

        @Option(names = "--environment", required = true, description = "Where it was deployed; the drift limit counts production.")
        String environment;

        @Option(names = "--commit", required = true, description = "The deployed commit of main, its full SHA.")
        String commit;

        @Override
        public void run() {
            deploys.print(deploys.client().post(deploys.path(),
                    AdminCommand.body("environment", environment, "commit", commit)));
        }
    }
}
