package dev.mainline.local;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.RepositoryName;
import dev.mainline.ownership.CodeOwners;
import dev.mainline.ownership.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * The files of local repositories, read from main with JGit: the CODEOWNERS GitHub would read ({@code .github/},
 * the root, then {@code docs/}), every file's path, and the files commits by an author changed.
 */
public final class LocalRepositoryFiles implements RepositoryFiles {
    private static final int MAX_CODEOWNERS = 3 * 1024 * 1024;
    private static final int MAX_COMMITS = 10_000;

    private final SourceRepositoryStore repositories;
    private final LocalMergeQueues queues;

    public LocalRepositoryFiles(SourceRepositoryStore repositories, LocalMergeQueues queues) {
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.queues = requireNonNull(queues, "queues is null");
    }

    @Override
    public Optional<Snapshot> snapshot(RepositoryName name) {
        Optional<SourceRepository> source = local(name);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        try (Repository repository = open(name); RevWalk walk = new RevWalk(repository)) {
            Optional<ObjectId> main = main(repository, source.get());
            if (main.isEmpty()) {
                return Optional.empty();
            }
            RevCommit commit = walk.parseCommit(main.get());
            List<String> paths = new ArrayList<>();
            try (TreeWalk tree = new TreeWalk(repository)) {
                tree.addTree(commit.getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    paths.add(tree.getPathString());
                }
            }
            Optional<String> codeOwners = Optional.empty();
            for (String candidate : CodeOwners.LOCATIONS) {
                try (TreeWalk file = TreeWalk.forPath(repository, candidate, commit.getTree())) {
                    if (file != null) {
                        byte[] bytes = repository.open(file.getObjectId(0)).getCachedBytes(MAX_CODEOWNERS);
                        codeOwners = Optional.of(new String(bytes, StandardCharsets.UTF_8));
                        break;
                    }
                }
            }
            return Optional.of(new Snapshot(commit.name(), codeOwners, paths));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the files of " + name, e);
        }
    }

    @Override
    public Set<String> changedBy(RepositoryName name, Set<String> authors, Instant since) {
        Optional<SourceRepository> source = local(name);
        Set<String> wanted = new HashSet<>();
        authors.forEach(author -> wanted.add(author.toLowerCase(Locale.ROOT)));
        Set<String> changed = new HashSet<>();
        if (source.isEmpty() || wanted.isEmpty()) {
            return changed;
        }
        try (Repository repository = open(name);
                RevWalk walk = new RevWalk(repository);
                DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            Optional<ObjectId> main = main(repository, source.get());
            if (main.isEmpty()) {
                return changed;
            }
            diff.setRepository(repository);
            walk.markStart(walk.parseCommit(main.get()));
            int seen = 0;
            for (RevCommit commit : walk) {
                if (++seen > MAX_COMMITS || commit.getCommitterIdent().getWhenAsInstant().isBefore(since)) {
                    break;
                }
                if (commit.getParentCount() != 1 || !authoredBy(commit.getAuthorIdent(), wanted)) {
                    continue;
                }
                for (DiffEntry entry : diff.scan(commit.getParent(0).getTree(), commit.getTree())) {
                    changed.add(entry.getChangeType() == DiffEntry.ChangeType.DELETE
                            ? entry.getOldPath()
                            : entry.getNewPath());
                }
            }
            return changed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history of " + name, e);
        }
    }

    /** The author's name or email, or the part of the email before the '@', is one of {@code wanted}. */
    private static boolean authoredBy(PersonIdent author, Set<String> wanted) {
        String email = String.valueOf(author.getEmailAddress()).toLowerCase(Locale.ROOT);
        return wanted.contains(String.valueOf(author.getName()).toLowerCase(Locale.ROOT)) || wanted.contains(email)
                || (email.contains("@") && wanted.contains(email.substring(0, email.indexOf('@'))));
    }

    private Optional<SourceRepository> local(RepositoryName name) {
        return repositories.findByName(name).filter(source -> source.forge() == Forge.LOCAL)
                .filter(source -> Files.exists(queues.location(name).resolve("HEAD")));
    }

    private Repository open(RepositoryName name) throws IOException {
        Path directory = queues.location(name);
        return new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build();
    }

    private static Optional<ObjectId> main(Repository repository, SourceRepository source) throws IOException {
        Ref ref = repository.exactRef(Constants.R_HEADS + source.defaultBranch());
        return ref == null ? Optional.empty() : Optional.ofNullable(ref.getObjectId());
    }
}
