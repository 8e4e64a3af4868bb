package dev.mainline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.mergequeue.FileEventJournal;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEntry;
import dev.mainline.mergequeue.QueueEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random seeded histories of the local queue in its own process ({@link KilledQueueProcess}) killed with SIGKILL at
 * random points and started again, with pushes to main from outside while it is down (a plain change, or the head of
 * a pull request still in the queue merged by hand). At the end, against the repository on disk: a pull request's
 * changes are on main at most once; the queue calls a pull request merged if and only if its head is on main; every
 * pull request is merged or ejected (the queue is empty); every commit pushed from outside is still on main; and main
 * only ever pointed (its reflog) at commits pushed from outside or commits the sample's tests pass on (no
 * {@code BROKEN} file: the sample's CI is deterministic). Replay one: {@code mvn -B -q -pl local -am test
 * -Dtest=KilledQueueHistoriesTest -Dsurefire.failIfNoSpecifiedTests=false -Dmainline.crash.history.seed=N}; more:
 * {@code -Dmainline.crash.histories=N}.
 */
class KilledQueueHistoriesTest {
    private static final int DEFAULT_HISTORIES = 2;
    private static final int PULL_REQUESTS = 6;

    @TempDir
    Path directory;

    @Test
    void killedAtRandomWithPushesWhileDownTheQueueKeepsItsInvariantsAgainstGit() throws Exception {
        Long one = Long.getLong("mainline.crash.history.seed");
        List<Long> seeds = new ArrayList<>();
        if (one != null) {
            seeds.add(one);
        } else {
            for (long seed = 1; seed <= Integer.getInteger("mainline.crash.histories", DEFAULT_HISTORIES); seed++) {
                seeds.add(seed);
            }
        }
        long started = System.nanoTime();
        for (long seed : seeds) {
            List<String> steps = new ArrayList<>();
            try {
                history(directory.resolve("history-" + seed), new Random(seed), steps);
            } catch (Throwable e) {
                throw new AssertionError(("killed history with seed %d failed: %s%n  replay: mvn -B -q -pl local -am"
                        + " test -Dtest=KilledQueueHistoriesTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Dmainline.crash.history.seed=%d%n  steps:%n    %s").formatted(seed, e, seed,
                                String.join("\n    ", steps)),
                        e);
            }
        }
        System.out.printf("KilledQueueHistoriesTest: %d killed histories in %d ms%n", seeds.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void history(Path root, Random random, List<String> steps) throws Exception {
        SampleRepository sample = SampleRepository.standard(root.resolve("sample.git"), PULL_REQUESTS);
        Repository repository = sample.repository();
        StoredConfig config = repository.getConfig();
        config.setBoolean("core", null, "logAllRefUpdates", true);
        config.save();
        Set<String> pushedFromOutside = new HashSet<>();
        pushedFromOutside.add(main(repository));
        Path data = root.resolve("data");
        Path result = data.resolve("result.txt");
        int kills = 2 + random.nextInt(4);
        int killed = 0;
        while (true) {
            Process process = start(root.resolve("sample.git"), data, root.resolve("process.log"));
            if (killed < kills) {
                // Every pull request is queued before the first kill, so a push while down can merge a queued one.
                long target = Math.max(journalLength(data) + 1 + random.nextInt(3), PULL_REQUESTS + 2);
                await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofMinutes(1))
                        .until(() -> !process.isAlive() || journalLength(data) >= target);
                // The random extra moment is the fault injected, not a wait for anything.
                Thread.sleep(random.nextInt(60));
                if (process.isAlive()) {
                    process.destroyForcibly().waitFor();
                    killed++;
                    steps.add("SIGKILL at journal length " + journalLength(data));
                    int pushes = random.nextInt(3);
                    for (int i = 0; i < pushes; i++) {
                        pushWhileDown(sample, data, random, pushedFromOutside, steps);
                    }
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
        steps.add(String.join(" / ", lines));
        assertThat(main).as("the queue's main is the repository's").isEqualTo(main(repository));
        List<Integer> ejected = numbers(lines.get(1).substring("ejected ".length()));
        List<Integer> merged = numbers(lines.get(2).substring("merged ".length()));
        Map<String, Integer> merges = mergesOnMain(repository, main);
        for (SampleRepository.PullRequest pullRequest : sample.pullRequests()) {
            int number = pullRequest.number();
            boolean reachable = reaches(repository, main, pullRequest.head());
            assertThat(merges.getOrDefault(pullRequest.head(), 0)).as("merges of #%d on main", number)
                    .isLessThanOrEqualTo(1);
            assertThat(merged.contains(number)).as("the queue calls #%d merged iff its head is on main (%s)", number,
                    reachable).isEqualTo(reachable);
            assertThat(merged.contains(number) || ejected.contains(number))
                    .as("#%d is merged or ejected, not lost", number).isTrue();
        }
        for (String commit : pushedFromOutside) {
            assertThat(reaches(repository, main, commit)).as("%s pushed from outside is still on main", commit)
                    .isTrue();
        }
        ReflogReader reflog = repository.getRefDatabase().getReflogReader(Constants.R_HEADS + "main");
        for (ReflogEntry entry : reflog == null ? List.<ReflogEntry>of() : reflog.getReverseEntries()) {
            String commit = entry.getNewId().name();
            assertThat(pushedFromOutside.contains(commit) || !broken(repository, commit))
                    .as("main pointed at %s, which was not pushed from outside and fails the tests", commit).isTrue();
        }
    }

    /** A plain push, or the head of a pull request the queue still holds merged by hand and pushed. */
    private static void pushWhileDown(SampleRepository sample, Path data, Random random, Set<String> pushedFromOutside,
            List<String> steps) throws Exception {
        Repository repository = sample.repository();
        if (random.nextBoolean()) {
            String commit = commitOnMain(repository, "src/outside-%d.txt".formatted(steps.size()));
            pushedFromOutside.add(commit);
            steps.add("  push to main while down: " + commit.substring(0, 8));
            return;
        }
        List<Integer> queued = queued(data, main(repository));
        if (queued.isEmpty()) {
            return;
        }
        int number = queued.get(random.nextInt(queued.size()));
        String head = sample.pullRequests().stream().filter(pullRequest -> pullRequest.number() == number)
                .findFirst().orElseThrow().head();
        String merged = mergeByHand(repository, head, number);
        if (merged != null) {
            pushedFromOutside.add(merged);
        }
        steps.add("  #%d merged by hand while down: %s".formatted(number, merged == null ? "conflicts" : merged));
    }

    /** What the queue holds, read from its journal as its next start will (the process is dead). */
    private static List<Integer> queued(Path data, String main) {
        try (FileEventJournal journal = new FileEventJournal(data.resolve("journal"))) {
            MergeQueueEngine engine = journal.snapshot().map(MergeQueueEngine::restore)
                    .orElse(MergeQueueEngine.start(QueueConfiguration.defaults(), Instant.now(), main));
            for (QueueEvent event : journal.readAll()) {
                engine.handle(event);
            }
            return engine.entries().stream().map(QueueEntry::pullRequest).toList();
        }
    }

    private static String commitOnMain(Repository repository, String path) throws Exception {
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            RevCommit main = walk.parseCommit(ObjectId.fromString(main(repository)));
            org.eclipse.jgit.dircache.DirCache index = org.eclipse.jgit.dircache.DirCache.newInCore();
            org.eclipse.jgit.dircache.DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], 0, repository.newObjectReader(), main.getTree());
            org.eclipse.jgit.dircache.DirCacheEntry entry = new org.eclipse.jgit.dircache.DirCacheEntry(path);
            entry.setFileMode(org.eclipse.jgit.lib.FileMode.REGULAR_FILE);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, "pushed from outside\n".getBytes(
                    StandardCharsets.UTF_8)));
            builder.add(entry);
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setParentId(main);
            return write(repository, inserter, walk, main, commit, "A fix pushed while the queue was down");
        }
    }

    private static String mergeByHand(Repository repository, String head, int number) throws Exception {
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            RevCommit main = walk.parseCommit(ObjectId.fromString(main(repository)));
            RevCommit pullRequest = walk.parseCommit(ObjectId.fromString(head));
            if (walk.isMergedInto(pullRequest, main)) {
                return null;
            }
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter,
                    repository.getConfig());
            if (!merger.merge(main, pullRequest)) {
                return null;
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(merger.getResultTreeId());
            commit.setParentIds(main, pullRequest);
            return write(repository, inserter, walk, main, commit, "Merge branch 'pr-%d' by hand".formatted(number));
        }
    }

    private static String write(Repository repository, ObjectInserter inserter, RevWalk walk, RevCommit main,
            CommitBuilder commit, String message) throws Exception {
        PersonIdent person = new PersonIdent("hand", "hand@example.com", Instant.now(), ZoneOffset.UTC);
        commit.setAuthor(person);
        commit.setCommitter(person);
        commit.setMessage(message + "\n");
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
        update.setExpectedOldObjectId(main);
        update.setNewObjectId(id);
        update.setRefLogMessage("push: " + message, false);
        assertThat(update.update(walk)).isEqualTo(RefUpdate.Result.FAST_FORWARD);
        return id.name();
    }

    private static List<Integer> numbers(String list) {
        String inside = list.substring(1, list.length() - 1).strip();
        List<Integer> numbers = new ArrayList<>();
        if (!inside.isEmpty()) {
            for (String number : inside.split(",")) {
                numbers.add(Integer.parseInt(number.strip()));
            }
        }
        return numbers;
    }

    private static Map<String, Integer> mergesOnMain(Repository repository, String main) throws Exception {
        Map<String, Integer> merges = new HashMap<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(ObjectId.fromString(main)));
            for (RevCommit commit : walk) {
                if (commit.getParentCount() == 2) {
                    merges.merge(commit.getParent(1).name(), 1, Integer::sum);
                }
            }
        }
        return merges;
    }

    private static boolean broken(Repository repository, String commit) throws Exception {
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                if (tree.getPathString().startsWith("src/") && new String(repository.open(tree.getObjectId(0))
                        .getBytes(), StandardCharsets.UTF_8).contains("BROKEN")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean reaches(Repository repository, String tip, String commit) throws Exception {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(commit)),
                    walk.parseCommit(ObjectId.fromString(tip)));
        }
    }

    private static String main(Repository repository) throws Exception {
        return repository.exactRef(Constants.R_HEADS + "main").getObjectId().name();
    }

    /** The same as {@link CrashRecoveryTest}'s: the journal's lines, each newer generation counting a thousand. */
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
        return new ProcessBuilder(java, "-Dmainline.journal.compact-every=25", "-cp",
                System.getProperty("java.class.path"), KilledQueueProcess.class.getName(), repository.toString(),
                data.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
