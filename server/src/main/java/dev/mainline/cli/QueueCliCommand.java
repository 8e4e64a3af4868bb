package dev.mainline.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** A repository's merge queue through the HTTP API; every call is checked against the role model and audited. */
@Command(name = "queue", mixinStandardHelpOptions = true, description = "Look at and drive a repository's merge queue.", subcommands = {
        QueueCliCommand.Status.class, QueueCliCommand.History.class, QueueCliCommand.Add.class,
        QueueCliCommand.Remove.class,
        QueueCliCommand.Lock.class, QueueCliCommand.Unlock.class, QueueCliCommand.Emergency.class})
public class QueueCliCommand extends RepositoryCommand {
    String path() {
        return repositoryPath() + "/queue";
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Main, the lock and every entry with its position and expected merge time.")
    static final class Status implements Runnable {
        @ParentCommand
        QueueCliCommand queue;

        @Override
        public void run() {
            queue.print(queue.client().get(queue.path(), Map.of()));
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "What happened to a pull request in the queue: tests, results, moves, merge or ejection and why.")
    static final class History implements Runnable {
        @ParentCommand
        QueueCliCommand queue;

        @Option(names = "--pr", required = true)
        int pullRequest;

        @Override
        public void run() {
            queue.print(queue.client().get(queue.path() + "/pull-requests/" + pullRequest + "/history", Map.of()));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Queue a pull request: the tip of its branch, with you as its author.")
    static final class Add implements Runnable {
        @ParentCommand
        QueueCliCommand queue;

        @Option(names = "--pr", required = true, description = "The pull request's number.")
        int pullRequest;

        @Option(names = "--branch", description = "Its branch; not needed for one opened with `mainline pr open`.")
        String branch;

        @Option(names = "--urgent", description = "The urgent lane (release managers).")
        boolean urgent;

        @Override
        public void run() {
            queue.print(queue.client().post(queue.path() + "/entries",
                    AdminCommand.body("pullRequest", pullRequest, "branch",
                            branch, "priority", urgent ? "urgent" : "normal")));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Take a pull request out of the queue.")
    static final class Remove implements Runnable {
        @ParentCommand
        QueueCliCommand queue;

        @Option(names = "--pr", required = true)
        int pullRequest;

        @Option(names = "--reason", defaultValue = "no reason given")
        String reason;

        @Override
        public void run() {
            queue.print(queue.client().remove(queue.path() + "/entries/" + pullRequest, Map.of("reason", reason)));
        }
    }

    @Command(name = "lock", mixinStandardHelpOptions = true, description = "Stop merging (testing goes on) until unlocked.")
    static final class Lock implements Runnable {
        @ParentCommand
        QueueCliCommand queue;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        public void run() {
            queue.print(queue.client().put(queue.path() + "/lock", AdminCommand.body("reason", reason)));
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Let merging go on; everything green merges at once.")
    static final class Unlock implements Runnable {
        @ParentCommand
        QueueCliCommand queue;

        @Override
        public void run() {
            queue.print(queue.client().remove(queue.path() + "/lock", Map.of()));
        }
    }

    @Command(name = "emergency", mixinStandardHelpOptions = true, description = "Land a pull request on main now, without waiting for CI.")
    static final class Emergency implements Runnable {
        @ParentCommand
        QueueCliCommand queue;

        @Option(names = "--pr", required = true)
        int pullRequest;

        @Option(names = "--branch", description = "Its branch; not needed for one opened with `mainline pr open`.")
        String branch;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        public void run() {
            queue.print(queue.client().post(queue.path() + "/emergency-merges",
                    AdminCommand.body("pullRequest", pullRequest,
                            "branch", branch, "reason", reason)));
        }
    }
}
