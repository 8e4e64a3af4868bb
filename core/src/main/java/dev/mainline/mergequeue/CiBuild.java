package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A build as its CI run sees it: the build, the commit tested, and the pull requests it holds in queue order, the last
 * {@code added} of which are what it tests on top of the builds before it (its verdict is theirs). A CI adapter that
 * cannot know the entries is given none.
 */
public record CiBuild(BuildId id, String commit, List<EntryRef> entries, int added) {
    /** Where a build's commit is for CI: the branch GitHub mode pushes it to, the name local mode labels it with. */
    public static final String BRANCHES = "mainline/builds/";

    public CiBuild {
        requireNonNull(id, "id is null");
        requireNonNull(commit, "commit is null");
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
        if (added < 0 || added > entries.size()) {
            throw new IllegalArgumentException("added must be between 0 and %d, got %d".formatted(entries.size(),
                    added));
        }
    }

    /** The build as the engine holds it, tested at {@code commit}. */
    public static CiBuild of(SpeculativeBuild build, String commit) {
        return new CiBuild(build.id(), commit, build.entries(), build.added());
    }

    /** A build whose entries are not known. */
    public static CiBuild unknown(BuildId id, String commit) {
        return new CiBuild(id, commit, List.of(), 0);
    }

    /** {@code mainline/builds/<id>}. */
    public String branch() {
        return BRANCHES + id.value();
    }

    /** The numbers of the pull requests it holds, in queue order. */
    public List<Integer> pullRequests() {
        return entries.stream().map(EntryRef::pullRequest).toList();
    }
}
