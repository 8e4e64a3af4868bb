package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** Everything that can happen to a queue. Every event carries the time it happened; the engine has no clock. */
public sealed interface QueueEvent {
    Instant at();

    /**
     * A pull request joins the queue. {@code successEstimate} is the chance it is good (from a risk model; the
     * configured default when unknown).
     */
    record Enqueued(Instant at, int pullRequest, String head, String author, Priority priority, double successEstimate)
            implements
                QueueEvent {
        public Enqueued {
            requireNonNull(at, "at is null");
            requireNonNull(head, "head is null");
            requireNonNull(author, "author is null");
            requireNonNull(priority, "priority is null");
            if (!(successEstimate > 0 && successEstimate <= 1)) {
                throw new IllegalArgumentException("successEstimate must be in (0, 1], got " + successEstimate);
            }
        }
    }

    /**
     * A pull request must land now, without waiting for CI (an incident fix). Speculation is rebuilt on the new main;
     * CI already running is not cancelled but read as evidence about the entries it tests.
     */
    record EmergencyMerge(Instant at, int pullRequest, String head, String author, String by) implements QueueEvent {
        public EmergencyMerge {
            requireNonNull(at, "at is null");
            requireNonNull(head, "head is null");
            requireNonNull(author, "author is null");
            requireNonNull(by, "by is null");
        }
    }

    /** New commits were pushed to a queued pull request. */
    record Updated(Instant at, int pullRequest, String head) implements QueueEvent {
        public Updated {
            requireNonNull(at, "at is null");
            requireNonNull(head, "head is null");
        }
    }

    /** Someone took a pull request out of the queue (or it was closed). */
    record Dequeued(Instant at, int pullRequest, String reason) implements QueueEvent {
        public Dequeued {
            requireNonNull(at, "at is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** The speculative commit of a build exists. */
    record CommitBuilt(Instant at, BuildId build, String commit) implements QueueEvent {
        public CommitBuilt {
            requireNonNull(at, "at is null");
            requireNonNull(build, "build is null");
            requireNonNull(commit, "commit is null");
        }
    }

    /** Merging {@code pullRequest} into the build's commit conflicted on {@code files}. */
    record CommitConflicted(Instant at, BuildId build, int pullRequest, List<String> files) implements QueueEvent {
        public CommitConflicted {
            requireNonNull(at, "at is null");
            requireNonNull(build, "build is null");
            files = List.copyOf(requireNonNull(files, "files is null"));
        }
    }

    /** A build could not be made: the head {@code head} of {@code pullRequest} is no longer in the repository. */
    record HeadMissing(Instant at, BuildId build, int pullRequest, String head) implements QueueEvent {
        public HeadMissing {
            requireNonNull(at, "at is null");
            requireNonNull(build, "build is null");
            requireNonNull(head, "head is null");
        }
    }

    /**
     * The build's commit has a {@code .mainline.yml} the queue cannot run with, brought in by {@code pullRequest};
     * {@code problem} names the line.
     */
    record SettingsRefused(Instant at, BuildId build, int pullRequest, String problem) implements QueueEvent {
        public SettingsRefused {
            requireNonNull(at, "at is null");
            requireNonNull(build, "build is null");
            requireNonNull(problem, "problem is null");
        }
    }

    /** CI finished on a build's commit. */
    record CiFinished(Instant at, BuildId build, CiOutcome outcome) implements QueueEvent {
        public CiFinished {
            requireNonNull(at, "at is null");
            requireNonNull(build, "build is null");
            requireNonNull(outcome, "outcome is null");
        }
    }

    /**
     * The queue begins on {@code main}: the first event of a journal, so that replaying it starts from the same main
     * whatever main is when the replay happens.
     */
    record Started(Instant at, String main) implements QueueEvent {
        public Started {
            requireNonNull(at, "at is null");
            requireNonNull(main, "main is null");
        }
    }

    /** Main moved without the queue (a direct push, or a fast-forward that lost a race): all speculation restarts. */
    record MainMoved(Instant at, String commit) implements QueueEvent {
        public MainMoved {
            requireNonNull(at, "at is null");
            requireNonNull(commit, "commit is null");
        }
    }

    /**
     * The fast-forward of main to {@code to} was refused because main is at {@code actual} (someone moved it first).
     * Must be reported before any other event: the entries it merged go back to the front of the queue, and
     * speculation restarts on {@code actual}.
     */
    record FastForwardRefused(Instant at, String to, String actual) implements QueueEvent {
        public FastForwardRefused {
            requireNonNull(at, "at is null");
            requireNonNull(to, "to is null");
            requireNonNull(actual, "actual is null");
        }
    }

    /**
     * The fast-forward of main to {@code to} happened. Recorded before anything else once the repository said so, so
     * a replay knows it and never asks for it again; a refusal is {@link FastForwardRefused} instead.
     */
    record FastForwarded(Instant at, String to) implements QueueEvent {
        public FastForwarded {
            requireNonNull(at, "at is null");
            requireNonNull(to, "to is null");
        }
    }

    /**
     * The head of queued pull request {@code pullRequest} is already on main at {@code main}: it was merged outside
     * the queue (a push to main), so it leaves the queue as merged.
     */
    record Landed(Instant at, int pullRequest, String main) implements QueueEvent {
        public Landed {
            requireNonNull(at, "at is null");
            requireNonNull(main, "main is null");
        }
    }

    /** {@code commit} of main (and everything before it) now runs in production. */
    record Deployed(Instant at, String commit) implements QueueEvent {
        public Deployed {
            requireNonNull(at, "at is null");
            requireNonNull(commit, "commit is null");
        }
    }

    /** Merging stops (testing goes on) until unlocked. */
    record Locked(Instant at, String by, String reason) implements QueueEvent {
        public Locked {
            requireNonNull(at, "at is null");
            requireNonNull(by, "by is null");
            requireNonNull(reason, "reason is null");
        }
    }

    record Unlocked(Instant at, String by) implements QueueEvent {
        public Unlocked {
            requireNonNull(at, "at is null");
            requireNonNull(by, "by is null");
        }
    }

    record ConfigurationChanged(Instant at, QueueConfiguration configuration) implements QueueEvent {
        public ConfigurationChanged {
            requireNonNull(at, "at is null");
            requireNonNull(configuration, "configuration is null");
        }
    }

    /** Time passed; lets the engine refresh estimates. */
    record Tick(Instant at) implements QueueEvent {
        public Tick {
            requireNonNull(at, "at is null");
        }
    }
}
