package dev.mainline.local;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue killed with SIGKILL at random moments and started again, over and over, ends where a run that was never
 * interrupted ends: the same pull requests merged, in the same order, none twice, and the same ones ejected.
 */
class CrashRecoveryTest {
    private static final int KILLS = 20;

    @TempDir
    Path directory;

    @Test
    void killedTwentyTimesAndRestartedEndsLikeAnUninterruptedRun() throws Exception {
        Outcome uninterrupted = run(directory.resolve("calm"), new Random(1), 0);
        Outcome killed = run(directory.resolve("killed"), new Random(Long.getLong("mainline.crash.seed", 42)), KILLS);

        assertThat(killed.kills()).isEqualTo(KILLS);
        assertThat(directory.resolve("killed/data/journal.snapshot")).as("the journal was compacted").exists();
        assertThat(uninterrupted.merged()).containsExactly(1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 15, 16, 17, 18,
                19, 22);
        assertThat(killed.merged()).isEqualTo(uninterrupted.merged()).doesNotHaveDuplicates();
        assertThat(killed.ejected()).isEqualTo(uninterrupted.ejected()).isEqualTo("[8, 14, 20, 21]");
    }

    private record Outcome(List<Integer> merged, String ejected, int kills) {
    }

    private Outcome run(Path root, Random random, int kills) throws Exception {
        SampleRepository sample = SampleRepository.standard(root.resolve("sample.git"), 22);
        String initial = new JGitMergeRepository(sample.repository(), "main").main();
        Path data = root.resolve("data");
        Path result = data.resolve("result.txt");
        int killed = 0;
        while (true) {
            Process process = start(root.resolve("sample.git"), data, root.resolve("process.log"));
            if (killed < kills) {
                // Kill at a random point of the work, not only during start-up: once the journal has grown by a
                // random number of events, after a random few more milliseconds.
                long target = journalLength(data) + 1 + random.nextInt(2);
                await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofMinutes(1))
                        .until(() -> !process.isAlive() || journalLength(data) >= target);
                // The random extra moment is the fault injected, not a wait for anything.
                Thread.sleep(random.nextInt(40));
                if (process.isAlive()) {
                    process.destroyForcibly().waitFor();
                    killed++;
                    continue;
                }
            }
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the queue did not finish; log: "
                        + Files.readString(root.resolve("process.log")));
            }
            assertThat(process.exitValue()).as(Files.readString(root.resolve("process.log"))).isZero();
            if (Files.exists(result)) {
                break;
            }
        }
        List<String> lines = Files.readAllLines(result, StandardCharsets.UTF_8);
        String main = lines.get(0).substring("main ".length());
        String ejected = lines.get(1).substring("ejected ".length());
        return new Outcome(merged(sample, main, initial), ejected, killed);
    }

    /**
     * How far the queue has got: the lines of its journal files, the newest generation counting a thousand for each
     * one before it (a compaction deletes the older files), so the figure only grows.
     */
    private static long journalLength(Path data) throws Exception {
        if (!Files.isDirectory(data)) {
            return 0;
        }
        long generation = 0;
        long lines = 0;
        try (var files = Files.list(data)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.matches("journal(\\.\\d+)?")) {
                    generation = Math.max(generation, name.equals("journal") ? 0 : Long.parseLong(name.substring(8)));
                    for (byte value : Files.readAllBytes(file)) {
                        if (value == '\n') {
                            lines++;
                        }
                    }
                }
            }
        }
        return generation * 1000 + lines;
    }

    private static Process start(Path repository, Path data, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // The journal is compacted every 25 events, so kills land in the middle of compactions too.
        return new ProcessBuilder(java, "-Dmainline.journal.compact-every=25", "-cp",
                System.getProperty("java.class.path"), KilledQueueProcess.class.getName(), repository.toString(),
                data.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static List<Integer> merged(SampleRepository sample, String main, String initial) throws Exception {
        Map<String, Integer> byHead = new HashMap<>();
        sample.pullRequests().forEach(pullRequest -> byHead.put(pullRequest.head(), pullRequest.number()));
        List<Integer> numbers = new ArrayList<>();
        try (RevWalk walk = new RevWalk(sample.repository())) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(main));
            while (!commit.name().equals(initial)) {
                numbers.add(byHead.get(commit.getParent(1).name()));
                commit = walk.parseCommit(commit.getParent(0));
            }
        }
        Collections.reverse(numbers);
        return numbers;
    }
}
