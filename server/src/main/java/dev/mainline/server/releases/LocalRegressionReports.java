package dev.mainline.server.releases;

import dev.mainline.common.MainlineException;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import dev.mainline.local.LocalRegressions;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.logs.LogKind;
import dev.mainline.logs.LogOutcome;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.StoredLog;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseCommand;
import dev.mainline.releases.ReleaseService;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Local regressions' ends, reported to their releases (see {@link ReleasesWiring#localRegressionReports}). */
public final class LocalRegressionReports {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRegressionReports.class);
    static final String JOB = "regression";

    /** Keeps the run's log as the release's, then reports the result with its link; a refusal is in the history. */
    static void report(LocalRegressions.Finished finished, ReleaseService releases, LogArchive logs, Clock clock) {
        Release release = finished.release();
        boolean passed = finished.run().outcome() == CiOutcome.PASSED;
        Optional<StoredLog> kept = Optional.empty();
        try {
            Optional<Path> file = finished.run().log().flatMap(LocalRegressionReports::file);
            if (file.isPresent()) {
                LogSource source = LogSource.build(finished.repository(), finished.commit(), JOB, 1)
                        .withBranch(release.branch()).withRelease(release.version(), Optional.of(release.platform()
                                .key()))
                        .withKind(LogKind.RELEASE).withOutcome(passed ? LogOutcome.SUCCESS : LogOutcome.FAILURE,
                                Optional.empty(), Optional.of(clock.instant()));
                kept = logs.keepCaptured(source, file.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("the regression log of {} {} could not be kept: {}", release.app(), release.version(),
                    e.toString());
        }
        Actor ci = Actor.system("ci:local", Permission.of(Role.ENGINEER, Scope.app(release.app().value())));
        try {
            releases.act(ci, release.id(), new ReleaseCommand.RegressionResult(passed,
                    kept.map(log -> "/api/v1/logs/%d/text".formatted(log.id()))));
        } catch (MainlineException e) {
            LOG.info("the regression result of {} {} was not taken: {}", release.app(), release.version(),
                    e.getMessage());
        }
    }

    private static Optional<Path> file(String log) {
        try {
            Path path = Path.of(log);
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
