package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.github.GitHubRepository.PullRequest;
import dev.mainline.github.GitHubRepository.Review;
import dev.mainline.mergequeue.RepositorySettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks a pull request must pass before it joins the queue: open, not a draft, aimed at the main branch, no
 * conflicts, the required approvals and no changes requested, and (except for an emergency merge) every required check
 * green on its head. Each failed check gives a line the author can act on.
 */
public final class PullRequestGate {
    private final GitHubRepository github;
    private final String ownCheck;

    public PullRequestGate(GitHubRepository github, String ownCheck) {
        this.github = requireNonNull(github, "github is null");
        this.ownCheck = requireNonNull(ownCheck, "ownCheck is null");
    }

    /** The pull request when it may join, and otherwise every reason it may not. */
    public record Verdict(Optional<PullRequest> pullRequest, List<String> problems) {
        public Verdict {
            requireNonNull(pullRequest, "pullRequest is null");
            problems = List.copyOf(requireNonNull(problems, "problems is null"));
        }

        public boolean accepted() {
            return problems.isEmpty();
        }
    }

    public Verdict check(int number, RepositorySettings settings, String mainBranch, boolean emergency) {
        Optional<PullRequest> found = github.pullRequest(number);
        if (found.isEmpty()) {
            return new Verdict(Optional.empty(), List.of("#%d is not a pull request of %s".formatted(number,
                    github.name())));
        }
        PullRequest pull = found.get();
        List<String> problems = new ArrayList<>();
        if (!pull.open()) {
            problems.add("it is closed");
        }
        if (pull.draft()) {
            problems.add("it is a draft: mark it ready for review first");
        }
        if (!pull.base().equals(mainBranch)) {
            problems.add("it targets `%s`; the queue merges into `%s`".formatted(pull.base(), mainBranch));
        }
        if (pull.mergeable().equals(Optional.of(false))) {
            problems.add("it has conflicts with `%s`: resolve them first".formatted(mainBranch));
        }
        problems.addAll(reviewProblems(number, settings.requiredApprovals()));
        if (!emergency) {
            problems.addAll(checkProblems(pull.head(), settings.requiredChecks()));
        }
        return new Verdict(found, problems);
    }

    private List<String> reviewProblems(int number, int requiredApprovals) {
        // A reviewer's latest approving, rejecting or dismissed review is their verdict; comments change nothing.
        // Only people who may write to the repository count, as with GitHub's own required reviews.
        Map<String, String> latest = new LinkedHashMap<>();
        for (Review review : github.reviews(number)) {
            if (!review.byMaintainer()) {
                continue;
            }
            switch (review.state()) {
                case "APPROVED", "CHANGES_REQUESTED", "DISMISSED" -> latest.put(review.author(), review.state());
                default -> {
                }
            }
        }
        List<String> problems = new ArrayList<>();
        latest.forEach((reviewer, state) -> {
            if (state.equals("CHANGES_REQUESTED")) {
                problems.add("@%s requested changes".formatted(reviewer));
            }
        });
        long approvals = latest.values().stream().filter(state -> state.equals("APPROVED")).count();
        if (approvals < requiredApprovals) {
            problems.add("it needs %d approving review%s and has %d".formatted(requiredApprovals,
                    requiredApprovals == 1 ? "" : "s", approvals));
        }
        return problems;
    }

    private List<String> checkProblems(String head, List<String> requiredChecks) {
        String commit = head.substring(0, Math.min(7, head.length()));
        CheckVerdict verdict = CheckVerdict.of(github.checks(head), requiredChecks, ownCheck);
        if (requiredChecks.isEmpty() && verdict instanceof CheckVerdict.Waiting waiting
                && waiting.running().isEmpty()) {
            // No check named as required and none reported: nothing to wait for.
            return List.of();
        }
        return switch (verdict) {
            case CheckVerdict.Green green -> List.of();
            case CheckVerdict.Red red -> List.of("the required check `%s` is %s on %s".formatted(red.check(),
                    red.conclusion(), commit));
            case CheckVerdict.Waiting waiting -> {
                List<String> problems = new ArrayList<>();
                waiting.missing().forEach(check -> problems.add(
                        "the required check `%s` has not reported on %s".formatted(check, commit)));
                waiting.running().forEach(check -> problems.add(
                        "the required check `%s` is still running on %s".formatted(check, commit)));
                yield problems;
            }
        };
    }
}
