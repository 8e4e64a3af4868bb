package dev.mainline.cli;

import dev.mainline.junit.JUnitReportParser;
import dev.mainline.junit.ReportRejectedException;
import dev.mainline.testresults.TestCaseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** A repository's tests: the troubled ones, one in detail, quarantine, and CI's question "may this run pass?". */
@Command(name = "tests", mixinStandardHelpOptions = true, description = "Flaky, broken and quarantined tests of a repository.", subcommands = {
        TestsCliCommand.List.class, TestsCliCommand.Show.class, TestsCliCommand.Quarantine.class,
        TestsCliCommand.Fixed.class, TestsCliCommand.Release.class, TestsCliCommand.Check.class,
        TestsCliCommand.Mine.class, TestsCliCommand.Trends.class})
public class TestsCliCommand extends RepositoryCommand {
    String path() {
        return repositoryPath() + "/tests";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Tests that are flaky, broken or quarantined, most flaky first.")
    static final class List implements Runnable {
        @ParentCommand
        TestsCliCommand tests;

        @Option(names = "--health", description = "Only those classified flaky, broken or unknown.")
        String health;

        @Override
        public void run() {
            tests.print(tests.client().get(tests.path(), AdminCommand.query("health", health)));
        }
    }

    @Command(name = "mine", mixinStandardHelpOptions = true, description = "My flaky tests (or --author's): failed on my changes, or in files I changed.")
    static final class Mine implements Runnable {
        @ParentCommand
        TestsCliCommand tests;

        @Option(names = "--author", description = "Someone else's login.")
        String author;

        @Override
        public void run() {
            tests.print(tests.client().get(tests.repositoryPath() + "/flaky-tests/by-author",
                    AdminCommand.query("author", author)));
        }
    }

    @Command(name = "trends", mixinStandardHelpOptions = true, description = "Per day: CI jobs, the share failing, failures and flaky failures.")
    static final class Trends implements Runnable {
        @ParentCommand
        TestsCliCommand tests;

        @Option(names = "--days", defaultValue = "30")
        int days;

        @Option(names = "--team", description = "Only the tests this CODEOWNERS team owns, e.g. @acme/cart.")
        String team;

        @Override
        public void run() {
            tests.print(tests.client().get(tests.repositoryPath() + "/test-trends", AdminCommand.query("days",
                    String.valueOf(days), "team", team)));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One test: why it is classified as it is, its quarantine, its latest failures.")
    static final class Show implements Runnable {
        @ParentCommand
        TestsCliCommand tests;

        @Option(names = "--id", required = true)
        long id;

        @Override
        public void run() {
            tests.print(tests.client().get(tests.path() + "/" + id, Map.of()));
        }
    }

    @Command(name = "quarantine", mixinStandardHelpOptions = true, description = "Quarantine a test: its failures fail nothing until it is fixed or the quarantine expires.")
    static final class Quarantine implements Runnable {
        @ParentCommand
        TestsCliCommand tests;

        @Option(names = "--id", required = true)
        long id;

        @Option(names = "--reason", required = true)
        String reason;

        @Option(names = "--owner", description = "Who fixes it: @user, @org/team or an email.")
        String owner;

        @Option(names = "--ticket", description = "A link to the ticket tracking the fix.")
        String ticket;

        @Option(names = "--expires", description = "When the quarantine ends on its own, e.g. 2026-12-31T00:00:00Z.")
        String expires;

        @Override
        public void run() {
            tests.print(tests.client().put(tests.path() + "/" + id + "/quarantine", AdminCommand.body("reason",
                    reason, "owner", owner, "ticket", ticket, "expiresAt", expires)));
        }
    }

    @Command(name = "fixed", mixinStandardHelpOptions = true, description = "Mark a quarantined test fixed: it counts again.")
    static final class Fixed implements Runnable {
        @ParentCommand
        TestsCliCommand tests;

        @Option(names = "--id", required = true)
        long id;

        @Option(names = "--reason", required = true, description = "What fixed it.")
        String reason;

        @Override
        public void run() {
            tests.print(tests.client().post(tests.path() + "/" + id + "/fixed", AdminCommand.body("reason", reason)));
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "End a quarantine without a fix: the test counts again.")
    static final class Release implements Runnable {
        @ParentCommand
        TestsCliCommand tests;

        @Option(names = "--id", required = true)
        long id;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        public void run() {
            tests.print(tests.client().post(tests.path() + "/" + id + "/release", AdminCommand.body("reason",
                    reason)));
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = {
            "Read JUnit reports here and ask whether every failure in them is excused (quarantined or known flaky).",
            "Exits 0 when they all are (so a CI step can pass), 1 when one counts or the reports hold no failure at all",
            "(a run that failed without a failed test failed for another reason), 2 on a usage error."})
    static final class Check implements Runnable {
        @ParentCommand
        TestsCliCommand tests;

        @Parameters(arity = "1..*", paramLabel = "REPORT", description = "Report files or globs.")
        java.util.List<String> reports;

        @Override
        public void run() {
            java.util.List<Path> files = UploadCommand.Junit.expand(reports);
            if (files.isEmpty()) {
                throw new CliException("no report matches " + String.join(" ", reports), 2);
            }
            java.util.List<Map<String, Object>> failures = new ArrayList<>();
            JUnitReportParser parser = new JUnitReportParser();
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (TestCaseResult test : parser.parse(file.getFileName().toString(), in).tests()) {
                        if (test.outcome().failed()) {
                            failures.add(AdminCommand.body("suite", test.suite(), "className", test.className(),
                                    "name", test.name()));
                        }
                    }
                } catch (ReportRejectedException e) {
                    throw new CliException(e.getMessage(), 2);
                } catch (IOException e) {
                    throw new CliException("cannot read %s: %s".formatted(file, e.getMessage()), 2);
                }
            }
            PrintWriter out = tests.spec.commandLine().getOut();
            if (failures.isEmpty()) {
                throw new CliException("no failed test in %d report(s): nothing to excuse, so the run's failure counts"
                        .formatted(files.size()), 1);
            }
            JsonNode verdict = tests.client().post(tests.repositoryPath() + "/test-failures/verdict",
                    Map.of("failures", failures));
            for (JsonNode judged : verdict.path("judged")) {
                out.printf("%s %s › %s: %s%n", judged.path("excused").asBoolean() ? "excused" : "COUNTS ",
                        judged.path("className").asString(), judged.path("name").asString(),
                        judged.path("why").asString());
            }
            out.printf("%d failure(s), %d counted%n", verdict.path("failures").asInt(),
                    verdict.path("counted").asInt());
            out.flush();
            if (!verdict.path("allExcused").asBoolean()) {
                throw new CliException("%d failure(s) are not excused".formatted(verdict.path("counted").asInt()), 1);
            }
        }
    }
}
