package dev.mainline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.RepositoryName;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.ownership.RepositoryFiles;
import dev.mainline.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.Git;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Main's files and CODEOWNERS, and the files each author changed, read from a local repository on disk. */
class LocalRepositoryFilesTest {
    private static final RepositoryName NAME = new RepositoryName("acme/api");
    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    void readsMainsFilesCodeOwnersAndWhatEachAuthorChanged() throws Exception {
        SourceRepositoryStore repositories = new InMemoryStores().stores().repositories();
        repositories.insert(new NewSourceRepository(NAME, "main", Forge.LOCAL), Instant.now());
        try (LocalMergeQueues queues = new LocalMergeQueues(repositories, new InMemoryStores().stores().pullRequests(),
                directory.resolve("repositories"), directory.resolve("queues"), CiTriage.none(),
                Clock.systemUTC())) {
            RepositoryFiles files = new LocalRepositoryFiles(repositories, queues);
            assertThat(files.snapshot(NAME)).as("no repository yet").isEmpty();
            Git.init().setBare(true).setDirectory(queues.location(NAME).toFile()).setInitialBranch("main").call()
                    .close();
            try (Repository repository = Git.open(queues.location(NAME).toFile()).getRepository()) {
                ObjectId first = commit(repository, null, Map.of(".github/CODEOWNERS", "* @acme/platform\n",
                        "src/Cart.java", "class Cart {}\n"), new PersonIdent("Ada Lovelace", "ada@example.com"),
                        START);
                ObjectId second = commit(repository, first, Map.of(".github/CODEOWNERS", "* @acme/platform\n",
                        "src/Cart.java", "class Cart {}\n", "src/CartTest.java", "class CartTest {}\n"),
                        new PersonIdent("bob", "bob@example.com"), START.plusSeconds(3600));
                commit(repository, second, Map.of(".github/CODEOWNERS", "* @acme/platform\n",
                        "src/Cart.java", "class Cart { int items; }\n", "src/CartTest.java", "class CartTest {}\n"),
                        new PersonIdent("Ada Lovelace", "ada@example.com"), START.plusSeconds(7200));

                RepositoryFiles.Snapshot snapshot = files.snapshot(NAME).orElseThrow();
                assertThat(snapshot.paths()).containsExactlyInAnyOrder(".github/CODEOWNERS", "src/Cart.java",
                        "src/CartTest.java");
                assertThat(snapshot.codeOwners()).contains("* @acme/platform\n");

                assertThat(files.changedBy(NAME, Set.of("ada"), START)).as("by the email's local part")
                        .containsExactly("src/Cart.java");
                assertThat(files.changedBy(NAME, Set.of("BOB@example.com"), START))
                        .containsExactly("src/CartTest.java");
                assertThat(files.changedBy(NAME, Set.of("ada"), START.plusSeconds(7300))).isEmpty();
                assertThat(files.changedBy(NAME, Set.of("carol"), START)).isEmpty();
            }
        }
    }

    private static ObjectId commit(Repository repository, ObjectId parent, Map<String, String> files,
            PersonIdent who, Instant at) throws Exception {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            files.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(file -> {
                try {
                    DirCacheEntry entry = new DirCacheEntry(file.getKey());
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(inserter.insert(Constants.OBJ_BLOB,
                            file.getValue().getBytes(StandardCharsets.UTF_8)));
                    builder.add(entry);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            if (parent != null) {
                commit.setParentId(parent);
            }
            PersonIdent stamped = new PersonIdent(who, at, ZoneOffset.UTC);
            commit.setAuthor(stamped);
            commit.setCommitter(stamped);
            commit.setMessage("change");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef("refs/heads/main");
            update.setNewObjectId(id);
            update.setForceUpdate(true);
            update.update();
            return id;
        }
    }
}
