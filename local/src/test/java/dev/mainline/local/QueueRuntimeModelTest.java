package dev.mainline.local;

import dev.mainline.testing.ModelHistories;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.mergequeue.HistoryEvent;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.MergeQueueService;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueEntry;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.mergequeue.SpeculativeBuild;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.git.LocalGit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
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
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The whole local queue runtime against random histories, checked against git itself (issue 16). Each history runs
 * the production parts on a real bare repository on disk: {@link LocalMergeQueues} (settings from the
 * {@code .mainline.yml} on main, restart on a valid change, last good settings kept on an invalid one), the real
 * {@link JGitMergeRepository}, {@code FileEventJournal} and {@link QueueRunner}, driven through
 * {@link MergeQueueService}. Only CI is played by the history ({@link ModelCi}): it decides when each run finishes and
 * whether a good commit flakes; a commit with a {@code BROKEN} file always fails.
 *
 * <p>A history is a seeded random run of: pull requests opened and queued (good, broken, conflicting, changing
 * {@code .mainline.yml} validly or with a typo), queued again, dequeued, CI finishing (pass, fail, flake), locks and
 * unlocks, emergency merges, pushes to main from outside (a plain change, a shared line others conflict with, the head
 * of a queued pull request merged by hand, a valid or invalid {@code .mainline.yml}), and restarts (the queues closed
 * and opened again on the same directories, sometimes with pushes to main while they are down). Then the queue is
 * unlocked and CI finishes until the queue is empty, and these must hold:
 *
 * <ul>
 * <li>a pull request's changes are on main at most once (at most one merge of its head reachable from main);
 * <li>Mainline calls a pull request merged if and only if its head is reachable from main;
 * <li>every queued pull request is merged, ejected with a reason, taken out by the history, or still queued (and then
 * queueing it again is accepted); nothing accepted is lost;
 * <li>main only ever pointed at commits CI passed, commits pushed from outside, or emergency merges (main's reflog);
 * <li>main never lost a commit pushed from outside (no forced update), and the queue's main is the repository's.
 * </ul>
 *
 * <p>A failing history prints its seed and the command that replays it. More histories than the fixed set CI runs:
 * {@code mvn -B -q -pl local -am test -Dtest=QueueRuntimeModelTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmainline.model.histories=20000}; one seed: {@code -Dmainline.model.seed=1234}. Force-pushes that take commits off
 * main are not among the actions: no queue can keep "merged iff reachable" when main is rewound under it.
 */
class QueueRuntimeModelTest {
    static final RepositoryName NAME = new RepositoryName("acme/api");
    /**
     * The fixed seed set CI runs (seeds 1 to 300, about a minute); the acceptance run of issue 16 is seeds 1 to 2,000
     * and more, by hand, with {@code -Dmainline.model.histories=2000}.
     */
    private static final int DEFAULT_HISTORIES = 300;
    private static final Duration ANSWER = Duration.ofSeconds(20);
    private static final List<Integer> SHARED_LINES = List.of(2, 6, 10);

    @Test
    void everyRandomHistoryKeepsTheQueueInvariantsAgainstGit() throws Exception {
        List<Long> seeds = ModelHistories.seeds(Integer.getInteger("mainline.model.histories", DEFAULT_HISTORIES));
        Path root = ModelHistories.scratch("mainline-model-");
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (long seed : seeds) {
                Optional<String> failure = runHistory(root, seed);
                if (seed % 100 == 0) {
                    System.out.printf("%d histories, %d ms%n", seed,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
                failure.ifPresent(failures::add);
                if (failures.size() >= 3) {
                    break;
                }
            }
        } finally {
            ModelHistories.deleteRecursively(root);
        }
        System.out.printf("QueueRuntimeModelTest: %d local histories in %d ms%n", seeds.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertThat(failures).as("failing histories").isEmpty();
    }

    private static Optional<String> runHistory(Path root, long seed) {
        Path directory = root.resolve("history-" + seed);
        History history = new History(directory, seed);
        try {
            history.run();
            return Optional.empty();
        } catch (Throwable e) {
            String report = "history with seed %d failed: %s%n  replay: mvn -B -q -pl local -am test -Dtest=QueueRuntimeModelTest -Dsurefire.failIfNoSpecifiedTests=false -Dmainline.model.seed=%d%n  steps:%n    %s"
                    .formatted(seed, e, seed, String.join("\n    ", history.steps));
            System.out.println(report);
            e.printStackTrace(System.out);
            return Optional.of(report);
        } finally {
            history.close();
            ModelHistories.deleteRecursively(directory);
        }
    }

    /** What a pull request of a history does. */
    enum Kind {
        GOOD,
        BROKEN,
        CONFLICTING,
        VALID_SETTINGS,
        INVALID_SETTINGS
    }

    record PullRequest(int number, String branch, String head, Kind kind) {
    }

    static String settings(int tolerance, int budget, int batch) {
        return """
                merge_queue:
                  failure_tolerance: %d
                  ci_budget: %d
                  batch_size: %d
                ci:
                  command: sh test.sh
                  timeout: 1m
                """.formatted(tolerance, budget, batch);
    }

    static String randomSettings(Random random) {
        return settings(random.nextInt(3), 1 + random.nextInt(4), 1 + random.nextInt(2));
    }

    static String invalidSettings(Random random) {
        return random.nextBoolean()
                ? "merge_queue:\n  ci_budget: two\nci:\n  command: sh test.sh\n"
                : "merge_queue:\n  failure_tolerence: 1\nci:\n  command: sh test.sh\n";
    }

    static final String TEST_SCRIPT = """
            #!/bin/sh
            if grep -rq BROKEN src 2>/dev/null; then echo "FAIL: something is broken"; exit 1; fi
            echo "all tests passed"
            """;

    static String sharedFile() {
        StringBuilder text = new StringBuilder();
        for (int line = 1; line <= 12; line++) {
            text.append("shared line ").append(line).append('\n');
        }
        return text.toString();
    }

    /** {@code text} with line {@code line} (from 1) replaced. */
    static String replaceLine(String text, int line, String replacement) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.set(line - 1, replacement);
        return String.join("\n", lines);
    }

    /** One random history, its queues, and what it did (the model) to check the outcome against. */
    private static final class History {
        private final Path directory;
        private final long seed;
        private final Random random;
        private final List<String> steps = new ArrayList<>();
        private final InMemoryStores stores = new InMemoryStores();
        private final SourceRepositoryStore repositories = stores.stores().repositories();
        private final Clock clock = Clock.systemUTC();
        private final Actor actor = new Actor(1, "model", Channel.API,
                List.of(Permission.parse("admin@repository:" + NAME)), Optional.empty());
        private LocalMergeQueues queues;
        private MergeQueueService service;
        private ModelCi ci;
        private LocalGit git;
        private Repository repository;

        private final Map<Integer, PullRequest> pullRequests = new TreeMap<>();
        /** Pull requests whose queueing was accepted (the future completed): they must never be lost. */
        private final Set<Integer> accepted = new HashSet<>();
        private final Set<Integer> dequeuedByHistory = new HashSet<>();
        /** Heads asked to land as emergencies. */
        private final Set<String> emergencyHeads = new HashSet<>();
        private final Set<String> passed = new HashSet<>();
        private final Set<String> pushedFromOutside = new HashSet<>();
        private int nextNumber = 1;

        History(Path directory, long seed) {
            this.directory = directory;
            this.seed = seed;
            this.random = new Random(seed);
        }

        void run() throws Exception {
            repositories.insert(new NewSourceRepository(NAME, "main", Forge.LOCAL), Instant.now());
            openQueues();
            git = LocalGit.create(queues.location(NAME), Map.of(".mainline.yml", randomSettings(random), "test.sh",
                    TEST_SCRIPT, "src/shared.txt", sharedFile(), "src/app.txt", "app\n"));
            repository = new FileRepositoryBuilder().setGitDir(git.directory().toFile()).setMustExist(true).build();
            pushedFromOutside.add(main());
            // Main's reflog is git's own record of every commit main pointed to.
            StoredConfig config = repository.getConfig();
            config.setBoolean("core", null, "logAllRefUpdates", true);
            config.save();
            // The queue runs before anything happens to it, as it does once a repository is registered.
            queue();
            int length = 5 + random.nextInt(26);
            for (int step = 0; step < length; step++) {
                step();
            }
            drain();
            check();
        }

        private void openQueues() {
            queues = new LocalMergeQueues(repositories, stores.stores().pullRequests(),
                    directory.resolve("repositories"),
                    directory.resolve("queues"), CiTriage.none(), clock, (repository, settings, work, logs) -> {
                        ModelCi fresh = new ModelCi();
                        ci = fresh;
                        return fresh;
                    });
            service = new MergeQueueService(queues, stores.stores().queueCiRuns(),
                    new Authorizer(stores.stores().auditLog(), clock), clock);
        }

        void close() {
            if (queues != null) {
                queues.close();
            }
            if (repository != null) {
                repository.close();
            }
        }

        /** The queue as people reach it (it follows main and takes new settings), once it has handled everything. */
        private QueueRunner queue() throws Exception {
            QueueRunner runner = queues.queue(NAME);
            runner.query(engine -> null).get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            return runner;
        }

        private <T> T ask(java.util.function.Function<MergeQueueEngine, T> question) throws Exception {
            return queue().query(question).get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void step() throws Exception {
            int roll = random.nextInt(100);
            if (roll < 24) {
                openAndEnqueue();
            } else if (roll < 29) {
                enqueueAgain();
            } else if (roll < 34) {
                dequeue();
            } else if (roll < 62) {
                finishCi(true);
            } else if (roll < 66) {
                log("lock");
                service.lock(actor, NAME, "model");
            } else if (roll < 71) {
                log("unlock");
                service.unlock(actor, NAME);
            } else if (roll < 75) {
                emergencyMerge();
            } else if (roll < 91) {
                pushFromOutside();
            } else {
                restart();
            }
            queue();
        }

        private void log(String step) {
            steps.add(step);
        }

        private void openAndEnqueue() throws Exception {
            PullRequest pullRequest = open(randomKind());
            enqueue(pullRequest);
        }

        private Kind randomKind() {
            int roll = random.nextInt(100);
            if (roll < 50) {
                return Kind.GOOD;
            } else if (roll < 65) {
                return Kind.BROKEN;
            } else if (roll < 82) {
                return Kind.CONFLICTING;
            } else if (roll < 92) {
                return Kind.VALID_SETTINGS;
            }
            return Kind.INVALID_SETTINGS;
        }

        private PullRequest open(Kind kind) throws IOException {
            int number = nextNumber++;
            Map<String, String> changes = new HashMap<>();
            changes.put("src/pr-%d.txt".formatted(number), kind == Kind.BROKEN
                    ? "BROKEN by #" + number + "\n"
                    : "feature " + number + "\n");
            String main = main();
            switch (kind) {
                case CONFLICTING -> {
                    int line = SHARED_LINES.get(random.nextInt(SHARED_LINES.size()));
                    changes.put("src/shared.txt", replaceLine(file(main, "src/shared.txt").orElseThrow(), line,
                            "line %d changed by #%d".formatted(line, number)));
                }
                case VALID_SETTINGS -> changes.put(".mainline.yml", randomSettings(random));
                case INVALID_SETTINGS -> changes.put(".mainline.yml", invalidSettings(random));
                case GOOD, BROKEN -> {
                }
            }
            String branch = "pr-" + number;
            String head = git.branch(branch, changes, "Pull request %d (%s)".formatted(number, kind), "dev" + number);
            PullRequest pullRequest = new PullRequest(number, branch, head, kind);
            pullRequests.put(number, pullRequest);
            return pullRequest;
        }

        private void enqueue(PullRequest pullRequest) throws Exception {
            if (random.nextInt(5) == 0) {
                // Straight to the runner, as a caller that skipped the service's settings check: the runner's own
                // check must eject a pull request with bad settings before it merges.
                log("enqueue #%d (%s) straight to the runner".formatted(pullRequest.number(), pullRequest.kind()));
                queue().submit(new QueueEvent.Enqueued(clock.instant(), pullRequest.number(), pullRequest.head(),
                        "dev" + pullRequest.number(), Priority.NORMAL, 0.9)).get(ANSWER.toMillis(),
                                TimeUnit.MILLISECONDS);
                accepted.add(pullRequest.number());
                return;
            }
            Priority priority = random.nextInt(8) == 0 ? Priority.URGENT : Priority.NORMAL;
            try {
                service.enqueueCommit(actor, NAME, pullRequest.number(), pullRequest.head(), priority, "model",
                        "dev" + pullRequest.number());
                log("enqueue #%d (%s, %s)".formatted(pullRequest.number(), pullRequest.kind(), priority));
                accepted.add(pullRequest.number());
            } catch (MainlineException e) {
                log("enqueue #%d (%s) refused: %s".formatted(pullRequest.number(), pullRequest.kind(),
                        e.getMessage()));
                if (e.getMessage().contains("settings cannot be used")) {
                    assertThat(invalidSettingsAt(pullRequest.head()))
                            .as("only a pull request with bad settings is refused for them: %s", e.getMessage())
                            .isTrue();
                } else if (e.getMessage().contains("already merged")) {
                    assertThat(reaches(main(), pullRequest.head()))
                            .as("#%d is refused as already merged: its head must be on main", pullRequest.number())
                            .isTrue();
                } else {
                    throw e;
                }
            }
        }

        private void enqueueAgain() throws Exception {
            if (pullRequests.isEmpty()) {
                return;
            }
            enqueue(any());
        }

        private PullRequest any() {
            List<PullRequest> all = new ArrayList<>(pullRequests.values());
            return all.get(random.nextInt(all.size()));
        }

        private void dequeue() throws Exception {
            List<Integer> queued = ask(engine -> engine.entries().stream().map(QueueEntry::pullRequest).toList());
            if (queued.isEmpty()) {
                return;
            }
            int number = queued.get(random.nextInt(queued.size()));
            log("dequeue #" + number);
            service.dequeue(actor, NAME, number, "the model took it out");
            dequeuedByHistory.add(number);
        }

        private void finishCi(boolean mayFlake) throws Exception {
            List<ModelCi.Run> runs = ci == null ? List.of() : ci.runs();
            if (runs.isEmpty()) {
                return;
            }
            ModelCi.Run run = runs.get(random.nextInt(runs.size()));
            boolean broken = isBroken(run.commit());
            CiOutcome outcome = broken || (mayFlake && random.nextInt(8) == 0) ? CiOutcome.FAILED : CiOutcome.PASSED;
            log("CI of build %d on %s: %s%s".formatted(run.build().value(), run.commit().substring(0, 8), outcome,
                    !broken && outcome == CiOutcome.FAILED ? " (flake)" : ""));
            if (outcome == CiOutcome.PASSED) {
                passed.add(run.commit());
            }
            ci.finish(run, outcome);
        }

        private void emergencyMerge() throws Exception {
            PullRequest pullRequest = random.nextBoolean() || pullRequests.isEmpty() ? open(randomKind()) : any();
            log("emergency merge of #%d (%s)".formatted(pullRequest.number(), pullRequest.kind()));
            service.emergencyMergeCommit(actor, NAME, pullRequest.number(), pullRequest.head(), "incident");
            emergencyHeads.add(pullRequest.head());
            accepted.add(pullRequest.number());
        }

        private void pushFromOutside() throws Exception {
            int roll = random.nextInt(100);
            String main = main();
            if (roll < 35) {
                String commit = git.pushToMain(Map.of("src/outside-%d.txt".formatted(steps.size()), "outside\n"),
                        "A fix pushed straight to main");
                pushedFromOutside.add(commit);
                log("push to main from outside: " + commit.substring(0, 8));
            } else if (roll < 55) {
                int line = SHARED_LINES.get(random.nextInt(SHARED_LINES.size()));
                String commit = git.pushToMain(Map.of("src/shared.txt", replaceLine(
                        file(main, "src/shared.txt").orElseThrow(), line, "line %d changed outside".formatted(
                                line))),
                        "Shared line changed straight on main");
                pushedFromOutside.add(commit);
                log("push to main from outside changing shared line %d: %s".formatted(line, commit.substring(0, 8)));
            } else if (roll < 80) {
                List<QueueEntry> queued = ask(MergeQueueEngine::entries);
                if (queued.isEmpty()) {
                    return;
                }
                QueueEntry entry = queued.get(random.nextInt(queued.size()));
                Optional<String> merged = mergeByHand(entry.head(), entry.pullRequest());
                merged.ifPresent(pushedFromOutside::add);
                log("#%d merged by hand and pushed to main: %s".formatted(entry.pullRequest(),
                        merged.map(commit -> commit.substring(0, 8)).orElse("it conflicts, nothing pushed")));
            } else {
                boolean valid = random.nextBoolean();
                String commit = git.pushToMain(Map.of(".mainline.yml", valid
                        ? randomSettings(random)
                        : invalidSettings(random)), "Queue settings changed on main");
                pushedFromOutside.add(commit);
                log("push of %s .mainline.yml to main: %s".formatted(valid ? "a valid" : "an invalid",
                        commit.substring(0, 8)));
            }
        }

        /** What a person does with {@code git merge} and {@code git push}: main and the head merged, pushed to main. */
        private Optional<String> mergeByHand(String head, int number) throws IOException {
            try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
                RevCommit main = walk.parseCommit(ObjectId.fromString(main()));
                RevCommit pullRequest = walk.parseCommit(ObjectId.fromString(head));
                if (walk.isMergedInto(pullRequest, main)) {
                    return Optional.empty();
                }
                ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter,
                        repository.getConfig());
                if (!merger.merge(main, pullRequest)) {
                    return Optional.empty();
                }
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(merger.getResultTreeId());
                commit.setParentIds(main, pullRequest);
                PersonIdent person = new PersonIdent("hand", "hand@example.com", Instant.now(), ZoneOffset.UTC);
                commit.setAuthor(person);
                commit.setCommitter(person);
                commit.setMessage("Merge branch 'pr-%d' by hand%n".formatted(number));
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
                update.setExpectedOldObjectId(main);
                update.setNewObjectId(id);
                update.setRefLogMessage("push: merged by hand", false);
                RefUpdate.Result result = update.update(walk);
                if (result != RefUpdate.Result.FAST_FORWARD) {
                    return Optional.empty();
                }
                return Optional.of(id.name());
            }
        }

        private void restart() throws Exception {
            log("restart");
            // Only pull requests in the queue are merged by hand while it is down: one it already let go of is no
            // longer its business (it stays ejected or taken out, whatever happens to it on main later).
            List<Integer> queued = ask(engine -> engine.entries().stream().map(QueueEntry::pullRequest).toList());
            queues.close();
            ci = null;
            int pushes = random.nextInt(3);
            for (int i = 0; i < pushes; i++) {
                log("  while the queue is down:");
                pushFromOutsideWhileDown(queued);
            }
            openQueues();
        }

        private void pushFromOutsideWhileDown(List<Integer> queued) throws Exception {
            int roll = random.nextInt(3);
            if (roll == 0) {
                String commit = git.pushToMain(Map.of("src/down-%d.txt".formatted(steps.size()), "down\n"),
                        "Pushed while the queue was down");
                pushedFromOutside.add(commit);
                log("  push to main: " + commit.substring(0, 8));
            } else if (roll == 1) {
                boolean valid = random.nextBoolean();
                String commit = git.pushToMain(Map.of(".mainline.yml", valid
                        ? randomSettings(random)
                        : invalidSettings(random)), "Settings pushed while the queue was down");
                pushedFromOutside.add(commit);
                log("  push of %s .mainline.yml: %s".formatted(valid ? "a valid" : "an invalid",
                        commit.substring(0, 8)));
            } else {
                List<PullRequest> candidates = pullRequests.values().stream()
                        .filter(pullRequest -> queued.contains(pullRequest.number())).toList();
                if (candidates.isEmpty()) {
                    return;
                }
                PullRequest pullRequest = candidates.get(random.nextInt(candidates.size()));
                Optional<String> merged = mergeByHand(pullRequest.head(), pullRequest.number());
                merged.ifPresent(pushedFromOutside::add);
                log("  #%d merged by hand: %s".formatted(pullRequest.number(),
                        merged.map(commit -> commit.substring(0, 8)).orElse("nothing pushed")));
            }
        }

        /** Unlocks and lets CI finish, without flakes, until nothing is queued or in flight. */
        private void drain() throws Exception {
            log("drain: unlock, CI finishes without flakes");
            service.unlock(actor, NAME);
            for (int round = 0; round < 2_000; round++) {
                queue();
                if (ci != null && !ci.runs().isEmpty()) {
                    finishCi(false);
                    continue;
                }
                if (ask(History::idle)) {
                    return;
                }
                // A build the repository could not make is retried after a delay; wait for it to come back.
                boolean moved;
                try {
                    await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10))
                            .until(() -> (ci != null && !ci.runs().isEmpty()) || ask(History::idle));
                    moved = true;
                } catch (ConditionTimeoutException e) {
                    moved = false;
                }
                if (!moved) {
                    String state = ask(engine -> "entries %s, builds %s, lock %s".formatted(engine.entries(),
                            engine.builds(), engine.lockReason()));
                    throw new AssertionError("the queue stalls with nothing for CI to run: " + state);
                }
            }
            throw new AssertionError("the queue did not empty after 2,000 CI results");
        }

        private static boolean idle(MergeQueueEngine engine) {
            return engine.entries().isEmpty() && engine.builds().stream()
                    .noneMatch(build -> build.status() == SpeculativeBuild.Status.BUILDING
                            || build.status() == SpeculativeBuild.Status.TESTING);
        }

        private void check() throws Exception {
            String main = main();
            assertThat(ask(MergeQueueEngine::main)).as("the queue's main is the repository's").isEqualTo(main);
            int unconfirmed = ask(engine -> engine.state().unconfirmedForwards().size());
            assertThat(unconfirmed).as("unconfirmed fast-forwards").isZero();
            Map<String, Integer> mergesOfHead = mergesOnMain(main);
            List<Integer> queued = ask(engine -> engine.entries().stream().map(QueueEntry::pullRequest).toList());
            for (PullRequest pullRequest : pullRequests.values()) {
                int number = pullRequest.number();
                List<HistoryEvent> history = ask(engine -> engine.history(number));
                boolean reachable = reaches(main, pullRequest.head());
                boolean calledMerged = isMerged(history);
                assertThat(mergesOfHead.getOrDefault(pullRequest.head(), 0))
                        .as("merges of #%d reachable from main", number).isLessThanOrEqualTo(1);
                assertThat(calledMerged).as("Mainline calls #%d merged (%s) iff its head is on main (%s); history %s",
                        number, calledMerged, reachable, history).isEqualTo(reachable);
                if (!accepted.contains(number)) {
                    continue;
                }
                assertThat(history).as("#%d was accepted: it has a history", number).isNotEmpty();
                if (queued.contains(number)) {
                    continue;
                }
                HistoryEvent last = history.stream().filter(line -> switch (line.kind()) {
                    case MERGED, EJECTED, DEQUEUED, MERGE_REFUSED, ENQUEUED -> true;
                    default -> false;
                }).reduce((first, second) -> second).orElseThrow();
                switch (last.kind()) {
                    case MERGED -> {
                    }
                    case EJECTED -> assertThat(last.detail()).as("why #%d was ejected", number).isNotBlank();
                    case DEQUEUED -> assertThat(dequeuedByHistory).as("#%d was taken out by the history", number)
                            .contains(number);
                    default -> throw new AssertionError("#%d was accepted and is lost: not queued, last %s; history %s"
                            .formatted(number, last, history));
                }
            }
            for (String commit : pushedFromOutside) {
                assertThat(reaches(main, commit)).as("%s pushed from outside is still on main", commit).isTrue();
            }
            checkReflog();
        }

        /** How many merge commits reachable from main merge each head (by hand or by the queue). */
        private Map<String, Integer> mergesOnMain(String main) throws IOException {
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

        /** Every commit main pointed to, as git recorded it, passed CI, came from outside, or is an emergency merge. */
        private void checkReflog() throws IOException {
            // No reflog yet: main never moved since the repository was made.
            ReflogReader reflog = repository.getRefDatabase().getReflogReader(Constants.R_HEADS + "main");
            List<ReflogEntry> entries = reflog == null ? List.of() : reflog.getReverseEntries();
            try (RevWalk walk = new RevWalk(repository)) {
                for (ReflogEntry entry : entries) {
                    String commit = entry.getNewId().name();
                    if (passed.contains(commit) || pushedFromOutside.contains(commit)) {
                        continue;
                    }
                    RevCommit parsed = walk.parseCommit(entry.getNewId());
                    boolean emergency = parsed.getParentCount() == 2
                            && emergencyHeads.contains(parsed.getParent(1).name())
                            && parsed.getParent(0).equals(entry.getOldId());
                    assertThat(emergency).as("main pointed at %s (%s), which neither passed CI nor came from outside"
                            + " nor is an emergency merge", commit, parsed.getShortMessage()).isTrue();
                }
            }
        }

        private static boolean isMerged(List<HistoryEvent> history) {
            boolean merged = false;
            for (HistoryEvent line : history) {
                if (line.kind() == HistoryEvent.Kind.MERGED) {
                    merged = true;
                } else if (line.kind() == HistoryEvent.Kind.MERGE_REFUSED) {
                    merged = false;
                }
            }
            return merged;
        }

        private String main() throws IOException {
            return repository.exactRef(Constants.R_HEADS + "main").getObjectId().name();
        }

        private boolean reaches(String tip, String commit) throws IOException {
            try (RevWalk walk = new RevWalk(repository)) {
                return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(commit)),
                        walk.parseCommit(ObjectId.fromString(tip)));
            }
        }

        private Optional<String> file(String commit, String path) throws IOException {
            try (RevWalk walk = new RevWalk(repository);
                    TreeWalk file = TreeWalk.forPath(repository, path,
                            walk.parseCommit(ObjectId.fromString(commit)).getTree())) {
                return file == null
                        ? Optional.empty()
                        : Optional.of(new String(repository.open(file.getObjectId(0)).getBytes(),
                                StandardCharsets.UTF_8));
            }
        }

        /** Whether the {@code .mainline.yml} at {@code commit} is one of the history's invalid ones. */
        private boolean invalidSettingsAt(String commit) throws IOException {
            String settings = file(commit, ".mainline.yml").orElse("");
            return settings.contains("ci_budget: two") || settings.contains("failure_tolerence");
        }

        private boolean isBroken(String commit) throws IOException {
            try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
                tree.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    if (tree.getPathString().startsWith("src/")) {
                        String text = new String(repository.open(tree.getObjectId(0)).getBytes(),
                                StandardCharsets.UTF_8);
                        if (text.contains("BROKEN")) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }
}
