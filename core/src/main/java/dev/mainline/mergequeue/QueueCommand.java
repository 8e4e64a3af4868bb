package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What the engine asks the outside world to do. Adapters carry them out and answer with events. */
public sealed interface QueueCommand {
    /**
     * Build the merge commit of {@code base} plus {@code entries} in order. The commit of a longer list must descend
     * from the commit of any shorter list with the same start, so main can fast-forward along them.
     */
    record BuildCommit(BuildId build, String base, List<EntryRef> entries) implements QueueCommand {
        public BuildCommit {
            requireNonNull(build, "build is null");
            requireNonNull(base, "base is null");
            entries = List.copyOf(requireNonNull(entries, "entries is null"));
        }
    }

    record StartCi(BuildId build, String commit) implements QueueCommand {
        public StartCi {
            requireNonNull(build, "build is null");
            requireNonNull(commit, "commit is null");
        }
    }

    record CancelCi(BuildId build, String commit) implements QueueCommand {
        public CancelCi {
            requireNonNull(build, "build is null");
            requireNonNull(commit, "commit is null");
        }
    }

    /**
     * Move main from {@code from} to {@code to}, a descendant, merging {@code merged}. {@code to} passed CI, except for
     * an emergency merge ({@code tested} false), which someone allowed to skip it.
     */
    record FastForward(String from, String to, BuildId build, List<EntryRef> merged, boolean tested)
            implements
                QueueCommand {
        public FastForward {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            requireNonNull(build, "build is null");
            merged = List.copyOf(requireNonNull(merged, "merged is null"));
        }
    }

    /** Take a pull request out of the queue; {@code reason} is what its author is told. */
    record Eject(int pullRequest, EjectionReason reason, String detail) implements QueueCommand {
        public Eject {
            requireNonNull(reason, "reason is null");
            requireNonNull(detail, "detail is null");
        }
    }

    /** Tell a pull request's author something. */
    record Notify(int pullRequest, String author, String message) implements QueueCommand {
        public Notify {
            requireNonNull(author, "author is null");
            requireNonNull(message, "message is null");
        }
    }
}
