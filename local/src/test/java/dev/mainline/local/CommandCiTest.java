package dev.mainline.local;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.mergequeue.RepositorySettings.LocalCi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandCiTest {
    @TempDir
    Path directory;

    private SampleRepository sample;

    @BeforeEach
    void createSample() throws Exception {
        sample = SampleRepository.create(directory.resolve("repo.git"), 2, Map.of(), Set.of(2));
    }

    private CiRun run(String command, Duration timeout, String commit) throws Exception {
        CommandCi ci = new CommandCi(sample.repository(), new LocalCi(command, timeout, 1, "**/TEST-*.xml"),
                directory.resolve("work"), directory.resolve("logs"));
        try {
            CompletableFuture<CiRun> finished = new CompletableFuture<>();
            ci.start(new BuildId(7), commit, finished::complete);
            return finished.get(30, TimeUnit.SECONDS);
        } finally {
            ci.stop();
        }
    }

    @Test
    void runsTheCommandOnACheckoutOfTheCommitAndKeepsTheLog() throws Exception {
        CiRun passed = run(SampleRepository.CI_COMMAND, Duration.ofMinutes(1), sample.pullRequests().get(0).head());
        CiRun failed = run(SampleRepository.CI_COMMAND, Duration.ofMinutes(1), sample.pullRequests().get(1).head());

        assertThat(passed.outcome()).isEqualTo(CiOutcome.PASSED);
        assertThat(Files.readString(Path.of(passed.log().orElseThrow()))).contains("all tests passed");
        assertThat(failed.outcome()).isEqualTo(CiOutcome.FAILED);
        assertThat(failed.summary()).contains("exited with 1");
        assertThat(Files.readString(Path.of(failed.log().orElseThrow()))).contains("FAIL src/broken-2.txt");
        assertThat(directory.resolve("work")).isEmptyDirectory();
    }

    @Test
    void theCommandGetsNoneOfTheServersSettingsOrSecrets() throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(Map.of("PATH", "/usr/bin", "HOME", "/home/ci",
                "LC_ALL", "C.UTF-8", "MAINLINE_DATABASE_PASSWORD", "hunter2", "MAINLINE_TOKEN", "mlt_secret",
                "AWS_SECRET_ACCESS_KEY", "xyz"));
        CommandCi.scrub(environment);
        assertThat(environment).containsOnlyKeys("PATH", "HOME", "LC_ALL");

        CiRun run = run("env", Duration.ofMinutes(1), sample.pullRequests().get(0).head());
        String log = Files.readString(Path.of(run.log().orElseThrow()));
        assertThat(log).contains("MAINLINE_COMMIT=" + sample.pullRequests().get(0).head(), "PATH=");
        assertThat(log).doesNotContain("JAVA_TOOL_OPTIONS", "MAVEN_PROJECTBASEDIR");
    }

    @Test
    void keepsTheJUnitReportsTheCommandWrote() throws Exception {
        CiRun run = run("mkdir -p build/test-results && echo '<testsuite name=\"s\" tests=\"0\"/>' > "
                + "build/test-results/TEST-s.xml", Duration.ofMinutes(1), sample.pullRequests().get(0).head());

        assertThat(run.reports()).singleElement()
                .satisfies(report -> assertThat(Files.readString(Path.of(report))).contains("testsuite"));
    }

    @Test
    void killsACommandThatOutlivesTheTimeout() throws Exception {
        CiRun run = run("sleep 30", Duration.ofMillis(300), sample.pullRequests().get(0).head());

        assertThat(run.outcome()).isEqualTo(CiOutcome.FAILED);
        assertThat(run.summary()).startsWith("timed out");
        assertThat(Files.readString(Path.of(run.log().orElseThrow()))).contains("mainline: killed: timed out");
    }

    @Test
    void stopsACommandWhoseLogHasNoEnd() throws Exception {
        CommandCi ci = new CommandCi(sample.repository(), new LocalCi("while true; do echo 0123456789; done",
                Duration.ofMinutes(1), 1,
                "**/TEST-*.xml"), directory.resolve("work"), directory.resolve("logs"), 1024 * 1024);
        try {
            CompletableFuture<CiRun> finished = new CompletableFuture<>();
            ci.start(new BuildId(3), sample.pullRequests().get(0).head(), finished::complete);
            CiRun run = finished.get(30, TimeUnit.SECONDS);

            assertThat(run.outcome()).isEqualTo(CiOutcome.FAILED);
            assertThat(run.summary()).isEqualTo("its log passed 1024 KB");
        } finally {
            ci.stop();
        }
    }

    @Test
    void cancelledRunIsNeverReported() throws Exception {
        CommandCi ci = new CommandCi(sample.repository(),
                new LocalCi("sleep 1", Duration.ofMinutes(1), 1, "**/TEST-*.xml"),
                directory.resolve("work"), directory.resolve("logs"));
        CompletableFuture<CiRun> finished = new CompletableFuture<>();
        ci.start(new BuildId(1), sample.pullRequests().get(0).head(), finished::complete);
        // The command has started once its log exists.
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(directory.resolve("logs"))
                && Files.list(directory.resolve("logs")).findAny().isPresent());
        ci.cancel(new BuildId(1));

        // Past the second the command would have taken on its own, it is still not reported.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> !finished.isDone());
        ci.stop();
    }

    @Test
    void whatTheCommandLeftRunningInTheBackgroundIsStoppedWithIt() throws Exception {
        Path pids = Files.createDirectories(directory.resolve("pids"));
        String command = "sleep 300 & echo $! > %s/child ; echo started".formatted(pids);

        CiRun run = run(command, Duration.ofMinutes(1), sample.pullRequests().get(0).head());

        assertThat(run.outcome()).isEqualTo(CiOutcome.PASSED);
        long child = Long.parseLong(Files.readString(pids.resolve("child")).strip());
        await("the background child is gone").atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
    }

    @Test
    void aCancelledRunStopsItsCommand() throws Exception {
        Path pids = Files.createDirectories(directory.resolve("pids"));
        CommandCi ci = new CommandCi(sample.repository(),
                new LocalCi("echo $$ > %s/shell; sleep 300".formatted(pids), Duration.ofMinutes(10), 1,
                        "**/TEST-*.xml"),
                directory.resolve("work"), directory.resolve("logs"));
        try {
            ci.start(new BuildId(1), sample.pullRequests().get(0).head(), run -> {
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pids.resolve("shell"))
                    && !Files.readString(pids.resolve("shell")).isBlank());
            long shell = Long.parseLong(Files.readString(pids.resolve("shell")).strip());

            ci.cancel(new BuildId(1));

            await("the command is killed").atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(shell).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
        } finally {
            ci.stop();
        }
    }
}
