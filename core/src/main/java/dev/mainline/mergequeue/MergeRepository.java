package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The repository a queue merges into, as the queue needs it: speculative merge commits and a main branch that only
 * moves by compare-and-swap. Implemented by the forge adapters (a repository on disk, GitHub).
 */
public interface MergeRepository {
    /** The commit main points to now. */
    String main();

    /**
     * Builds the merge commit of {@code base} plus each entry's head in order, on a ref the queue owns for
     * {@code build}. The same base and entries always give the same commit, so the commit of a longer list descends
     * from the commit of any list it starts with.
     */
    SpeculativeCommit build(BuildId build, String base, List<EntryRef> entries);

    /** Moves main from {@code expected} to {@code target}, a descendant of it; never a forced update. */
    MainUpdate advanceMain(String expected, String target);

    /**
     * Whether {@code commit} is {@code tip} or an ancestor of it: a fast-forward that happened, or a pull request
     * merged outside the queue. An unknown commit is reached by nothing. It only reads, so it may be asked from any
     * thread.
     */
    boolean reaches(String tip, String commit);

    /** Forgets the ref kept for a build that is over. */
    void release(BuildId build);

    /** What building a speculative commit gave. */
    sealed interface SpeculativeCommit {
        record Built(String commit) implements SpeculativeCommit {
            public Built {
                requireNonNull(commit, "commit is null");
            }
        }

        /** The head of {@code pullRequest} is not in the repository (force-pushed away, or deleted). */
        record MissingHead(int pullRequest, String head) implements SpeculativeCommit {
            public MissingHead {
                requireNonNull(head, "head is null");
            }
        }

        /** Merging {@code pullRequest} conflicted on {@code files}. */
        record Conflicted(int pullRequest, List<String> files) implements SpeculativeCommit {
            public Conflicted {
                files = List.copyOf(requireNonNull(files, "files is null"));
            }
        }
    }

    /** What moving main gave. */
    sealed interface MainUpdate {
        record Advanced(String commit) implements MainUpdate {
            public Advanced {
                requireNonNull(commit, "commit is null");
            }
        }

        /** Main was no longer at the expected commit: someone else moved it first. */
        record LostRace(String actual) implements MainUpdate {
            public LostRace {
                requireNonNull(actual, "actual is null");
            }
        }

        /**
         * The forge refused the update for a reason of its own (a protected branch, missing permission); nothing
         * moved, and trying again will not help until someone acts on {@code reason}.
         */
        record Refused(String actual, String reason) implements MainUpdate {
            public Refused {
                requireNonNull(actual, "actual is null");
                requireNonNull(reason, "reason is null");
            }
        }

        /** The target does not descend from main; nothing moved. */
        record NotFastForward(String actual) implements MainUpdate {
            public NotFastForward {
                requireNonNull(actual, "actual is null");
            }
        }
    }
}
