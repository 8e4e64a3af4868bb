package dev.mainline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** Uploads test reports from any CI: the files or globs given, each compressed and sent with where it came from. */
@Command(name = "upload", mixinStandardHelpOptions = true, description = "Upload CI output to Mainline.", subcommands = {
        UploadCommand.Junit.class})
public class UploadCommand extends ServerCommand {

    @Command(name = "junit", mixinStandardHelpOptions = true, description = "Upload JUnit XML reports: files, or globs such as '**/TEST-*.xml' (quoted, so the shell leaves them alone).")
    static final class Junit implements Runnable {
        @ParentCommand
        UploadCommand upload;

        @Mixin
        CiJobOptions ci;

        @Option(names = "--author", description = "Who wrote the change tested (a login; for pull requests Mainline"
                + " knows, it finds out itself).")
        String author;

        @Parameters(arity = "1..*", paramLabel = "REPORT", description = "Report files or globs.")
        List<String> reports;

        @Override
        public void run() {
            if (ci.commit == null) {
                throw new CliException("--commit is required: the commit the tests ran on", 2);
            }
            List<Path> files = expand(reports);
            if (files.isEmpty()) {
                throw new CliException("no report matches " + String.join(" ", reports), 2);
            }
            ApiClient client = upload.authenticatedClient();
            for (Path file : files) {
                Path gzipped = compress(file);
                try {
                    JsonNode answer = client.postGzipFile("/api/v1/test-runs", ci.query("name",
                            file.getFileName().toString(), "author", author),
                            gzipped);
                    upload.spec.commandLine().getOut().printf("%s: %s, %d tests, %d failed, %d flaky%n", file,
                            answer.path("status").asString(), answer.path("tests").asInt(),
                            answer.path("failed").asInt(), answer.path("flaky").asInt());
                    upload.spec.commandLine().getOut().flush();
                } finally {
                    try {
                        Files.deleteIfExists(gzipped);
                    } catch (IOException e) {
                        // A temporary file left behind harms nothing.
                    }
                }
            }
        }

        /**
         * The files named, and those the globs match (relative to the working directory, or absolute), each once, in
         * order. The walk starts at the longest part of a glob without a wildcard.
         */
        static List<Path> expand(List<String> patterns) {
            TreeSet<Path> files = new TreeSet<>();
            for (String pattern : patterns) {
                Path named = Path.of(pattern);
                if (Files.isRegularFile(named)) {
                    files.add(named.toAbsolutePath().normalize());
                    continue;
                }
                String absolute = Path.of(pattern).isAbsolute()
                        ? pattern
                        : Path.of("").toAbsolutePath() + "/" + pattern;
                Path base = Path.of("/");
                for (String segment : absolute.split("/")) {
                    if (segment.isEmpty()) {
                        continue;
                    }
                    if (segment.chars().anyMatch(character -> "*?[{".indexOf(character) >= 0)) {
                        break;
                    }
                    base = base.resolve(segment);
                }
                if (!Files.isDirectory(base)) {
                    continue;
                }
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
                try (Stream<Path> walk = Files.walk(base)) {
                    walk.filter(Files::isRegularFile)
                            .map(file -> file.toAbsolutePath().normalize())
                            .filter(matcher::matches)
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new ArrayList<>(files);
        }

        private static Path compress(Path file) {
            try {
                Path gzipped = Files.createTempFile("mainline-upload", ".xml.gz");
                try (InputStream in = Files.newInputStream(file);
                        OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped), 1 << 16)) {
                    in.transferTo(out);
                }
                return gzipped;
            } catch (IOException e) {
                throw new CliException("cannot read %s: %s".formatted(file, e.getMessage()), 2);
            }
        }
    }
}
