package dev.mainline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** The log archive from a terminal or a CI step: send a log, search lines, look up similar failures, read a log. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Kept build and release logs: send, search, read, and find similar failures.", subcommands = {
        LogsCliCommand.Upload.class, LogsCliCommand.Search.class, LogsCliCommand.Show.class,
        LogsCliCommand.Similar.class, LogsCliCommand.Failure.class, LogsCliCommand.Release.class})
public class LogsCliCommand extends ServerCommand {
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Text from the argument, or from standard input when it is {@code -}. */
    private static String textOf(String argument) {
        if (!argument.equals("-")) {
            return argument;
        }
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read standard input: " + e.getMessage(), 2);
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true, description = "Send a log file (or - for standard input), compressed, with where it came from; checked whole by its SHA-256.")
    static final class Upload implements Runnable {
        @ParentCommand
        LogsCliCommand logs;

        @Mixin
        CiJobOptions ci;

        @Option(names = "--release", description = "The release version it belongs to.")
        String release;

        @Option(names = "--platform", description = "The release's platform (ios, android).")
        String platform;

        @Option(names = "--kind", defaultValue = "build", description = "build, deploy or release (default build).")
        String kind;

        @Option(names = "--outcome", defaultValue = "unknown", description = "success, failure, cancelled or unknown.")
        String outcome;

        @Option(names = "--started", description = "When it started (ISO-8601).")
        String startedAt;

        @Option(names = "--finished", description = "When it finished (ISO-8601).")
        String finishedAt;

        @Parameters(index = "0", paramLabel = "FILE", description = "The log file, or - for standard input.")
        String file;

        @Override
        public void run() {
            Path gzipped;
            String sha256;
            try {
                gzipped = Files.createTempFile("mainline-log", ".gz");
            } catch (IOException e) {
                throw new CliException("cannot make a temporary file: " + e.getMessage(), 2);
            }
            try {
                try (InputStream source = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
                        DigestInputStream in = new DigestInputStream(source, MessageDigest.getInstance("SHA-256"));
                        OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped), 1 << 16)) {
                    in.transferTo(out);
                    sha256 = HexFormat.of().formatHex(in.getMessageDigest().digest());
                } catch (IOException e) {
                    throw new CliException("cannot read %s: %s".formatted(file, e.getMessage()), 2);
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
                Map<String, String> query = ci.query("release", release, "platform", platform, "kind", kind,
                        "outcome", outcome, "startedAt", startedAt, "finishedAt", finishedAt, "sha256", sha256);
                JsonNode answer = logs.authenticatedClient().postGzipFile("/api/v1/logs", query, gzipped,
                        "text/plain");
                JsonNode log = answer.path("log");
                logs.out().printf("%s: %s as log %d, %d lines, %d bytes%n", file, answer.path("status").asString(),
                        log.path("id").asLong(), log.path("lines").asLong(), log.path("bytes").asLong());
                logs.out().flush();
            } finally {
                try {
                    Files.deleteIfExists(gzipped);
                } catch (IOException e) {
                    // A temporary file left behind harms nothing.
                }
            }
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true, description = "Lines of kept logs that hold TEXT, newest first, with the lines around them.")
    static final class Search implements Runnable {
        @ParentCommand
        LogsCliCommand logs;

        @Parameters(index = "0", paramLabel = "TEXT", description = "What to look for (any case; - reads standard input).")
        String text;

        @Option(names = "--repo", description = "Only this repository's logs.")
        String repository;

        @Option(names = "--branch", description = "Only this branch's.")
        String branch;

        @Option(names = "--job", description = "Only this job's.")
        String job;

        @Option(names = "--release", description = "Only this release version's.")
        String release;

        @Option(names = "--outcome", description = "Only logs of jobs that ended so (failure, success, ...).")
        String outcome;

        @Option(names = "--from", description = "Only logs from this time on (ISO-8601).")
        String from;

        @Option(names = "--to", description = "Only logs before this time (ISO-8601).")
        String to;

        @Option(names = {"-C",
                "--context"}, defaultValue = "2", description = "Lines shown around each match (default 2).")
        int context;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many matches (default 20).")
        int limit;

