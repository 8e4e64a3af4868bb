package dev.mainline.local;

import static org.awaitility.Awaitility.await;
import dev.mainline.mergequeue.FileEventJournal;
import dev.mainline.mergequeue.EventJournal;
import dev.mainline.mergequeue.HistoryEvent;
import dev.mainline.mergequeue.MergeQueueEngine;
import dev.mainline.mergequeue.Priority;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.QueueEvent;
import dev.mainline.mergequeue.QueueRunner;
import dev.mainline.mergequeue.RepositorySettings.LocalCi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The local queue as its own process, for the crash tests: runs the sample repository's pull requests (branches
 * {@code pr-N}) through the queue with a journal, resuming from it when started again, and writes what happened to
 * {@code result.txt} when the queue is empty. Arguments: the bare repository, the data directory.
 */
public final class KilledQueueProcess {
    private KilledQueueProcess() {
    }

    public static void main(String[] arguments) throws Exception {
        Path repositoryDirectory = Path.of(arguments[0]);
        Path data = Path.of(arguments[1]);
        try (Repository repository = new FileRepositoryBuilder().setGitDir(repositoryDirectory.toFile()).build();
                FileEventJournal journal = new FileEventJournal(data.resolve("journal"))) {
            Set<Integer> alreadyQueued = new HashSet<>();
            for (QueueEvent event : journal.readAll()) {
                if (event instanceof QueueEvent.Enqueued enqueued) {
                    alreadyQueued.add(enqueued.pullRequest());
                }
            }
            JGitMergeRepository merges = new JGitMergeRepository(repository, "main");
            merges.clearLocksLeftByACrash();
            CommandCi ci = new CommandCi(repository, new LocalCi("sleep 0.1; " + SampleRepository.CI_COMMAND,
                    Duration.ofMinutes(1), 4, "**/TEST-*.xml"), data.resolve("work"), data.resolve("logs"));
            QueueConfiguration configuration = QueueConfiguration.defaults().withCiBudget(6).withFailureTolerance(1);
            Clock clock = Clock.systemUTC();
            QueueRunner runner = new QueueRunner("crash-test",
                    MergeQueueEngine.start(configuration, clock.instant(), merges.main()), merges, ci, journal, clock,
                    new QueueRunner.Observer() {
                    });
            runner.start();
            Map<Integer, String> heads = new TreeMap<>();
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS + "pr-")) {
                heads.put(Integer.parseInt(ref.getName().substring((Constants.R_HEADS + "pr-").length())),
                        ref.getObjectId().name());
            }
            List<CompletableFuture<Void>> accepted = new ArrayList<>();
            heads.forEach((number, head) -> {
                if (!alreadyQueued.contains(number)) {
                    accepted.add(runner.submit(new QueueEvent.Enqueued(clock.instant(), number, head, "dev" + number,
                            Priority.NORMAL, configuration.defaultSuccessEstimate())));
                }
            });
            CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get();
            await().pollInterval(Duration.ofMillis(20)).forever()
                    .until(() -> runner.query(engine -> engine.entries().isEmpty()).get());
            List<Integer> ejected = runner.query(engine -> ejected(engine, heads.keySet())).get();
            List<Integer> merged = runner.query(engine -> merged(engine, heads.keySet())).get();
            Files.writeString(data.resolve("result.txt"), "main " + merges.main() + "\nejected " + ejected
                    + "\nmerged " + merged + "\n", StandardCharsets.UTF_8);
            runner.stop();
            ci.stop();
        }
        System.exit(0);
    }

    /** The pull requests the queue calls merged: merged, and not put back by a refused fast-forward since. */
    private static List<Integer> merged(MergeQueueEngine engine, Set<Integer> pullRequests) {
        List<Integer> merged = new ArrayList<>();
        for (Integer number : pullRequests) {
            boolean isMerged = false;
            for (HistoryEvent line : engine.history(number)) {
                if (line.kind() == HistoryEvent.Kind.MERGED) {
                    isMerged = true;
                } else if (line.kind() == HistoryEvent.Kind.MERGE_REFUSED) {
                    isMerged = false;
                }
            }
            if (isMerged) {
                merged.add(number);
            }
        }
        return merged;
    }

    private static List<Integer> ejected(MergeQueueEngine engine, Set<Integer> pullRequests) {
        List<Integer> ejected = new ArrayList<>();
        for (Integer number : pullRequests) {
            if (engine.history(number).stream().anyMatch(line -> line.kind() == HistoryEvent.Kind.EJECTED)) {
                ejected.add(number);
            }
        }
        return ejected;
    }
}
