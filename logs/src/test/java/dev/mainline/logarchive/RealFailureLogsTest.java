package dev.mainline.logarchive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.logs.ExtractedFailure;
import dev.mainline.logs.FailureExtractor;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.StoredLog;
import dev.mainline.logs.StoredOccurrence;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelled set of real failure logs (src/test/resources/failure-logs: 31 failures, each made three times by really
 * running the tool, see its README): the same failure in different runs falls into one group, near misses do not, and
 * pasting a piece of one run's error finds another run of the same failure among the first five (recall@5).
 */
class RealFailureLogsTest {
    private static final RepositoryName REPOSITORY = new RepositoryName("acme/shop");
    private static final int RUNS = 3;

    @TempDir
    Path directory;

    record Query(String scenario, int run, String text) {
    }

    static Path root() {
        try {
            return Path.of(RealFailureLogsTest.class.getResource("/failure-logs/scenarios.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> scenarios() throws IOException {
        return Files.readAllLines(root().resolve("scenarios.tsv")).stream().skip(1).filter(line -> !line.isBlank())
                .map(line -> line.split("\t")[0]).toList();
    }

    static List<Query> queries() throws IOException {
        return Files.readAllLines(root().resolve("queries.tsv")).stream().skip(1).filter(line -> !line.isBlank())
                .map(line -> line.split("\t", 3))
                .map(parts -> new Query(parts[0], Integer.parseInt(parts[1]), parts[2].replace("\\n", "\n")))
                .toList();
    }

    static Path log(String scenario, int run) {
        return root().resolve(scenario).resolve("run-%d.log".formatted(run));
    }

    private static Set<String> fingerprints(Path log) throws IOException {
        FailureExtractor extractor = new FailureExtractor();
        long number = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            extractor.line(line, ++number, 0);
        }
        Set<String> fingerprints = new HashSet<>();
        for (ExtractedFailure failure : extractor.finish()) {
            fingerprints.add(failure.fingerprint());
        }
        return fingerprints;
    }

    @Test
    void everyRunOfAFailureSharesAGroupAndNearMissesDoNot() throws IOException {
        Map<String, Set<String>> shared = new LinkedHashMap<>();
        for (String scenario : scenarios()) {
            Set<String> common = null;
            for (int run = 1; run <= RUNS; run++) {
                Set<String> found = fingerprints(log(scenario, run));
                assertThat(found).as("failures found in %s run %d", scenario, run).isNotEmpty();
                if (common == null) {
                    common = new HashSet<>(found);
                } else {
                    common.retainAll(found);
                }
            }
            assertThat(common).as("a group all three runs of %s share", scenario).isNotEmpty();
            shared.put(scenario, common);
        }
        Map<String, String> owner = new HashMap<>();
        for (Map.Entry<String, Set<String>> entry : shared.entrySet()) {
            for (String fingerprint : entry.getValue()) {
                String other = owner.putIfAbsent(fingerprint, entry.getKey());
                assertThat(other).as("%s and %s fall into one group", entry.getKey(), other).isNull();
            }
        }
    }

    /** Recall@5 over every query of the set; the figure is in docs/benchmarks/log-search.md. */
    @Test
    void aPastedPieceOfOneRunFindsAnotherRunOfTheSameFailureInTheFirstFive() throws Exception {
        TestingClock clock = new TestingClock();
        Stores stores = new InMemoryStores().stores();
        stores.repositories().insert(new NewSourceRepository(REPOSITORY, "main", Forge.LOCAL), clock.instant());
        Actor ci = new Actor(1, "ci", Channel.API, List.of(Permission.parse("engineer@global")), Optional.empty());
        Map<Long, String> scenarioOf = new HashMap<>();
        Map<Long, Integer> runOf = new HashMap<>();
        try (LogArchive archive = new LogArchive(stores.logs(), stores.repositories(),
                new Authorizer(stores.auditLog(), clock), clock, new LocalBlobStore(directory.resolve("blobs")),
                directory.resolve("work"), new LogArchive.Settings(1L << 30, Optional.empty()))) {
            archive.start();
            for (String scenario : scenarios()) {
                for (int run = 1; run <= RUNS; run++) {
                    clock.advance(Duration.ofMinutes(7));
                    LogSource source = LogSource.build(REPOSITORY, commit(scenario, run), scenario, run);
                    try (InputStream in = Files.newInputStream(log(scenario, run))) {
                        StoredLog log = archive.upload(ci, source, in, false, OptionalLong.empty(), Optional.empty())
                                .log();
                        scenarioOf.put(log.id(), scenario);
                        runOf.put(log.id(), run);
                    }
                }
            }
            archive.awaitIndexed(Duration.ofMinutes(1));

            FailureSearch search = archive.failureSearch();
            List<String> misses = new ArrayList<>();
            List<Query> queries = queries();
            int found = 0;
            for (Query query : queries) {
                boolean hit = false;
                for (FailureSearch.SimilarFailure similar : search.similar(ci, query.text(), 5)) {
                    for (StoredOccurrence occurrence : stores.logs().occurrences(similar.group().id(), 500)) {
                        long log = occurrence.logId().orElse(-1L);
                        if (query.scenario().equals(scenarioOf.get(log)) && runOf.get(log) != query.run()) {
                            hit = true;
                        }
                    }
                }
                if (hit) {
                    found++;
                } else {
                    misses.add(query.scenario() + " run " + query.run() + ": " + query.text().lines().findFirst()
                            .orElse(""));
                }
            }
            double recall = (double) found / queries.size();
            System.out.printf("similar-failure recall@5: %d of %d queries, %.3f%n", found, queries.size(), recall);
            misses.forEach(miss -> System.out.println("  missed: " + miss));
            assertThat(recall).as("recall@5; missed: %s", misses).isGreaterThanOrEqualTo(0.9);
        }
    }

    private static String commit(String scenario, int run) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest((scenario + run).getBytes(StandardCharsets.UTF_8))).substring(0, 12);
    }
}
