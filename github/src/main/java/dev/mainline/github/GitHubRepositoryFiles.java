package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.RepositoryName;
import dev.mainline.ownership.CodeOwners;
import dev.mainline.ownership.RepositoryFiles;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The files of GitHub repositories, read through the REST API: main's tree (one request), the CODEOWNERS GitHub reads
 * ({@code .github/}, the root, then {@code docs/}), and the files of the commits an author pushed to main (the commits
 * list filtered by author, then each commit; at most {@value #MAX_COMMITS} commits an author).
 */
public final class GitHubRepositoryFiles implements RepositoryFiles {
    private static final int MAX_COMMITS = 50;

    private final SourceRepositoryStore repositories;
    private final GitHubApi api;

    public GitHubRepositoryFiles(SourceRepositoryStore repositories, GitHubApi api) {
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.api = requireNonNull(api, "api is null");
    }

    @Override
    public Optional<Snapshot> snapshot(RepositoryName name) {
        Optional<SourceRepository> source = gitHub(name);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        GitHubRepository github = new GitHubRepository(api, name.value());
        Optional<String> main = github.branch(source.get().defaultBranch());
        if (main.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> codeOwners = Optional.empty();
        for (String candidate : CodeOwners.LOCATIONS) {
            codeOwners = github.file(candidate, main.get());
            if (codeOwners.isPresent()) {
                break;
            }
        }
        return Optional.of(new Snapshot(main.get(), codeOwners, github.treePaths(main.get())));
    }

    @Override
    public Set<String> changedBy(RepositoryName name, Set<String> authors, Instant since) {
        Set<String> changed = new LinkedHashSet<>();
        Optional<SourceRepository> source = gitHub(name);
        if (source.isEmpty()) {
            return changed;
        }
        GitHubRepository github = new GitHubRepository(api, name.value());
        Set<String> commits = new LinkedHashSet<>();
        for (String author : authors) {
            commits.addAll(github.commitsBy(source.get().defaultBranch(), author, since, MAX_COMMITS));
        }
        for (String commit : commits) {
            changed.addAll(github.filesOfCommit(commit));
        }
        return changed;
    }

    private Optional<SourceRepository> gitHub(RepositoryName name) {
        return repositories.findByName(name).filter(source -> source.forge() == Forge.GITHUB);
    }
}
