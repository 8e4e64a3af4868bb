package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** CI whose finished runs pass through a {@link CiTriage} before the queue hears of them. */
public final class TriagedCi implements ContinuousIntegration {
    private static final Logger LOG = Logger.getLogger(TriagedCi.class.getName());

    private final ContinuousIntegration ci;
    private final RepositoryName repository;
    private final CiTriage triage;

    public TriagedCi(ContinuousIntegration ci, RepositoryName repository, CiTriage triage) {
        this.ci = requireNonNull(ci, "ci is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.triage = requireNonNull(triage, "triage is null");
    }

    @Override
    public void start(BuildId build, String commit, Consumer<CiRun> finished) {
        start(CiBuild.unknown(build, commit), finished);
    }

    @Override
    public void start(CiBuild build, Consumer<CiRun> finished) {
        try {
            triage.started(repository, build);
        } catch (RuntimeException e) {
            // What the triage keeps about runs is never worth holding up CI.
            LOG.log(Level.WARNING, "cannot note the start of CI run %s of %s".formatted(build.id(), build.commit()),
                    e);
        }
        ci.start(build, run -> {
            CiRun reviewed = run;
            try {
                reviewed = triage.review(repository, build, run);
            } catch (RuntimeException e) {
                // Without a second look the run counts as it ended: a failure is charged as before.
                LOG.log(Level.WARNING, "cannot review CI run %s of %s".formatted(build.id(), build.commit()), e);
            }
            finished.accept(reviewed);
        });
    }

    @Override
    public void cancel(BuildId build) {
        ci.cancel(build);
    }
}
