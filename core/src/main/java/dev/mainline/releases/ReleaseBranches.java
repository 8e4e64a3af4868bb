package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Release branches in an app's repository: cut from main when a release is cut, and what is on one since the
 * previous release's branch — its commits, their pull requests, and the tickets they name.
 */
public interface ReleaseBranches {
    /** Jira's issue keys: a project key (a capital, then capitals and digits) and a number. */
    Pattern TICKET = Pattern.compile("\\b([A-Z][A-Z0-9]{1,9}-[1-9][0-9]{0,6})\\b");
    /** A pull request a commit message names: the merge queue's {@code Merge #12}, GitHub's merge and squash. */
    Pattern PULL_REQUEST = Pattern.compile("(?:Merge (?:pull request )?#|\\(#)(\\d{1,9})");
    /** The most changes read for one release; a longer list is cut there and says so. */
    int MAX_CHANGES = 5_000;

    /** Creates {@code branch} at main's head unless it exists; false when the repository is not one this reads. */
    boolean cut(RepositoryName repository, String branch);

    /** What is on {@code branch} and not on {@code previousBranch} (all of it without one); empty when unknown. */
    Optional<Contents> contents(RepositoryName repository, String branch, Optional<String> previousBranch);

    /** A commit on a release branch, its pull request when its message names one, and that pull request's title. */
    record Change(String commit, String subject, String author, Optional<Integer> pullRequest,
            Optional<String> pullRequestTitle) {
        public Change {
            requireNonNull(commit, "commit is null");
            requireNonNull(subject, "subject is null");
            requireNonNull(author, "author is null");
            requireNonNull(pullRequest, "pullRequest is null");
            requireNonNull(pullRequestTitle, "pullRequestTitle is null");
        }
    }

    /**
     * The changes of a release, newest first, and the tickets named in their messages and pull request titles;
     * {@code sincePrevious} when they were counted from the previous release's branch (else the branch's whole
     * history, its previous branch being gone or there being none).
     */
    record Contents(List<Change> changes, SortedSet<String> tickets, boolean truncated, boolean sincePrevious) {
        public Contents {
            changes = List.copyOf(changes);
            tickets = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tickets));
        }
    }

    /** A commit as read from the repository: its id, whole message and author's name. */
    record Commit(String sha, String message, String author) {
        public Commit {
            requireNonNull(sha, "sha is null");
            requireNonNull(message, "message is null");
            requireNonNull(author, "author is null");
        }

        String subject() {
            int end = message.indexOf('\n');
            return (end < 0 ? message : message.substring(0, end)).strip();
        }

        Optional<Integer> pullRequest() {
            Matcher number = PULL_REQUEST.matcher(message);
            return number.find() ? Optional.of(Integer.parseInt(number.group(1))) : Optional.empty();
        }
    }

    /**
     * The contents of a release made of {@code commits} (newest first): each commit's pull request and its title
     * ({@code titles} looks one up), and the tickets named in the messages and titles.
     */
    static Contents contents(List<Commit> commits, boolean truncated, boolean sincePrevious,
            IntFunction<Optional<String>> titles) {
        List<Change> changes = new java.util.ArrayList<>();
        SortedSet<String> tickets = new TreeSet<>();
        for (Commit commit : commits) {
            Optional<Integer> pullRequest = commit.pullRequest();
            Optional<String> title = pullRequest.flatMap(titles::apply);
            tickets.addAll(tickets(commit.message()));
            title.ifPresent(text -> tickets.addAll(tickets(text)));
            changes.add(new Change(commit.sha(), commit.subject(), commit.author(), pullRequest, title));
        }
        return new Contents(changes, tickets, truncated, sincePrevious);
    }

    /** The first of {@code all} that knows the repository: each forge's branches answer only for their own. */
    static ReleaseBranches firstOf(List<ReleaseBranches> all) {
        List<ReleaseBranches> each = List.copyOf(all);
        return new ReleaseBranches() {
            @Override
            public boolean cut(RepositoryName repository, String branch) {
                return each.stream().anyMatch(branches -> branches.cut(repository, branch));
            }

            @Override
            public Optional<Contents> contents(RepositoryName repository, String branch,
                    Optional<String> previousBranch) {
                return each.stream().map(branches -> branches.contents(repository, branch, previousBranch))
                        .flatMap(Optional::stream).findFirst();
            }
        };
    }

    /** The tickets named in {@code text}. */
    static SortedSet<String> tickets(String text) {
        SortedSet<String> found = new TreeSet<>();
        Matcher matcher = TICKET.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** None: apps without a repository. */
    static ReleaseBranches none() {
        return new ReleaseBranches() {
            @Override
            public boolean cut(RepositoryName repository, String branch) {
                return false;
            }

            @Override
            public Optional<Contents> contents(RepositoryName repository, String branch,
                    Optional<String> previousBranch) {
                return Optional.empty();
            }
        };
    }
}
