package dev.mainline.local;

import dev.mainline.mergequeue.ContinuousIntegration;
import dev.mainline.mergequeue.RepositorySettings.LocalCi;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;

/** The CI of one local queue: it owns threads (or processes), so it stops with its queue. */
interface QueueCi extends ContinuousIntegration {
    /** Stops every run; none of their results is reported any more. */
    void stop();

    /** Makes the CI of a queue from its repository's {@code ci} settings. */
    @FunctionalInterface
    interface Factory {
        QueueCi create(Repository repository, LocalCi settings, Path workRoot, Path logRoot);
    }
}
