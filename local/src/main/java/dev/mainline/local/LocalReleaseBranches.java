package dev.mainline.local;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.RepositoryName;
import dev.mainline.pullrequest.PullRequest;
import dev.mainline.pullrequest.PullRequestStore;
import dev.mainline.releases.ReleaseBranches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Release branches of local repositories, with JGit: cut from main, and read back as the commits on them and not on
 * the previous release's branch. A commit's pull request is the one its message names; its title comes from the pull
 * requests Mainline keeps.
 */
public final class LocalReleaseBranches implements ReleaseBranches {

    private final SourceRepositoryStore repositories;
    private final PullRequestStore pullRequests;
    private final LocalMergeQueues queues;

    public LocalReleaseBranches(SourceRepositoryStore repositories, PullRequestStore pullRequests,
            LocalMergeQueues queues) {
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.pullRequests = requireNonNull(pullRequests, "pullRequests is null");
        this.queues = requireNonNull(queues, "queues is null");
    }

    private Optional<SourceRepository> local(RepositoryName name) {
        return repositories.findByName(name).filter(source -> source.forge() == Forge.LOCAL)
                .filter(source -> Files.exists(queues.location(name).resolve("HEAD")));
    }

    private Repository open(RepositoryName name) throws IOException {
        return new FileRepositoryBuilder().setGitDir(queues.location(name).toFile()).setMustExist(true).build();
    }

    @Override
    public boolean cut(RepositoryName name, String branch) {
        Optional<SourceRepository> source = local(name);
        if (source.isEmpty()) {
            return false;
        }
        try (Repository repository = open(name)) {
            if (repository.exactRef(Constants.R_HEADS + branch) != null) {
                return true;
            }
            Ref main = repository.exactRef(Constants.R_HEADS + source.get().defaultBranch());
            if (main == null) {
                return false;
            }
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(main.getObjectId());
            update.setExpectedOldObjectId(ObjectId.zeroId());
            RefUpdate.Result result = update.update();
            return result == RefUpdate.Result.NEW || result == RefUpdate.Result.NO_CHANGE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cut %s in %s".formatted(branch, name), e);
        }
    }

    @Override
    public Optional<Contents> contents(RepositoryName name, String branch, Optional<String> previousBranch) {
        if (local(name).isEmpty()) {
            return Optional.empty();
        }
        try (Repository repository = open(name); RevWalk walk = new RevWalk(repository)) {
            Ref head = repository.exactRef(Constants.R_HEADS + branch);
            if (head == null) {
                return Optional.empty();
            }
            walk.markStart(walk.parseCommit(head.getObjectId()));
            boolean sincePrevious = false;
            if (previousBranch.isPresent()) {
                Ref previous = repository.exactRef(Constants.R_HEADS + previousBranch.get());
                if (previous != null) {
                    walk.markUninteresting(walk.parseCommit(previous.getObjectId()));
                    sincePrevious = true;
                }
            }
            List<Commit> commits = new ArrayList<>();
            boolean truncated = false;
            for (RevCommit commit : walk) {
                if (commits.size() == MAX_CHANGES) {
                    truncated = true;
                    break;
                }
                commits.add(new Commit(commit.getName(), commit.getFullMessage(), commit.getAuthorIdent().getName()));
            }
            return Optional.of(ReleaseBranches.contents(commits, truncated, sincePrevious,
                    number -> pullRequests.find(name, number).map(PullRequest::title)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read %s of %s".formatted(branch, name), e);
        }
    }
}
