package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.RepositoryName;
import dev.mainline.github.GitHubApi.GitHubApiException;
import dev.mainline.github.GitHubApi.Response;
import dev.mainline.releases.ReleaseBranches;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Release branches of GitHub repositories, through the REST API: a release branch is cut by creating its ref at the
 * default branch's head ({@code POST /git/refs}), and read back with the compare API against the previous release's
 * branch (its commits, paged a hundred at a time), or as the branch's commit list when there is no previous one. A
 * commit's pull request is the one its message names, and its title is GitHub's (at most
 * {@value #MAX_TITLE_LOOKUPS} looked up for one release).
 */
public final class GitHubReleaseBranches implements ReleaseBranches {
    private static final int PAGE = 100;
    private static final int MAX_TITLE_LOOKUPS = 200;

    private final SourceRepositoryStore repositories;
    private final GitHubApi api;

    public GitHubReleaseBranches(SourceRepositoryStore repositories, GitHubApi api) {
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.api = requireNonNull(api, "api is null");
    }

    private Optional<SourceRepository> gitHub(RepositoryName name) {
        return repositories.findByName(name).filter(source -> source.forge() == Forge.GITHUB);
    }

    /** Throws {@link GitHubApiException} when GitHub refused or is unreachable; the cut release stays cut. */
    @Override
    public boolean cut(RepositoryName name, String branch) {
        Optional<SourceRepository> source = gitHub(name);
        if (source.isEmpty()) {
            return false;
        }
        GitHubRepository github = new GitHubRepository(api, name.value());
        if (github.branch(branch).isPresent()) {
            return true;
        }
        Optional<String> main = github.branch(source.get().defaultBranch());
        if (main.isEmpty()) {
            return false;
        }
        Response created = api.send(name.value(), "POST", "/repos/" + name.value() + "/git/refs",
                GitHubApi.object().put("ref", "refs/heads/" + branch).put("sha", main.get()));
        if (created.ok() || (created.status() == 422 && created.message().toLowerCase().contains("already exists"))) {
            return true;
        }
        throw new GitHubApiException(created.status(), "GitHub refused to create branch %s in %s: %s"
                .formatted(branch, name, created.message()));
    }

    @Override
    public Optional<Contents> contents(RepositoryName name, String branch, Optional<String> previousBranch) {
        if (gitHub(name).isEmpty()) {
            return Optional.empty();
        }
        String root = "/repos/" + name.value();
        Optional<String> since = previousBranch.filter(previous -> new GitHubRepository(api, name.value())
                .branch(previous).isPresent());
        List<Commit> commits = new ArrayList<>();
        boolean truncated = false;
        int pages = ReleaseBranches.MAX_CHANGES / PAGE;
        for (int page = 1;; page++) {
            if (page > pages) {
                truncated = true;
                break;
            }
            String paging = "per_page=" + PAGE + "&page=" + page;
            Response response = since.isPresent()
                    ? api.get(name.value(), root + "/compare/" + GitHubRepository.path(since.get()) + "..."
                            + GitHubRepository.path(branch) + "?"
                            + paging)
                    : api.get(name.value(), root + "/commits?sha=" + GitHubRepository.query(branch) + "&" + paging);
            if (response.status() == 404 && page == 1) {
                return Optional.empty();
            }
            if (!response.ok()) {
                throw new GitHubApiException(response.status(), "GitHub refused to list the commits of %s in %s: %s"
                        .formatted(branch, name, response.message()));
            }
            JsonNode list = since.isPresent() ? response.body().path("commits") : response.body();
            List<Commit> read = new ArrayList<>();
            list.forEach(commit -> read.add(new Commit(commit.path("sha").asString(),
                    commit.path("commit").path("message").asString(""),
                    commit.path("commit").path("author").path("name").asString(""))));
            if (since.isPresent()) {
                // The compare API lists the oldest first; a release's changes are shown newest first.
                Collections.reverse(read);
                commits.addAll(0, read);
            } else {
                commits.addAll(read);
            }
            if (list.size() < PAGE) {
                break;
            }
        }
        return Optional.of(ReleaseBranches.contents(commits, truncated, titles(name)));
    }

    /** Pull request titles from GitHub, each asked once. */
    private java.util.function.IntFunction<Optional<String>> titles(RepositoryName name) {
        Map<Integer, Optional<String>> asked = new HashMap<>();
        GitHubRepository github = new GitHubRepository(api, name.value());
        return number -> {
            if (asked.containsKey(number)) {
                return asked.get(number);
            }
            Optional<String> title = asked.size() < MAX_TITLE_LOOKUPS
                    ? github.pullRequest(number).map(GitHubRepository.PullRequest::title)
                            .filter(text -> !text.isEmpty())
                    : Optional.empty();
            asked.put(number, title);
            return title;
        };
    }
}
