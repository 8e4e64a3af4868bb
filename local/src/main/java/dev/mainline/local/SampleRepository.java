package dev.mainline.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * A small project in a bare repository on disk, with pull requests as branches: most add a feature file, some change
 * the same line of a shared file as an earlier one (so they conflict once it merged), and some break the tests. Its
 * CI command is {@code sh test.sh}. Used by the demo and by the end-to-end tests.
 */
public final class SampleRepository {
    public static final String CI_COMMAND = "sh test.sh";
    private static final int SHARED_LINES = 40;
    private static final String TEST_SCRIPT = """
            #!/bin/sh
            # The sample project's tests: no source file may be BROKEN, and every feature file must say what it is.
            status=0
            for file in src/*.txt; do
              if grep -q BROKEN "$file"; then echo "FAIL $file: it is broken"; status=1; fi
            done
            for file in src/feature-*.txt; do
              [ -f "$file" ] || continue
              grep -q '^feature ' "$file" || { echo "FAIL $file: not a feature"; status=1; }
            done
            [ $status -eq 0 ] && echo "all tests passed"
            exit $status
            """;

    private static final String MAINLINE_YML = """
            # The merge queue's settings for this repository.
            merge_queue:
              strategy: speculative
              failure_tolerance: 1
              ci_budget: 4
            ci:
              command: sh test.sh
              timeout: 1m
              concurrency: 4
            """;

    /** What a sample pull request does. */
    public enum Kind {
        GOOD,
        CONFLICTS,
        BREAKS_TESTS
    }

    /** A sample pull request: its branch and head commit. */
    public record PullRequest(int number, String branch, String head, String title, String author, Kind kind) {
        public PullRequest {
            requireNonNull(branch, "branch is null");
            requireNonNull(head, "head is null");
            requireNonNull(title, "title is null");
            requireNonNull(author, "author is null");
            requireNonNull(kind, "kind is null");
        }
    }

    private final Repository repository;
    private final List<PullRequest> pullRequests;

    private SampleRepository(Repository repository, List<PullRequest> pullRequests) {
        this.repository = repository;
        this.pullRequests = List.copyOf(pullRequests);
    }

    /**
     * Creates the repository in {@code directory} with {@code count} pull requests. Each key of
     * {@code conflictsWith} conflicts with its value (an earlier pull request); each of {@code breaking} breaks the
     * tests.
     */
    public static SampleRepository create(Path directory, int count, Map<Integer, Integer> conflictsWith,
            Set<Integer> breaking) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("a sample needs at least one pull request, got " + count);
        }
        conflictsWith.forEach((later, earlier) -> {
            if (earlier >= later || later > count || earlier < 1) {
                throw new IllegalArgumentException("#%d cannot conflict with #%d".formatted(later, earlier));
            }
        });
        Repository repository;
        try {
            repository = Git.init().setBare(true).setDirectory(directory.toFile()).setInitialBranch("main").call()
                    .getRepository();
        } catch (GitAPIException e) {
            throw new IOException("cannot create a repository in " + directory, e);
        }
        Map<String, String> base = new TreeMap<>();
        base.put("README.md", "# Sample project\n\nA project for trying the Mainline merge queue.\n");
        base.put("test.sh", TEST_SCRIPT);
        base.put(".mainline.yml", MAINLINE_YML);
        base.put("src/shared.txt", sharedFile(Map.of()));
        Instant time = Instant.parse("2026-01-05T09:00:00Z");
        ObjectId main;
        List<PullRequest> pullRequests = new ArrayList<>();
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            main = commit(repository, inserter, base, List.of(), "Start the sample project", "ada", time);
            setRef(repository, Constants.R_HEADS + "main", main);
            // A shared line per conflicting pair, three lines apart: git also conflicts on changes to adjacent lines.
            Map<Integer, Integer> lineOf = new TreeMap<>();
            int nextLine = 1;
            for (Map.Entry<Integer, Integer> pair : new TreeMap<>(conflictsWith).entrySet()) {
                lineOf.putIfAbsent(pair.getValue(), nextLine);
                lineOf.put(pair.getKey(), lineOf.get(pair.getValue()));
                nextLine += 4;
                if (nextLine > SHARED_LINES) {
                    throw new IllegalArgumentException("at most %d conflicting pairs".formatted(SHARED_LINES / 4));
                }
            }
            for (int number = 1; number <= count; number++) {
                Map<String, String> files = new TreeMap<>(base);
                Kind kind = Kind.GOOD;
                String title = "Add feature " + number;
                files.put("src/feature-%d.txt".formatted(number), "feature %d\n".formatted(number));
                if (lineOf.containsKey(number)) {
                    files.put("src/shared.txt", sharedFile(Map.of(lineOf.get(number), "line changed by #" + number)));
                    if (conflictsWith.containsKey(number)) {
                        kind = Kind.CONFLICTS;
                        title = "Reword shared line %d (as #%d did)".formatted(lineOf.get(number),
                                conflictsWith.get(number));
                    } else {
                        title = "Add feature %d and reword shared line %d".formatted(number, lineOf.get(number));
                    }
                }
                if (breaking.contains(number)) {
                    kind = Kind.BREAKS_TESTS;
                    title = "Add feature %d (breaks the tests)".formatted(number);
                    files.put("src/broken-%d.txt".formatted(number), "BROKEN on purpose by #%d\n".formatted(number));
                }
                String author = "dev" + number;
                ObjectId head = commit(repository, inserter, files, List.of(main), title, author,
                        time.plusSeconds(60L * number));
                String branch = "pr-" + number;
                setRef(repository, Constants.R_HEADS + branch, head);
                pullRequests.add(new PullRequest(number, branch, head.name(), title, author, kind));
            }
            inserter.flush();
        }
        return new SampleRepository(repository, pullRequests);
    }

    /** The layout the demo and the end-to-end test use: conflicts and breakages spread through the queue. */
    public static SampleRepository standard(Path directory, int count) throws IOException {
        Map<Integer, Integer> conflicts = new TreeMap<>();
        conflicts.put(Math.max(2, count * 2 / 3), 1);
        if (count >= 6) {
            conflicts.put(count - 1, 3);
        }
        Set<Integer> breaking = count >= 6 ? Set.of(count / 3 + 1, count - 2) : Set.of();
        return create(directory, count, conflicts, breaking);
    }

    public Repository repository() {
        return repository;
    }

    public List<PullRequest> pullRequests() {
        return pullRequests;
    }

    private static String sharedFile(Map<Integer, String> changed) {
        StringBuilder text = new StringBuilder();
        for (int line = 1; line <= SHARED_LINES; line++) {
            text.append(changed.getOrDefault(line, "shared line " + line)).append('\n');
        }
        return text.toString();
    }

    private static ObjectId commit(Repository repository, ObjectInserter inserter, Map<String, String> files,
            List<ObjectId> parents, String message, String author, Instant when) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, String> file : files.entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(file.getKey());
            entry.setFileMode(file.getKey().endsWith(".sh") ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8)));
            builder.add(entry);
        }
        builder.finish();
        ObjectId tree = index.writeTree(inserter);
        PersonIdent ident = new PersonIdent(author, author + "@example.com", when, ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentIds(parents);
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage(message + "\n");
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id;
    }

    private static void setRef(Repository repository, String name, ObjectId commit) throws IOException {
        RefUpdate update = repository.updateRef(name);
        update.setNewObjectId(commit);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED) {
            throw new IOException("cannot set %s: %s".formatted(name, result));
        }
    }
}
