package dev.mainline.local;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.BoundedCache;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.MergeRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.stream.Stream;
import java.util.List;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A repository on disk as the merge queue needs it. Speculative merge commits are built in memory (no working tree)
 * and kept reachable under {@code refs/mainline/builds/}; main moves only by a compare-and-swap fast-forward.
 *
 * <p>Merge commits are deterministic: their author, committer, time and message depend only on the two commits they
 * merge. Building the same stack twice therefore gives the same commits, so the commit of a longer stack descends
 * from the commit of every stack it starts with, as the engine requires.
 */
public final class JGitMergeRepository implements MergeRepository {
    static final String BUILD_REFS = "refs/mainline/builds/";
    private static final Logger LOG = Logger.getLogger(JGitMergeRepository.class.getName());
    private static final PersonIdent QUEUE = new PersonIdent("Mainline merge queue", "merge-queue@mainline.invalid");
    private static final int CACHE_SIZE = 10_000;

    private final Repository repository;
    private final String mainRef;
    /** (parent, pull request head) to merge commit; merging is the slow part, and queues rebuild the same stacks. */
    private final BoundedCache<String, ObjectId> merges = new BoundedCache<>(CACHE_SIZE);

    public JGitMergeRepository(Repository repository, String mainBranch) {
        this.repository = requireNonNull(repository, "repository is null");
        this.mainRef = Constants.R_HEADS + requireNonNull(mainBranch, "mainBranch is null");
    }

