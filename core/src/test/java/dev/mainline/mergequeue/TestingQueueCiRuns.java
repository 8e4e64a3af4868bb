package dev.mainline.mergequeue;

import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The queue's CI runs in a list. */
final class TestingQueueCiRuns implements QueueCiRunStore {
    private final List<QueueCiRun> runs = new ArrayList<>();

    @Override
    public synchronized QueueCiRun started(RepositoryName repository, CiBuild build, Instant at) {
        int attempt = 1 + (int) runs.stream()
                .filter(run -> run.repository().equals(repository) && run.commit().equals(build.commit())).count();
        QueueCiRun run = new QueueCiRun(runs.size() + 1, repository, build.id(), build.commit(), build.pullRequests(),
                attempt, at, Optional.empty(), Optional.empty(), Optional.empty(), 0);
        runs.add(run);
        return run;
    }

    @Override
    public synchronized QueueCiRun finished(long id, CiOutcome outcome, Optional<Long> log, int reports, Instant at) {
        QueueCiRun run = runs.stream().filter(candidate -> candidate.id() == id).findFirst()
                .orElseThrow(() -> MainlineException.notFound("no CI run %d", id));
        QueueCiRun ended = run.finished(at, outcome, log, reports);
        runs.set(runs.indexOf(run), ended);
        return ended;
    }

    @Override
    public synchronized Optional<QueueCiRun> latest(RepositoryName repository, BuildId build, String commit) {
        return runs.stream().filter(run -> run.repository().equals(repository) && run.build().equals(build)
                && run.commit().equals(commit)).max(Comparator.comparingLong(QueueCiRun::id));
    }

    @Override
    public synchronized Optional<QueueCiRun> latestOfCommit(RepositoryName repository, String commit) {
        return runs.stream().filter(run -> run.repository().equals(repository) && run.commit().equals(commit))
                .max(Comparator.comparingLong(QueueCiRun::id));
    }

    @Override
    public synchronized List<QueueCiRun> ofBuilds(RepositoryName repository, Collection<BuildId> builds) {
        return runs.stream().filter(run -> run.repository().equals(repository) && builds.contains(run.build()))
                .toList();
    }
}
