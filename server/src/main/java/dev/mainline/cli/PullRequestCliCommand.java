package dev.mainline.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Pull requests of a local repository through the HTTP API; every call is checked against the role model. */
@Command(name = "pr", mixinStandardHelpOptions = true, description = "Open, list, show and close pull requests of a local repository.", subcommands = {
        PullRequestCliCommand.Open.class, PullRequestCliCommand.List.class, PullRequestCliCommand.Show.class,
        PullRequestCliCommand.Close.class})
public class PullRequestCliCommand extends RepositoryCommand {
    String path() {
        return repositoryPath() + "/pull-requests";
    }

    @Command(name = "open", mixinStandardHelpOptions = true, description = "Open a pull request from a branch you pushed; it gets the repository's next number.")
    static final class Open implements Runnable {
        @ParentCommand
        PullRequestCliCommand pr;

        @Option(names = "--branch", required = true, description = "The branch to merge into main.")
        String branch;

        @Option(names = "--title", description = "A title (default: the branch).")
        String title;

        @Override
        public void run() {
            pr.print(pr.client().post(pr.path(), AdminCommand.body("branch", branch, "title", title)));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List pull requests, newest first.")
    static final class List implements Runnable {
        @ParentCommand
        PullRequestCliCommand pr;

        @Option(names = "--state", description = "open, merged or closed.")
        String state;

        @Option(names = "--cursor", description = "The nextCursor of the previous page.")
        String cursor;

        @Override
        public void run() {
            pr.print(pr.client().get(pr.path(), AdminCommand.query("state", state, "cursor", cursor)));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one pull request.")
    static final class Show implements Runnable {
        @ParentCommand
        PullRequestCliCommand pr;

        @Option(names = "--number", required = true)
        int number;

        @Override
        public void run() {
            pr.print(pr.client().get(pr.path() + "/" + number, Map.of()));
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close a pull request without merging it (it leaves the queue if it is in it).")
    static final class Close implements Runnable {
        @ParentCommand
        PullRequestCliCommand pr;

        @Option(names = "--number", required = true)
        int number;

        @Override
        public void run() {
            pr.print(pr.client().post(pr.path() + "/" + number + "/close", Map.of()));
        }
    }
}
