package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.BoundedCache;
import dev.mainline.github.GitHubApi.GitHubApiException;
import dev.mainline.github.GitHubApi.Response;
import dev.mainline.github.GitHubRepository.Commit;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.MergeRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * A GitHub repository as the merge queue needs it, through GitHub's API only (nothing is cloned).
 *
 * <p>A speculative commit is made one pull request at a time: GitHub merges the pull request's head into a scratch
 * branch at the commit so far ({@code POST /merges}), which gives the merged tree; the queue then writes its own merge
 * commit of that tree with a fixed author and a date taken from the two commits it merges, so the same stack always
 * gives the same commit, after a restart too. The finished commit is put on {@code mainline/builds/<build>}, the
 * branch the repository's CI runs on. Main moves with {@code force: false}: GitHub refuses (422) anything that is not
 * a fast-forward, which the queue reads as a lost race when main has moved.
 */
public final class GitHubMergeRepository implements MergeRepository {
    /** The branches CI must run on: {@code on: push: branches: ['mainline/builds/**']}. */
    public static final String BUILD_BRANCHES = "mainline/builds/";
    static final String SCRATCH_BRANCHES = "mainline/scratch/";
    private static final Logger LOG = Logger.getLogger(GitHubMergeRepository.class.getName());
    private static final String QUEUE_NAME = "Mainline merge queue";
    private static final String QUEUE_EMAIL = "merge-queue@mainline.invalid";
    private static final int CACHE_SIZE = 10_000;

    private final GitHubRepository github;
    private final String mainBranch;
    /** (parent, pull request head, number) to merge commit: a rebuilt stack costs no calls. */
    private final BoundedCache<String, String> merges = new BoundedCache<>(CACHE_SIZE);

    public GitHubMergeRepository(GitHubRepository github, String mainBranch) {
        this.github = requireNonNull(github, "github is null");
        this.mainBranch = requireNonNull(mainBranch, "mainBranch is null");
    }

    @Override
    public String main() {
        return github.branch(mainBranch).orElseThrow(
                () -> new IllegalStateException("%s has no branch %s".formatted(github.name(), mainBranch)));
    }

    @Override
    public SpeculativeCommit build(BuildId build, String base, List<EntryRef> entries) {
        String scratch = SCRATCH_BRANCHES + build.value();
        String current = base;
        boolean scratchExists = false;
        try {
            for (EntryRef entry : entries) {
                String key = current + ' ' + entry.head() + ' ' + entry.pullRequest();
                String merged = merges.get(key).orElse(null);
                if (merged == null) {
                    github.putBranch(scratch, current);
                    scratchExists = true;
                    Response response = github.merge(scratch, entry.head(),
                            "Merge #%d into the queue's scratch branch".formatted(entry.pullRequest()));
                    switch (response.status()) {
                        case 201 -> merged = mergeCommit(current, entry, response.body().path("commit").path("tree")
                                .path("sha").asString());
                        // The head is already in the commit so far: nothing to merge.
                        case 204 -> merged = current;
                        case 409 -> {
                            return new SpeculativeCommit.Conflicted(entry.pullRequest(),
                                    likelyConflicts(base, current, entry.head()));
                        }
                        case 404, 422 -> {
                            if (github.branch(scratch).isEmpty()) {
                                throw new GitHubApiException(response.status(),
                                        "GitHub lost the scratch branch %s: %s".formatted(scratch, response.message()));
                            }
                            return new SpeculativeCommit.MissingHead(entry.pullRequest(), entry.head());
                        }
                        default -> throw new GitHubApiException(response.status(), "GitHub refused to merge #%d: %s"
                                .formatted(entry.pullRequest(), response.message()));
                    }
                    merges.put(key, merged);
                }
                current = merged;
            }
            github.putBranch(BUILD_BRANCHES + build.value(), current);
            return new SpeculativeCommit.Built(current);
        } finally {
            if (scratchExists) {
                github.deleteBranch(scratch);
            }
        }
    }

    /**
     * The queue's merge commit of {@code tree} with parents {@code parent} and the entry's head: fixed author and
     * committer, dated the later of the two commits, so GitHub gives it the same id every time it is written.
     */
    private String mergeCommit(String parent, EntryRef entry, String tree) {
        Commit left = github.commit(parent);
        Commit right = github.commit(entry.head());
        Instant date = left.committed().isAfter(right.committed()) ? left.committed() : right.committed();
        return github.createCommit("Merge #%d%n%nMerged by the Mainline merge queue.%n".formatted(entry.pullRequest()),
                tree, List.of(parent, entry.head()), QUEUE_NAME, QUEUE_EMAIL, date);
    }

    /**
     * GitHub says only that a merge conflicted, not where; the files changed both by the pull request and by what it
     * is merged onto (main's part since they forked, plus the entries ahead of it) are where a conflict can be.
     */
    private List<String> likelyConflicts(String base, String current, String head) {
        try {
            Set<String> ours = new LinkedHashSet<>(github.changedFiles(head, current));
            List<String> both = new ArrayList<>();
            for (String file : github.changedFiles(current, head)) {
                if (ours.contains(file)) {
                    both.add(file);
                }
            }
            return both;
        } catch (GitHubApiException e) {
            LOG.warning(() -> "cannot list the files a conflict on %s is in: %s".formatted(base, e.getMessage()));
            return List.of();
        }
    }

    @Override
    public MainUpdate advanceMain(String expected, String target) {
        // GitHub's ref update has no compare-and-swap: force=false refuses only what is not a fast-forward. A target
        // built on a main that has moved since can still fast-forward the new main (a pull request in it branched off
        // the push), landing changes the queue never followed, a head merged by hand merged twice. So main is read
        // first: one that moved since the queue last saw it is a lost race.
        String before = main();
        if (before.equals(target)) {
            return new MainUpdate.Advanced(target);
        }
        if (!before.equals(expected)) {
            return new MainUpdate.LostRace(before);
        }
        Response response = github.updateBranch(mainBranch, target, false);
        if (response.ok()) {
            return new MainUpdate.Advanced(target);
        }
        boolean notFastForward = response.status() == 422
                && response.message().toLowerCase(Locale.ROOT).contains("not a fast forward");
        if (!notFastForward && response.status() != 403 && response.status() != 409 && response.status() != 422) {
            throw new GitHubApiException(response.status(),
                    "GitHub refused to move %s to %s: %s".formatted(mainBranch, target, response.message()));
        }
        String actual = main();
        if (actual.equals(target)) {
            return new MainUpdate.Advanced(target);
        }
        if (!notFastForward) {
            // A protected branch or a missing permission: asking again gives the same answer.
            return new MainUpdate.Refused(actual, "GitHub refused to update %s: %s".formatted(mainBranch,
                    response.message()));
        }
        LOG.info(() -> "GitHub refused to fast-forward %s of %s to %s (%s); it is at %s".formatted(mainBranch,
                github.name(), target, response.message(), actual));
        return actual.equals(expected)
                ? new MainUpdate.NotFastForward(actual)
                : new MainUpdate.LostRace(actual);
    }

    @Override
    public boolean reaches(String tip, String commit) {
        return tip.equals(commit) || github.reaches(tip, commit);
    }

    @Override
    public void release(BuildId build) {
        try {
            github.deleteBranch(BUILD_BRANCHES + build.value());
        } catch (GitHubApiException e) {
            // A branch left behind costs nothing and blocks nothing; it is logged, not raised.
            LOG.warning(() -> "cannot delete %s%d: %s".formatted(BUILD_BRANCHES, build.value(), e.getMessage()));
        }
    }

}
