package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Release branches in an app's repository: cut from main when a release is cut, and what is on one since the
 * previous release's branch — its commits, their pull requests, and the tickets they name.
 */
public interface ReleaseBranches {
    /** Jira's issue keys: a project key (a capital, then capitals and digits) and a number. */
    Pattern TICKET = Pattern.compile("\\b([A-Z][A-Z0-9]{1,9}-[1-9][0-9]{0,6})\\b");

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

    /** The changes of a release, newest first, and the tickets named in their messages and pull request titles. */
    record Contents(List<Change> changes, SortedSet<String> tickets, boolean truncated) {
        public Contents {
            changes = List.copyOf(changes);
            tickets = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tickets));
        }
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
