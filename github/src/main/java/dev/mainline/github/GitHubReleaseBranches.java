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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Release branches of GitHub repositories, through the REST API: a release branch is cut by creating its ref at the
 * default branch's head ({@code POST /git/refs}), and read back with the compare API against the previous release's
 * branch (its commits, paged a hundred at a time, the newest 5,000), or as the branch's commit list when there is no
 * previous one (or it was deleted). What was read is kept for as long as neither branch moves. A
 * commit's pull request is the one its message names, and its title is GitHub's (at most
 * {@value #MAX_TITLE_LOOKUPS} looked up for one release).
 */
public final class GitHubReleaseBranches implements ReleaseBranches {
    private static final int PAGE = 100;
    private static final int MAX_TITLE_LOOKUPS = 200;
    private static final int CACHED = 256;

    private final SourceRepositoryStore repositories;
    private final GitHubApi api;
    /** Contents already read, by repository and the two branch heads: they cannot change while neither moves. */
    private final Map<String, Contents> cache = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Contents> eldest) {
            return size() > CACHED;
        }
    };

    public GitHubReleaseBranches(SourceRepositoryStore repositories, GitHubApi api) {
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.api = requireNonNull(api, "api is null");
    }

    private Optional<SourceRepository> gitHub(RepositoryName name) {
        return repositories.findByName(name).filter(source -> source.forge() == Forge.GITHUB);
    }

    /** Throws when GitHub refused ({@code FORGE_REFUSED}) or could not be reached ({@code FORGE_UNAVAILABLE}). */
    @Override
    public boolean cut(RepositoryName name, String branch) {
        Optional<SourceRepository> source = gitHub(name);
        if (source.isEmpty()) {
            return false;
        }
        GitHubRepository github = new GitHubRepository(api, name.value());
        try {
            if (github.branch(branch).isPresent()) {
                return true;
            }
            Optional<String> main = github.branch(source.get().defaultBranch());
            if (main.isEmpty()) {
                return false;
            }
            Response created = api.send(name.value(), "POST", "/repos/" + name.value() + "/git/refs",
                    GitHubApi.object().put("ref", "refs/heads/" + branch).put("sha", main.get()));
            if (created.ok() || (created.status() == 422 && created.message().toLowerCase().contains(
                    "already exists"))) {
                return true;
            }
            throw GitHubApi.forgeError(created.status(),
                    "GitHub refused to create branch %s in %s: %s".formatted(branch,
                            name, created.message()));
        } catch (GitHubApiException e) {
            throw GitHubApi.forgeError(e.status(), e.getMessage());
        }
    }

    /**
     * The release's changes, read once for each pair of branch heads: the branch and the previous one are resolved
     * (two requests), and what is between them is kept until either moves.
     */
    @Override
    public Optional<Contents> contents(RepositoryName name, String branch, Optional<String> previousBranch) {
        if (gitHub(name).isEmpty()) {
            return Optional.empty();
        }
        try {
            GitHubRepository github = new GitHubRepository(api, name.value());
            Optional<String> head = github.branch(branch);
            if (head.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> base = previousBranch.flatMap(github::branch);
            String key = name.value() + "\t" + head.get() + "\t" + base.orElse("");
            synchronized (cache) {
                Contents known = cache.get(key);
                if (known != null) {
                    return Optional.of(known);
                }
            }
            Read commits = base.isPresent() ? compared(name, base.get(), head.get()) : listed(name, head.get());
            Contents read = ReleaseBranches.contents(commits.commits(), commits.truncated(), base.isPresent(),
                    titles(name));
            synchronized (cache) {
                cache.put(key, read);
            }
            return Optional.of(read);
        } catch (GitHubApiException e) {
            throw GitHubApi.forgeError(e.status(), e.getMessage());
        }
    }
    /** Commits read, newest first, and whether more were left out. */
    private record Read(List<Commit> commits, boolean truncated) {
    }

    private static Commit commit(JsonNode commit) {
        return new Commit(commit.path("sha").asString(), commit.path("commit").path("message").asString(""),
                commit.path("commit").path("author").path("name").asString(""));
    }

    private JsonNode get(RepositoryName name, String path, String what) {
        Response response = api.get(name.value(), path);
        if (!response.ok()) {
            throw new GitHubApiException(response.status(), "GitHub refused to %s in %s: %s".formatted(what, name,
                    response.message()));
        }
        return response.body();
    }

    /**
     * What is on {@code head} and not on {@code base}, through the compare API: its first page says how many there
     * are, and the newest are read from the last page back (it lists the oldest first).
     */
    private Read compared(RepositoryName name, String base, String head) {
        String path = "/repos/%s/compare/%s...%s?per_page=%d&page=".formatted(name.value(), base, head, PAGE);
        JsonNode first = get(name, path + 1, "compare " + base + " with " + head);
        int total = first.path("total_commits").asInt(first.path("commits").size());
        int pages = Math.max(1, (total + PAGE - 1) / PAGE);
        int oldestPage = Math.max(1, pages - ReleaseBranches.MAX_CHANGES / PAGE + 1);
        List<Commit> commits = new ArrayList<>();
        for (int page = pages; page >= oldestPage; page--) {
            JsonNode list = page == 1
                    ? first.path("commits")
                    : get(name, path + page, "compare " + base + " with " + head).path("commits");
            List<Commit> read = new ArrayList<>();
            list.forEach(each -> read.add(commit(each)));
            commits.addAll(read.reversed());
        }
        return new Read(commits, oldestPage > 1);
    }

    /** The branch's whole history, newest first, up to the most a release lists. */
    private Read listed(RepositoryName name, String head) {
        List<Commit> commits = new ArrayList<>();
        for (int page = 1; page <= ReleaseBranches.MAX_CHANGES / PAGE; page++) {
            JsonNode list = get(name, "/repos/%s/commits?sha=%s&per_page=%d&page=%d".formatted(name.value(), head,
                    PAGE, page), "list the commits of " + head);
            list.forEach(each -> commits.add(commit(each)));
            if (list.size() < PAGE) {
                return new Read(commits, false);
            }
        }
        return new Read(commits, true);
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
