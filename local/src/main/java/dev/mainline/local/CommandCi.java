package dev.mainline.local;

import static java.util.Objects.requireNonNull;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.ContinuousIntegration;
import dev.mainline.mergequeue.RepositorySettings.LocalCi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * CI for local mode: checks the tested commit out into a fresh directory, runs the repository's command there with
 * {@code sh -c}, keeps its output as the build's log and copies the JUnit XML reports it wrote. At most
 * {@code concurrency} commands run at once; one that outlives {@code timeout} is killed and fails.
 */
public final class CommandCi implements QueueCi {
    private static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"))
            || Files.isExecutable(Path.of("/bin/setsid"));
    private static final Logger LOG = Logger.getLogger(CommandCi.class.getName());
    static final long MAX_LOG_BYTES = 256L * 1024 * 1024;
    private static final Duration WATCH_EVERY = Duration.ofMillis(100);
    private static final Set<String> KEPT_ENVIRONMENT = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG",
            "TERM", "TMPDIR", "TZ", "JAVA_HOME", "MAVEN_OPTS", "GRADLE_USER_HOME");

    private final Repository repository;
    private final LocalCi settings;
    private final Path workRoot;
    private final Path logRoot;
    private final ExecutorService workers;
    private final Map<BuildId, Running> running = new ConcurrentHashMap<>();
    private final long maxLogBytes;

    private static final class Running {
        volatile Future<?> future;
        volatile Process process;
        volatile boolean cancelled;
    }

    public CommandCi(Repository repository, LocalCi settings, Path workRoot, Path logRoot) {
        this(repository, settings, workRoot, logRoot, MAX_LOG_BYTES);
    }

    CommandCi(Repository repository, LocalCi settings, Path workRoot, Path logRoot, long maxLogBytes) {
        this.maxLogBytes = maxLogBytes;
        this.repository = requireNonNull(repository, "repository is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.workRoot = requireNonNull(workRoot, "workRoot is null");
        this.logRoot = requireNonNull(logRoot, "logRoot is null");
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
            Thread worker = new Thread(runnable, "mainline-ci");
            worker.setDaemon(true);
            return worker;
        });
    }

    @Override
    public void start(BuildId build, String commit, Consumer<CiRun> finished) {
        Running run = new Running();
        running.put(build, run);
        run.future = workers.submit(() -> {
            CiRun result = run(build, commit, run);
            running.remove(build, run);
            if (!run.cancelled) {
                finished.accept(result);
            }
        });
    }

    @Override
    public void cancel(BuildId build) {
        Running run = running.remove(build);
        if (run == null) {
            return;
        }
        run.cancelled = true;
        Process process = run.process;
        if (process != null) {
            kill(process);
        }
        Future<?> future = run.future;
        if (future != null) {
            future.cancel(false);
        }
    }

    /**
     * The command, in a session and process group of its own where the system has {@code setsid}, so everything it
     * starts, daemons that leave its process tree included, can be stopped together.
     */
    private static List<String> shell(String command) {
        return SETSID ? List.of("setsid", "sh", "-c", command) : List.of("sh", "-c", command);
    }

    /** Kills the command and everything it started: its process group, and its descendants where it has none. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (SETSID) {
            try {
                // The shell's own kill: a slim image may have no kill program, and dash refuses "--" here.
                new ProcessBuilder("sh", "-c", "kill -KILL -" + process.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                LOG.warning(() -> "cannot kill the process group of CI process %d: %s".formatted(process.pid(),
                        e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroyForcibly();
    }

    /** Stops every run and the workers. */
    @Override
    public void stop() {
        List.copyOf(running.keySet()).forEach(this::cancel);
        workers.shutdownNow();
    }

    private CiRun run(BuildId build, String commit, Running run) {
        String name = build.value() + "-" + commit.substring(0, Math.min(12, commit.length()));
        // A fresh directory per run: a run cut short by a crash may have left its own behind.
        Path checkout = workRoot.resolve(name + "-" + Long.toHexString(System.nanoTime()));
        Path log = logRoot.resolve(name + ".log");
        try {
            Files.createDirectories(logRoot);
            checkOut(commit, checkout);
            ProcessBuilder command = new ProcessBuilder(shell(settings.command()))
                    .directory(checkout.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            scrub(command.environment());
            command.environment().put("MAINLINE_COMMIT", commit);
            command.environment().put("MAINLINE_BUILD", String.valueOf(build.value()));
            Process process = command.start();
            run.process = process;
            if (run.cancelled) {
                kill(process);
            }
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            while (!process.waitFor(Math.max(1, Math.min(WATCH_EVERY.toMillis(),
                    TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))), TimeUnit.MILLISECONDS)) {
                String stopped = null;
                if (System.nanoTime() >= deadline) {
                    stopped = "timed out after " + settings.timeout();
                } else if (Files.size(log) > maxLogBytes) {
                    // A command that writes without end would fill the disk every other queue and log lives on.
                    stopped = "its log passed %d KB".formatted(maxLogBytes / 1024);
                }
                if (stopped != null) {
                    kill(process);
                    appendToLog(log, "%nmainline: killed: %s%n".formatted(stopped));
                    // What a killed run wrote is not its verdict: its reports are kept, but not handed on to be judged.
                    reports(checkout, build);
                    return new CiRun(CiOutcome.FAILED, stopped, Optional.of(log.toString()), List.of());
                }
            }
            int exit = process.exitValue();
            // Whatever it left running in the background (a server, a daemon) ends with it.
            kill(process);
            CiOutcome outcome = exit == 0 ? CiOutcome.PASSED : CiOutcome.FAILED;
            return new CiRun(outcome, "`%s` exited with %d".formatted(settings.command(), exit),
                    Optional.of(log.toString()), reports(checkout, build));
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "CI of " + name + " could not run", e);
            appendToLog(log, "%nmainline: CI could not run: %s%n".formatted(e.getMessage()));
            return new CiRun(CiOutcome.FAILED, "CI could not run: " + e.getMessage(), Optional.of(log.toString()),
                    List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CiRun(CiOutcome.FAILED, "interrupted", Optional.of(log.toString()), List.of());
        } finally {
            deleteQuietly(checkout);
        }
    }

    /**
     * The CI command runs the repository's code, so it gets only what a build needs from the server's environment:
     * never the server's own settings and secrets (database password, tokens), which it could print into its log.
     */
    static void scrub(Map<String, String> environment) {
        environment.keySet().removeIf(name -> !KEPT_ENVIRONMENT.contains(name) && !name.startsWith("LC_"));
    }

    /** Writes the files of {@code commit} into {@code target}, as a checkout would, without touching any index. */
    void checkOut(String commit, Path target) throws IOException {
        Files.createDirectories(target);
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            RevCommit parsed = walk.parseCommit(ObjectId.fromString(commit));
            tree.addTree(parsed.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                Path file = target.resolve(tree.getPathString()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("path %s leaves the checkout".formatted(tree.getPathString()));
                }
                Files.createDirectories(file.getParent());
                FileMode mode = tree.getFileMode(0);
                ObjectLoader blob = repository.open(tree.getObjectId(0));
                if (mode == FileMode.SYMLINK) {
                    Files.createSymbolicLink(file, Path.of(new String(blob.getBytes(), StandardCharsets.UTF_8)));
                } else if (mode == FileMode.GITLINK) {
                    Files.createDirectories(file);
                } else {
                    try (OutputStream out = Files.newOutputStream(file)) {
                        blob.copyTo(out);
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
    }

    private List<String> reports(Path checkout, BuildId build) throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + settings.reportGlob());
        List<String> kept = new ArrayList<>();
        try (Stream<Path> files = Files.walk(checkout)) {
            List<Path> found = files.filter(Files::isRegularFile)
                    .filter(file -> matcher.matches(checkout.relativize(file)))
                    .toList();
            Path reports = logRoot.resolve(build.value() + "-reports");
            for (Path report : found) {
                Path copy = reports.resolve(checkout.relativize(report).toString().replace('/', '_'));
                Files.createDirectories(reports);
                try (InputStream in = Files.newInputStream(report)) {
                    Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                kept.add(copy.toString());
            }
        }
        return kept;
    }

    private static void appendToLog(Path log, String text) {
        try {
            Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write " + log, e);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "cannot delete " + directory, e);
        }
    }
}
