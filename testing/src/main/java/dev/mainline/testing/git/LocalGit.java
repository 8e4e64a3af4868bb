package dev.mainline.testing.git;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What people do to a local repository from outside Mainline, done with JGit on the bare repository on disk, as a
 * {@code git push} would: commit on a branch, push straight to main, and read main back to check what the queue did.
 * Every method opens the repository afresh, so the server's own handle sees the change as it would a push.
 */
public final class LocalGit {
    private final Path directory;
    private long clock = Instant.parse("2026-02-02T09:00:00Z").getEpochSecond();

    public LocalGit(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** A bare repository at {@code directory} whose main holds {@code files}. */
    public static LocalGit create(Path directory, Map<String, String> files) {
        try {
            Git.init().setBare(true).setDirectory(directory.toFile()).setInitialBranch("main").call().close();
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create a repository in " + directory, e);
        }
        LocalGit git = new LocalGit(directory);
        git.setBranch("main", git.commit(Optional.empty(), files, "Start", "ada"));
        return git;
    }

    public Path directory() {
        return directory;
    }

    /** Commits {@code changes} (a null content deletes the file) on main's current commit onto a new branch. */
    public String branch(String branch, Map<String, String> changes, String message, String author) {
        String commit = commit(Optional.of(head("main")), changes, message, author);
        setBranch(branch, commit);
        return commit;
    }

    /** A push straight to main: a commit of {@code changes} on main's current commit, main fast-forwarded to it. */
    public String pushToMain(Map<String, String> changes, String message) {
        String commit = commit(Optional.of(head("main")), changes, message, "outsider");
        setBranch("main", commit);
        return commit;
    }

    /** A push straight to main of a commit that exists already (a pull request merged by hand, say). */
    public void pushToMain(String commit) {
        setBranch("main", commit);
    }

    public String head(String branch) {
        try (Repository repository = open()) {
            Ref ref = repository.exactRef(Constants.R_HEADS + branch);
            if (ref == null) {
                throw new IllegalArgumentException("no branch " + branch);
            }
            return ref.getObjectId().name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code commit} is {@code tip} or one of its ancestors. */
    public boolean reaches(String tip, String commit) {
        try (Repository repository = open(); RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(commit)),
                    walk.parseCommit(ObjectId.fromString(tip)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages of main's commits, newest first, following first parents only: what main was, step by step. */
    public List<String> mainHistory() {
        try (Repository repository = open(); RevWalk walk = new RevWalk(repository)) {
            List<String> messages = new ArrayList<>();
            RevCommit commit = walk.parseCommit(repository.exactRef(Constants.R_HEADS + "main").getObjectId());
            while (commit != null) {
                messages.add(commit.getFullMessage());
                commit = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content of {@code path} at {@code commit}, if it has it. */
    public Optional<String> file(String commit, String path) {
        try (Repository repository = open();
                RevWalk walk = new RevWalk(repository);
                TreeWalk file = TreeWalk.forPath(repository, path,
                        walk.parseCommit(ObjectId.fromString(commit)).getTree())) {
            return file == null
                    ? Optional.empty()
                    : Optional.of(new String(repository.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String commit(Optional<String> parent, Map<String, String> changes, String message, String author) {
        try (Repository repository = open();
                ObjectInserter inserter = repository.newObjectInserter();
                RevWalk walk = new RevWalk(repository)) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (parent.isPresent()) {
                try (TreeWalk files = new TreeWalk(repository)) {
                    files.addTree(walk.parseCommit(ObjectId.fromString(parent.get())).getTree());
                    files.setRecursive(true);
                    while (files.next()) {
                        if (!changes.containsKey(files.getPathString())) {
                            add(builder, files.getPathString(), files.getObjectId(0));
                        }
                    }
                }
            }
            for (Map.Entry<String, String> change : new java.util.TreeMap<>(changes).entrySet()) {
                if (change.getValue() != null) {
                    add(builder, change.getKey(), inserter.insert(Constants.OBJ_BLOB,
                            change.getValue().getBytes(StandardCharsets.UTF_8)));
                }
            }
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            parent.ifPresent(id -> commit.setParentId(ObjectId.fromString(id)));
            PersonIdent ident = new PersonIdent(author, author + "@example.com", Instant.ofEpochSecond(clock++),
                    ZoneOffset.UTC);
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(DirCacheBuilder builder, String path, ObjectId blob) {
        DirCacheEntry entry = new DirCacheEntry(path);
        entry.setFileMode(FileMode.REGULAR_FILE);
        entry.setObjectId(blob);
        builder.add(entry);
    }

    private void setBranch(String branch, String commit) {
        try (Repository repository = open()) {
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(ObjectId.fromString(commit));
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.IO_FAILURE
                    || result == RefUpdate.Result.REJECTED) {
                throw new IllegalStateException("cannot move %s to %s: %s".formatted(branch, commit, result));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Repository open() {
        try {
            return new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