        @Override
        public void run() {
            JsonNode result = logs.authenticatedClient().get("/api/v1/logs/search", AdminCommand.query("q",
                    textOf(text), "repository", repository, "branch", branch, "job", job, "release", release,
                    "outcome", outcome, "from", from, "to", to, "context", String.valueOf(context), "limit",
                    String.valueOf(limit)));
            PrintWriter out = logs.out();
            for (JsonNode match : result.path("matches")) {
                JsonNode log = match.path("log");
                out.printf("== log %d  %s  %s (attempt %d)  %s  %s%n", log.path("id").asLong(),
                        log.path("repository").asString(), log.path("job").asString(), log.path("attempt").asInt(),
                        log.path("outcome").asString(), log.path("time").asString());
                for (JsonNode line : match.path("lines")) {
                    long number = line.path("number").asLong();
                    out.printf("%s%7d  %s%n", number == match.path("line").asLong() ? ">" : " ", number,
                            line.path("text").asString());
                }
                out.printf("   %s%n", match.path("link").asString());
            }
            if (result.path("matches").isEmpty()) {
                out.println("no line holds it");
            } else if (result.path("more").asBoolean()) {
                out.println("(there may be more: narrow the search or raise --limit)");
            }
            out.flush();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Lines of a kept log.")
    static final class Show implements Runnable {
        @ParentCommand
        LogsCliCommand logs;

        @Parameters(index = "0", paramLabel = "ID", description = "The log's id.")
        long id;

        @Option(names = "--from", defaultValue = "1", description = "The first line (default 1).")
        long from;

        @Option(names = "--to", description = "The last line (default: 1000 lines on).")
        Long to;

        @Override
        public void run() {
            JsonNode lines = logs.authenticatedClient().get("/api/v1/logs/%d/lines".formatted(id), AdminCommand.query(
                    "from", String.valueOf(from), "to", to == null ? null : to.toString()));
            for (JsonNode line : lines) {
                logs.out().printf("%7d  %s%n", line.path("number").asLong(), line.path("text").asString());
            }
            logs.out().flush();
        }
    }

    @Command(name = "similar", mixinStandardHelpOptions = true, description = "Earlier failures most like TEXT (any part of an error message or stack trace; - reads standard input), exact ones first.")
    static final class Similar implements Runnable {
        @ParentCommand
        LogsCliCommand logs;

        @Parameters(index = "0", paramLabel = "TEXT", description = "The error text, or - for standard input.")
        String text;

        @Option(names = "--limit", defaultValue = "5", description = "At most this many (default 5).")
        int limit;

        @Override
        public void run() {
            JsonNode similar = logs.authenticatedClient().post("/api/v1/failures/similar", Map.of("text",
                    textOf(text), "limit", limit));
            PrintWriter out = logs.out();
            for (JsonNode found : similar) {
                JsonNode group = found.path("group");
                out.printf("%s group %d  %s  seen %d times, %s to %s%n    %s%n",
                        found.path("exact").asBoolean() ? "exact  " : "similar", group.path("id").asLong(),
                        group.path("kind").asString(), group.path("count").asLong(),
                        group.path("firstSeen").asString(), group.path("lastSeen").asString(),
                        group.path("title").asString());
                for (JsonNode occurrence : found.path("recent")) {
                    out.printf("    - %s %s %s %s%n", occurrence.path("at").asString(),
                            occurrence.path("repository").asString(), occurrence.path("job").asString(""),
                            occurrence.path("link").asString(occurrence.path("test").asString("")));
                }
            }
            if (similar.isEmpty()) {
                out.println("nothing like it was seen before");
            }
            out.flush();
        }
    }

    @Command(name = "failure", mixinStandardHelpOptions = true, description = "One failure group: where and when it happened, the builds, tests, pull requests and releases it touched.")
    static final class Failure implements Runnable {
        @ParentCommand
        LogsCliCommand logs;

        @Parameters(index = "0", paramLabel = "ID", description = "The group's id.")
        long id;

        @Override
        public void run() {
            logs.print(logs.authenticatedClient().get("/api/v1/failures/" + id, Map.of()));
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "A release version's logs and the error groups found in them.")
    static final class Release implements Runnable {
        @ParentCommand
        LogsCliCommand logs;

        @Parameters(index = "0", paramLabel = "VERSION", description = "The release version.")
        String version;

        @Override
        public void run() {
            logs.print(logs.authenticatedClient().get("/api/v1/releases/%s/logs".formatted(ApiClient.segment(version)),
                    Map.of()));
        }
    }
}
