package dev.mainline.github;

import dev.mainline.testing.ModelHistories;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.LinkedAccounts;
import dev.mainline.identity.Permission;
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
import dev.mainline.testing.github.FakeGitHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The GitHub-mode queue runtime against random histories, checked against the git repository behind
 * {@link FakeGitHub} (issue 16). Each history runs the production parts over real HTTP on loopback:
 * {@link GitHubMergeQueues} (settings from the {@code .mainline.yml} on main, started again on a valid change, last
 * good settings kept on an invalid one), {@link GitHubMergeRepository}, {@link GitHubChecksCi}, the journal and
 * {@link QueueRunner}, driven through {@link MergeQueueService}, with GitHub's deliveries ({@code push},
 * {@code check_run}, {@code status}, {@code pull_request}) going through {@link GitHubWebhooks} as GitHub sends them,
 * and its reconcile loop. The history plays the rest of GitHub: CI reports a check run or a commit status on the
 * build commits ({@code mainline/builds/N}; a commit with a {@code BROKEN} file always fails, a good one may flake),
 * and GitHub closes a pull request as merged once its head is on main. Some deliveries are lost, as GitHub does not
 * redeliver; the reconcile loop must make up for them.
 *
 * <p>A history is a seeded random run of: pull requests opened and queued (good, broken, conflicting, changing
 * {@code .mainline.yml} validly or with a typo), queued again, dequeued, CI results, locks and unlocks, emergency
 * merges, pushes to main from outside (a plain change, a shared line others conflict with, the head of a queued pull
 * request merged by hand, a valid or invalid {@code .mainline.yml}), reconcile rounds, and restarts (the queues and the
 * webhook worker closed and made again on the same directories and inbox, with pushes to main while Mainline is down,
 * whose deliveries are lost, then the reconcile round a boot runs). Then the queue is unlocked and CI reports until
 * the queue is empty, and these must hold:
 *
 * <ul>
 * <li>a pull request's changes are on main at most once (at most one merge of its head reachable from main);
 * <li>Mainline calls a pull request merged if and only if its head is reachable from main;
 * <li>every queued pull request is merged, ejected with a reason, taken out by the history, or still queued; nothing
 * accepted is lost;
 * <li>main only ever pointed at commits whose checks were reported green, commits pushed from outside, or emergency
 * merges (every position of main GitHub recorded);
 * <li>main never lost a commit pushed from outside, and the queue's main is GitHub's.
 * </ul>
 *
 * <p>A failing history prints its seed and the command that replays it (the same actions; GitHub's commit times and
 * so the ids of the queue's merge commits differ between runs). More histories: {@code mvn -B -q -pl github -am test
 * -Dtest=GitHubQueueRuntimeModelTest -Dsurefire.failIfNoSpecifiedTests=false -Dmainline.model.github.histories=500};
 * one seed: {@code -Dmainline.model.seed=1234}. Force-pushes that take commits off main are not among the actions: no
 * queue can keep "merged iff reachable" when main is rewound under it.
 */
class GitHubQueueRuntimeModelTest {
    static final RepositoryName NAME = new RepositoryName("acme/api");
    private static final int DEFAULT_HISTORIES = 100;
    private static final Duration ANSWER = Duration.ofSeconds(20);
    private static final List<Integer> SHARED_LINES = List.of(2, 6, 10);
    private static final String SECRET = "model-webhook-secret";
    private static final String CHECK = "ci/test";