    @Override
    public String main() {
        try {
            Ref ref = repository.exactRef(mainRef);
            if (ref == null || ref.getObjectId() == null) {
                throw new IllegalStateException("the repository has no branch " + mainRef);
            }
            return ref.getObjectId().name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + mainRef, e);
        }
    }

    @Override
    public SpeculativeCommit build(BuildId build, String base, List<EntryRef> entries) {
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            ObjectId current = ObjectId.fromString(base);
            for (EntryRef entry : entries) {
                ObjectId head = ObjectId.fromString(entry.head());
                if (!repository.getObjectDatabase().has(head)) {
                    return new SpeculativeCommit.MissingHead(entry.pullRequest(), entry.head());
                }
                if (walk.isMergedInto(walk.parseCommit(head), walk.parseCommit(current))) {
                    // Already merged (pushed to main outside the queue, say): merging again would add a merge commit
                    // of nothing.
                    continue;
                }
                String key = current.name() + ' ' + head.name() + ' ' + entry.pullRequest();
                ObjectId merged = merges.get(key).orElse(null);
                if (merged == null) {
                    RevCommit parent = walk.parseCommit(current);
                    RevCommit pullRequest = walk.parseCommit(head);
                    ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter,
                            repository.getConfig());
                    if (!merger.merge(parent, pullRequest)) {
                        return new SpeculativeCommit.Conflicted(entry.pullRequest(), conflictingFiles(merger));
                    }
                    merged = inserter.insert(mergeCommit(merger.getResultTreeId(), parent, pullRequest, entry));
                    inserter.flush();
                    merges.put(key, merged);
                }
                current = merged;
            }
            inserter.flush();
            keep(build, current);
            return new SpeculativeCommit.Built(current.name());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build %s on %s".formatted(build, base), e);
        }
    }

    private static List<String> conflictingFiles(ResolveMerger merger) {
        TreeSet<String> files = new TreeSet<>(merger.getUnmergedPaths());
        if (merger.getFailingPaths() != null) {
            files.addAll(merger.getFailingPaths().keySet());
        }
        return new ArrayList<>(files);
    }

    private static CommitBuilder mergeCommit(ObjectId tree, RevCommit parent, RevCommit pullRequest, EntryRef entry) {
        // The later of the two commit times, so the same merge always gives the same commit.
        Instant when = Instant.ofEpochSecond(Math.max(parent.getCommitTime(), pullRequest.getCommitTime()));
        PersonIdent ident = new PersonIdent(QUEUE.getName(), QUEUE.getEmailAddress(), when, ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentIds(parent, pullRequest);
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage("Merge #%d (%s)%n%nMerged by the Mainline merge queue.%n".formatted(entry.pullRequest(),
                pullRequest.getShortMessage()));
        return commit;
    }

    private void keep(BuildId build, ObjectId commit) throws IOException {
        RefUpdate update = repository.updateRef(BUILD_REFS + build.value());
        update.setNewObjectId(commit);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        switch (result) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {
            }
            default -> throw new IOException("cannot keep %s at %s: %s".formatted(build, commit.name(), result));
        }
    }

    @Override
    public MainUpdate advanceMain(String expected, String target) {
        try (RevWalk walk = new RevWalk(repository)) {
            RefUpdate update = repository.updateRef(mainRef);
            update.setExpectedOldObjectId(ObjectId.fromString(expected));
            update.setNewObjectId(ObjectId.fromString(target));
            update.setForceUpdate(false);
            update.setRefLogMessage("mainline: fast-forward to a tested merge commit", false);
            RefUpdate.Result result = update.update(walk);
            return switch (result) {
                case FAST_FORWARD, NO_CHANGE -> new MainUpdate.Advanced(target);
                case LOCK_FAILURE -> new MainUpdate.LostRace(main());
                case REJECTED -> new MainUpdate.NotFastForward(main());
                default -> throw new IllegalStateException(
                        "moving %s from %s to %s gave %s".formatted(mainRef, expected, target, result));
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + mainRef, e);
        }
    }

    /**
     * Removes the lock files a killed process left on the refs the queue writes (main, its build refs, packed-refs):
     * git holds such locks for milliseconds, but a process killed while holding one leaves it behind, and every later
     * update of that ref fails. Call it once when the queue starts, before anything writes, never while it runs.
     */
    public void clearLocksLeftByACrash() {
        Path gitDirectory = repository.getDirectory().toPath();
        List<Path> locks = new ArrayList<>(List.of(gitDirectory.resolve(mainRef + ".lock"),
                gitDirectory.resolve("packed-refs.lock")));
        Path builds = gitDirectory.resolve(BUILD_REFS);
        if (Files.isDirectory(builds)) {
            try (Stream<Path> files = Files.list(builds)) {
                files.filter(file -> file.getFileName().toString().endsWith(".lock")).forEach(locks::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + builds, e);
            }
        }
        for (Path lock : locks) {
            try {
                if (Files.deleteIfExists(lock)) {
                    LOG.warning(() -> "removed %s, left by a process that stopped while updating it".formatted(lock));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale lock " + lock, e);
            }
        }
    }

    @Override
    public void release(BuildId build) {
        String ref = BUILD_REFS + build.value();
        try {
            if (repository.exactRef(ref) == null) {
                return;
            }
            if (!delete(ref)) {
                LOG.fine(() -> "%s is locked; it stays behind".formatted(ref));
            }
        } catch (IOException e) {
            // A ref left behind costs a few bytes and keeps a commit from garbage collection; it never blocks the
            // queue, so it is logged, not raised.
            LOG.log(Level.WARNING, "cannot delete " + ref, e);
        }
    }

    @Override
    public boolean reaches(String tip, String commit) {
        if (!ObjectId.isId(tip) || !ObjectId.isId(commit)) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(commit)),
                    walk.parseCommit(ObjectId.fromString(tip)));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            // Not in the repository, or not a commit: nothing is on it, and it is on nothing.
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read %s and %s".formatted(tip, commit), e);
        }
    }

    private boolean delete(String ref) throws IOException {
        RefUpdate delete = repository.updateRef(ref);
        delete.setForceUpdate(true);
        try {
            RefUpdate.Result result = delete.delete();
            return result == RefUpdate.Result.FORCED || result == RefUpdate.Result.NO_CHANGE
                    || result == RefUpdate.Result.FAST_FORWARD;
        } catch (LockFailedException e) {
            return false;
        }
    }
}
