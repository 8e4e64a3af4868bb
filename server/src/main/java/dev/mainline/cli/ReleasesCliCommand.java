package dev.mainline.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Mobile releases from a terminal: cut one, see them, walk one through its runbook. */
@Command(name = "releases", mixinStandardHelpOptions = true, description = "Mobile releases: cut, list, show, history, runbook actions.", subcommands = {
        ReleasesCliCommand.Cut.class, ReleasesCliCommand.List.class, ReleasesCliCommand.Show.class,
        ReleasesCliCommand.History.class, ReleasesCliCommand.Act.class, ReleasesCliCommand.RunbookCommand.class})
public class ReleasesCliCommand extends ServerCommand {
    @Command(name = "cut", mixinStandardHelpOptions = true, description = "Cut a release of an app on a platform.")
    static final class Cut implements Runnable {
        @ParentCommand
        ReleasesCliCommand releases;

        @Option(names = "--app", required = true, description = "The app's key.")
        String app;

        @Option(names = "--platform", required = true, description = "ios or android.")
        String platform;

        @Option(names = "--version", required = true, description = "The version, such as 5.2.0.")
        String version;

        @Option(names = "--branch", description = "The release branch (default release/<version>).")
        String branch;

        @Override
        public void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("platform", platform);
            body.put("version", version);
            if (branch != null) {
                body.put("branch", branch);
            }
            releases.print(releases.authenticatedClient().post("/api/v1/apps/%s/releases".formatted(ApiClient
                    .segment(app)), body));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "An app's releases, newest first.")
    static final class List implements Runnable {
        @ParentCommand
        ReleasesCliCommand releases;

        @Option(names = "--app", required = true, description = "The app's key.")
        String app;

        @Option(names = "--platform", description = "Only ios or android.")
        String platform;

        @Override
        public void run() {
            releases.print(releases.authenticatedClient().get("/api/v1/apps/%s/releases".formatted(ApiClient
                    .segment(app)), AdminCommand.query("platform", platform)));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One release.")
    static final class Show implements Runnable {
        @ParentCommand
        ReleasesCliCommand releases;

        @Parameters(index = "0", paramLabel = "ID", description = "The release's id.")
        long id;

        @Override
        public void run() {
            releases.print(releases.authenticatedClient().get("/api/v1/releases/" + id, Map.of()));
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Everything done to a release, and every refusal.")
    static final class History implements Runnable {
        @ParentCommand
        ReleasesCliCommand releases;

        @Parameters(index = "0", paramLabel = "ID", description = "The release's id.")
        long id;

        @Override
        public void run() {
            releases.print(releases.authenticatedClient().get("/api/v1/releases/%d/history".formatted(id), Map.of()));
        }
    }

    @Command(name = "do", mixinStandardHelpOptions = true, description = {
            "A runbook action: record-build, run-regression, regression-result, approve, submit, review-result,",
            "crash-free-rate, start-rollout, increase-rollout, pause-rollout, halt-rollout, resume-rollout,",
            "complete-rollout, roll-back, confirm. Refused with the gate named when the runbook does not allow it."})
    static final class Act implements Runnable {
        @ParentCommand
        ReleasesCliCommand releases;

        @Parameters(index = "0", paramLabel = "ID", description = "The release's id.")
        long id;

        @Parameters(index = "1", paramLabel = "ACTION", description = "The action's name.")
        String action;

        @Option(names = "--build", description = "record-build: the build number.")
        String build;

        @Option(names = "--passed", description = "regression-result: true or false.")
        Boolean passed;

        @Option(names = "--link", description = "regression-result: the run's log.")
        String link;

        @Option(names = "--approved", description = "review-result: true or false.")
        Boolean approved;

        @Option(names = "--reason", description = "halt-rollout, roll-back, review-result: why.")
        String reason;

        @Option(names = "--rate", description = "crash-free-rate: the percentage.")
        Double rate;

        @Option(names = "--to", description = "increase-rollout: the percentage (default: the runbook's next step).")
        Double to;

        @Override
        public void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("action", action);
            Map.of("build", build == null ? "" : build, "link", link == null ? "" : link, "reason",
                    reason == null ? "" : reason).forEach((name, value) -> {
                        if (!value.isEmpty()) {
                            body.put(name, value);
                        }
                    });
            if (passed != null) {
                body.put("passed", passed);
            }
            if (approved != null) {
                body.put("approved", approved);
            }
            if (rate != null) {
                body.put("rate", rate);
            }
            if (to != null) {
                body.put("to", to);
            }
            releases.print(releases.authenticatedClient().post("/api/v1/releases/%d/actions".formatted(id), body));
        }
    }

    @Command(name = "runbook", mixinStandardHelpOptions = true, description = "An app's runbook.")
    static final class RunbookCommand implements Runnable {
        @ParentCommand
        ReleasesCliCommand releases;

        @Option(names = "--app", required = true, description = "The app's key.")
        String app;

        @Override
        public void run() {
            releases.print(releases.authenticatedClient().get("/api/v1/apps/%s/runbook".formatted(ApiClient.segment(
                    app)), Map.of()));
        }
    }
}