    @Test
    void everyRandomGitHubHistoryKeepsTheQueueInvariantsAgainstGit() throws Exception {
        List<Long> seeds = ModelHistories
                .seeds(Integer.getInteger("mainline.model.github.histories", DEFAULT_HISTORIES));
        Path root = ModelHistories.scratch("mainline-github-model-");
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (long seed : seeds) {
                runHistory(root, seed).ifPresent(failures::add);
                if (failures.size() >= 3) {
                    break;
                }
            }
        } finally {
            ModelHistories.deleteRecursively(root);
        }
        System.out.printf("GitHubQueueRuntimeModelTest: %d GitHub histories in %d ms%n", seeds.size(),
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
            String report = ("GitHub history with seed %d failed: %s%n  replay: mvn -B -q -pl github -am test"
                    + " -Dtest=GitHubQueueRuntimeModelTest -Dsurefire.failIfNoSpecifiedTests=false"
                    + " -Dmainline.model.seed=%d%n  steps:%n    %s")
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
                  required_checks: [%s]
                  failure_tolerance: %d
                  ci_budget: %d
                  batch_size: %d
                """.formatted(CHECK, tolerance, budget, batch);
    }

    static String randomSettings(Random random) {
        return settings(random.nextInt(3), 1 + random.nextInt(4), 1 + random.nextInt(2));
    }

    static String invalidSettings(Random random) {
        return random.nextBoolean()
                ? "merge_queue:\n  required_checks: [%s]\n  ci_budget: two\n".formatted(CHECK)
                : "merge_queue:\n  required_checks: [%s]\n  failure_tolerence: 1\n".formatted(CHECK);
    }

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

    /** One random history: GitHub, Mainline's GitHub mode, and what the history did (the model). */
    private static final class History {
        private final Path directory;
        private final long seed;
        private final Random random;
        private final List<String> steps = new ArrayList<>();
        private final Stores stores = new InMemoryStores().stores();
        private final SourceRepositoryStore repositories = stores.repositories();
        private final Clock clock = Clock.systemUTC();
        private final Actor actor = new Actor(1, "model", Channel.API,
                List.of(Permission.parse("admin@repository:" + NAME)), Optional.empty());
        private final WebhookSignature signature = new WebhookSignature(SECRET);
        private FakeGitHub github;
        private GitHubApi api;
        private GitHubMergeQueues queues;
        private MergeQueueService service;
        private GitHubWebhooks webhooks;
        private long deliveries;

        private final Map<Integer, PullRequest> pullRequests = new TreeMap<>();
        /** Pull requests whose queueing was accepted: they must never be lost. */
        private final Set<Integer> accepted = new HashSet<>();
        private final Set<Integer> dequeuedByHistory = new HashSet<>();
        private final Set<String> emergencyHeads = new HashSet<>();
        /** Commits whose checks were reported green. */
        private final Set<String> passed = new HashSet<>();
        private final Set<String> pushedFromOutside = new HashSet<>();
        /** How many of main's positions GitHub has sent (or lost) a push delivery for. */
        private int pushesSent;
        private int nextNumber = 1;

        History(Path directory, long seed) {
            this.directory = directory;
            this.seed = seed;
            this.random = new Random(seed);
        }

        void run() throws Exception {
            github = new FakeGitHub(NAME.value(), "t");
            String first = github.commit(null, "first", Map.of(".mainline.yml", randomSettings(random),
                    "src/shared.txt", sharedFile(), "src/app.txt", "app\n"));
            github.push("main", first);
            pushedFromOutside.add(first);
            pushesSent = 1;
            repositories.insert(new NewSourceRepository(NAME, "main", Forge.GITHUB), Instant.now());
            api = GitHubApi.create(github.url(), repository -> "Bearer t", Duration.ZERO);
            boot();
            int length = 5 + random.nextInt(21);
            for (int step = 0; step < length; step++) {
                step();
            }
            drain();
            check();
        }

        /** Mainline starting: the queues, the webhook worker, and the reconcile round a boot runs. */
        private void boot() throws Exception {
            queues = new GitHubMergeQueues(repositories, api, directory.resolve("queues"), Duration.ofHours(1),
                    CiTriage.none(), clock);
            service = new MergeQueueService(queues, stores.queueCiRuns(), new Authorizer(stores.auditLog(), clock),
                    clock);
            webhooks = new GitHubWebhooks(signature, stores.inbox(), repositories, queues, service,
                    new LinkedAccounts(stores.users(), stores.grants()), clock);
            webhooks.start();
            reconcile();
        }

        void close() {
            if (webhooks != null) {
                webhooks.close();
            }
            if (queues != null) {
                queues.close();
            }
            if (github != null) {
                github.close();
            }
        }

        private QueueRunner queue() throws Exception {
            QueueRunner runner = queues.queue(NAME);
            runner.query(engine -> null).get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            return runner;
        }

        private <T> T ask(Function<MergeQueueEngine, T> question) throws Exception {
            return queue().query(question).get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void log(String step) {
            steps.add(step);
        }

        private void step() throws Exception {
            sendPushes(true);
            int roll = random.nextInt(100);
            if (roll < 22) {
                openAndEnqueue();
            } else if (roll < 26) {
                enqueueAgain();
            } else if (roll < 31) {
                dequeue();
            } else if (roll < 59) {
                reportCi(true);
            } else if (roll < 63) {
                log("lock");
                service.lock(actor, NAME, "model");
            } else if (roll < 68) {
                log("unlock");
                service.unlock(actor, NAME);
            } else if (roll < 72) {
                emergencyMerge();
            } else if (roll < 86) {
                pushFromOutside();
            } else if (roll < 91) {
                log("reconcile round");
                reconcile();
            } else {
                restart();
            }
            queue();
        }

        // GitHub's deliveries

        /** Hands a delivery to the webhook endpoint, signed as GitHub signs it, and waits until it is handled. */
        private void deliver(String event, byte[] payload) {
            String id = "delivery-" + ++deliveries;
            assertThat(webhooks.receive(event, id, signature.sign(payload), payload))
                    .isEqualTo(GitHubWebhooks.Receipt.ACCEPTED);
            await("delivery %s (%s) handled".formatted(id, event)).pollInterval(Duration.ofMillis(2))
                    .atMost(ANSWER).until(() -> stores.inbox().find(GitHubWebhooks.SOURCE, id).orElseThrow()
                            .doneAt().isPresent());
        }

        /**
         * Runs a reconcile round and waits for it: the round is queued on the webhook worker, and a delivery received
         * after one that was already handled is handled after everything queued on the worker before it.
         */
        private void reconcile() {
            webhooks.reconcile();
            byte[] ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
            deliver("ping", ping);
            deliver("ping", ping);
        }

        /**
         * The {@code push} deliveries for every move of main since the last (the queue's own fast-forwards too), and
         * GitHub closing as merged every open pull request whose head main now reaches, its {@code pull_request}
         * delivery before or after the push's; when {@code mayLose}, some deliveries never arrive.
         */
        private void sendPushes(boolean mayLose) {
            List<String> history = github.history("main");
            for (; pushesSent < history.size(); pushesSent++) {
                String before = history.get(pushesSent - 1);
                String after = history.get(pushesSent);
                List<Integer> closed = closeMergedPullRequests(after);
                boolean pullRequestsFirst = random.nextInt(3) == 0;
                if (pullRequestsFirst) {
                    closed.forEach(number -> deliverOrLose("pull_request", github.pullRequestPayload(number,
                            "closed"), mayLose));
                }
                deliverOrLose("push", github.pushPayload("main", before, after), mayLose);
                if (!pullRequestsFirst) {
                    closed.forEach(number -> deliverOrLose("pull_request", github.pullRequestPayload(number,
                            "closed"), mayLose));
                }
            }
        }

        private void deliverOrLose(String event, byte[] payload, boolean mayLose) {
            if (mayLose && random.nextInt(8) == 0) {
                log("  (a %s delivery is lost)".formatted(event));
                return;
            }
            deliver(event, payload);
        }

        /** GitHub closes a pull request as merged once its head is on the base branch, whoever put it there. */
        private List<Integer> closeMergedPullRequests(String main) {
            List<Integer> closed = new ArrayList<>();
            for (PullRequest pullRequest : pullRequests.values()) {
                FakeGitHub.PullRequest pull = github.pullRequest(pullRequest.number());
                if (pull.state.equals("open") && github.contains(main, pullRequest.head())) {
                    pull.merged = true;
                    pull.state = "closed";
                    closed.add(pullRequest.number());
                }
            }
            return closed;
        }

        /** Mainline is down: pushes to main are made while nothing hears their deliveries. */
        private void loseDeliveriesWhileDown() {
            List<String> history = github.history("main");
            closeMergedPullRequests(history.getLast());
            pushesSent = history.size();
        }

        // Pull requests

        private void openAndEnqueue() throws Exception {
            enqueue(open(randomKind()));
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

        private PullRequest open(Kind kind) {
            int number = nextNumber++;
            Map<String, String> changes = new HashMap<>();
            changes.put("src/pr-%d.txt".formatted(number), kind == Kind.BROKEN
                    ? "BROKEN by #" + number + "\n"
                    : "feature " + number + "\n");
            String main = main();
            switch (kind) {
                case CONFLICTING -> {
                    int line = SHARED_LINES.get(random.nextInt(SHARED_LINES.size()));
                    changes.put("src/shared.txt", replaceLine(github.file(main, "src/shared.txt").orElseThrow(), line,
                            "line %d changed by #%d".formatted(line, number)));
                }
                case VALID_SETTINGS -> changes.put(".mainline.yml", randomSettings(random));
                case INVALID_SETTINGS -> changes.put(".mainline.yml", invalidSettings(random));
                case GOOD, BROKEN -> {
                }
            }
            String branch = "pr-" + number;
            String head = github.commit(main, "Pull request %d (%s)".formatted(number, kind), changes);
            github.push(branch, head);
            github.openPullRequest(number, branch, "dev" + number);
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
                    assertThat(github.contains(main(), pullRequest.head()))
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
            try {
                service.dequeue(actor, NAME, number, "the model took it out");
                dequeuedByHistory.add(number);
            } catch (MainlineException e) {
                // A delivery handled in between (main moved, it landed) took it out first.
                assertThat(e.errorCode()).as("dequeue #%d: %s", number, e.getMessage()).isEqualTo(ErrorCode.NOT_FOUND);
                log("  #%d had left the queue already".formatted(number));
            }
        }

        // CI

        /** The builds CI is running: being tested and waited on by the queue's checks reader, oldest first. */
        private List<SpeculativeBuild> running() throws Exception {
            List<String> waiting = queues.started(NAME).ci().waitingCommits();
            return ask(engine -> engine.builds().stream()
                    .filter(build -> build.status() == SpeculativeBuild.Status.TESTING && build.commit().isPresent())
                    .sorted(Comparator.comparingLong(build -> build.id().value()))
                    .toList()).stream().filter(build -> waiting.contains(build.commit().orElseThrow())).toList();
        }

        /**
         * CI reports on one running build's commit, as a check run (its {@code check_run} delivery) or a commit status
         * (its {@code status} delivery); a broken commit always fails, a good one flakes now and then.
         */
        private void reportCi(boolean mayFlake) throws Exception {
            List<SpeculativeBuild> running = running();
            if (running.isEmpty()) {
                return;
            }
            SpeculativeBuild build = running.get(random.nextInt(running.size()));
            String commit = build.commit().orElseThrow();
            boolean broken = isBroken(commit);
            boolean pass = !broken && !(mayFlake && random.nextInt(8) == 0);
            boolean status = random.nextInt(4) == 0 && github.checkRuns(commit, CHECK).isEmpty();
            log("CI of build %d on %s: %s%s by %s".formatted(build.id().value(), commit.substring(0, 8),
                    pass ? "passed" : "failed", !broken && !pass ? " (flake)" : "", status ? "status" : "check run"));
            if (pass) {
                passed.add(commit);
            }
            if (status) {
                github.reportStatus(commit, CHECK, pass ? "success" : "failure");
                deliverOrLose("status", github.statusPayload(commit, CHECK, pass ? "success" : "failure"), mayFlake);
            } else {
                long id = github.reportCheck(commit, CHECK, pass ? "success" : "failure");
                deliverOrLose("check_run", github.checkRunCompletedPayload(id), mayFlake);
            }
        }

        private void emergencyMerge() throws Exception {
            PullRequest pullRequest = random.nextBoolean() || pullRequests.isEmpty() ? open(randomKind()) : any();
            log("emergency merge of #%d (%s)".formatted(pullRequest.number(), pullRequest.kind()));
            service.emergencyMergeCommit(actor, NAME, pullRequest.number(), pullRequest.head(), "incident");
            emergencyHeads.add(pullRequest.head());
            accepted.add(pullRequest.number());
        }

        // Main moved outside the queue

        private void pushFromOutside() throws Exception {
            int roll = random.nextInt(100);
            if (roll < 35) {
                String commit = pushToMain(Map.of("src/outside-%d.txt".formatted(steps.size()), "outside\n"),
                        "A fix pushed straight to main");
                log("push to main from outside: " + commit.substring(0, 8));
            } else if (roll < 55) {
                int line = SHARED_LINES.get(random.nextInt(SHARED_LINES.size()));
                String commit = pushToMain(Map.of("src/shared.txt", replaceLine(
                        github.file(main(), "src/shared.txt").orElseThrow(), line,
                        "line %d changed outside".formatted(line))), "Shared line changed straight on main");
                log("push to main from outside changing shared line %d: %s".formatted(line, commit.substring(0, 8)));
            } else if (roll < 80) {
                List<QueueEntry> queued = ask(MergeQueueEngine::entries);
                if (queued.isEmpty()) {
                    return;
                }
                QueueEntry entry = queued.get(random.nextInt(queued.size()));
                mergeByHand(entry.head(), entry.pullRequest());
            } else {
                boolean valid = random.nextBoolean();
                String commit = pushToMain(Map.of(".mainline.yml", valid
                        ? randomSettings(random)
                        : invalidSettings(random)), "Queue settings changed on main");
                log("push of %s .mainline.yml to main: %s".formatted(valid ? "a valid" : "an invalid",
                        commit.substring(0, 8)));
            }
        }

        private String pushToMain(Map<String, String> files, String message) {
            String commit = github.commit(main(), message, files);
            github.push("main", commit);
            pushedFromOutside.add(commit);
            return commit;
        }

        /** What a person does with {@code git merge} and {@code git push}: main and the head merged, pushed to main. */
        private void mergeByHand(String head, int number) {
            String main = main();
            if (github.contains(main, head)) {
                return;
            }
            Optional<String> merged = github.mergeCommit(main, head, "Merge branch 'pr-%d' by hand".formatted(number));
            if (merged.isEmpty()) {
                log("#%d merged by hand: it conflicts, nothing pushed".formatted(number));
                return;
            }
            github.push("main", merged.get());
            pushedFromOutside.add(merged.get());
            log("#%d merged by hand and pushed to main: %s".formatted(number, merged.get().substring(0, 8)));
        }

        // Restarts

        private void restart() throws Exception {
            log("restart");
            List<Integer> queued = ask(engine -> engine.entries().stream().map(QueueEntry::pullRequest).toList());
            webhooks.close();
            queues.close();
            int pushes = random.nextInt(3);
            for (int i = 0; i < pushes; i++) {
                pushWhileDown(queued);
            }
            loseDeliveriesWhileDown();
            boot();
        }

        private void pushWhileDown(List<Integer> queued) {
            int roll = random.nextInt(3);
            if (roll == 0) {
                String commit = pushToMain(Map.of("src/down-%d.txt".formatted(steps.size()), "down\n"),
                        "Pushed while Mainline was down");
                log("  while Mainline is down, push to main: " + commit.substring(0, 8));
            } else if (roll == 1) {
                boolean valid = random.nextBoolean();
                String commit = pushToMain(Map.of(".mainline.yml", valid
                        ? randomSettings(random)
                        : invalidSettings(random)), "Settings pushed while Mainline was down");
                log("  while Mainline is down, push of %s .mainline.yml: %s".formatted(valid ? "a valid" : "an invalid",
                        commit.substring(0, 8)));
            } else {
                List<PullRequest> candidates = pullRequests.values().stream()
                        .filter(pullRequest -> queued.contains(pullRequest.number())).toList();
                if (candidates.isEmpty()) {
                    return;
                }
                PullRequest pullRequest = candidates.get(random.nextInt(candidates.size()));
                log("  while Mainline is down:");
                mergeByHand(pullRequest.head(), pullRequest.number());
            }
        }

        // The end of a history

        /** Unlocks and lets CI report, without flakes or lost deliveries, until nothing is queued or in flight. */
        private void drain() throws Exception {
            log("drain: unlock, CI reports without flakes");
            sendPushes(false);
            service.unlock(actor, NAME);
            for (int round = 0; round < 1_000; round++) {
                sendPushes(false);
                if (!running().isEmpty()) {
                    reportCi(false);
                    continue;
                }
                if (ask(History::idle)) {
                    // A last round, as the reconcile loop would run, finds nothing more to do.
                    reconcile();
                    sendPushes(false);
                    if (ask(History::idle) && running().isEmpty()) {
                        return;
                    }
                    continue;
                }
                // Checks being read, or a build GitHub could not make retried after a delay: wait for it.
                try {
                    await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10))
                            .until(() -> !running().isEmpty() || ask(History::idle)
                                    || github.history("main").size() > pushesSent);
                } catch (ConditionTimeoutException e) {
                    // A check whose delivery came before the build was waited on: the reconcile loop polls it.
                    reconcile();
                    if (!running().isEmpty() || ask(History::idle)) {
                        continue;
                    }
                    String state = ask(engine -> "entries %s, builds %s, lock %s".formatted(engine.entries(),
                            engine.builds(), engine.lockReason()));
                    throw new AssertionError("the queue stalls with nothing for CI to run: " + state);
                }
            }
            throw new AssertionError("the queue did not empty after 1,000 CI results");
        }

        private static boolean idle(MergeQueueEngine engine) {
            return engine.entries().isEmpty() && engine.builds().stream()
                    .noneMatch(build -> build.status() == SpeculativeBuild.Status.BUILDING
                            || build.status() == SpeculativeBuild.Status.TESTING);
        }

        private void check() throws Exception {
            String main = main();
            assertThat(ask(MergeQueueEngine::main)).as("the queue's main is GitHub's").isEqualTo(main);
            int unconfirmed = ask(engine -> engine.state().unconfirmedForwards().size());
            assertThat(unconfirmed).as("unconfirmed fast-forwards").isZero();
            Map<String, Integer> mergesOfHead = github.mergesReachableFrom(main);
            List<Integer> queued = ask(engine -> engine.entries().stream().map(QueueEntry::pullRequest).toList());
            for (PullRequest pullRequest : pullRequests.values()) {
                int number = pullRequest.number();
                List<HistoryEvent> history = ask(engine -> engine.history(number));
                boolean reachable = github.contains(main, pullRequest.head());
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
                    case DEQUEUED -> assertThat(dequeuedByHistory)
                            .as("#%d was taken out (%s): only the history takes pull requests out", number,
                                    last.detail())
                            .contains(number);
                    default -> throw new AssertionError("#%d was accepted and is lost: not queued, last %s; history %s"
                            .formatted(number, last, history));
                }
            }
            for (String commit : pushedFromOutside) {
                assertThat(github.contains(main, commit)).as("%s pushed from outside is still on main", commit)
                        .isTrue();
            }
            checkMainHistory();
        }

        /** Every commit main pointed to, as GitHub recorded it, passed CI, came from outside, or is an emergency. */
        private void checkMainHistory() {
            List<String> history = github.history("main");
            for (int i = 1; i < history.size(); i++) {
                String commit = history.get(i);
                if (passed.contains(commit) || pushedFromOutside.contains(commit)) {
                    continue;
                }
                List<String> parents = github.parents(commit);
                boolean emergency = parents.size() == 2 && emergencyHeads.contains(parents.get(1))
                        && parents.get(0).equals(history.get(i - 1));
                assertThat(emergency).as("main pointed at %s (parents %s, after %s), which neither passed CI nor came"
                        + " from outside nor is an emergency merge; main was %s", commit, parents, history.get(i - 1),
                        history).isTrue();
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

        private String main() {
            return github.branch("main").orElseThrow();
        }

        private boolean invalidSettingsAt(String commit) {
            String settings = github.file(commit, ".mainline.yml").orElse("");
            return settings.contains("ci_budget: two") || settings.contains("failure_tolerence");
        }

        private boolean isBroken(String commit) {
            return github.anyFileContains(commit, "src/", "BROKEN");
        }
    }
}
