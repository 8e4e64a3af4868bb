package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import java.util.EnumMap;
import java.util.Map;

/** The merge queues of every repository, each run by the adapter of the forge it is hosted on. */
public final class ForgeMergeQueues implements MergeQueues {
    private final SourceRepositoryStore repositories;
    private final Map<Forge, MergeQueues> byForge;

    /** {@code byForge} holds the forges this server runs queues for; a repository on another is refused. */
    public ForgeMergeQueues(SourceRepositoryStore repositories, Map<Forge, MergeQueues> byForge) {
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.byForge = new EnumMap<>(Forge.class);
        this.byForge.putAll(requireNonNull(byForge, "byForge is null"));
    }

    @Override
    public QueueRunner queue(RepositoryName repository) {
        return queues(repository).queue(repository);
    }

    @Override
    public String head(RepositoryName repository, String branch) {
        return queues(repository).head(repository, branch);
    }

    @Override
    public java.util.Optional<String> settingsProblem(RepositoryName repository) {
        return queues(repository).settingsProblem(repository);
    }

    @Override
    public java.util.Optional<String> settingsProblemAt(RepositoryName repository, String commit) {
        return queues(repository).settingsProblemAt(repository, commit);
    }

    private MergeQueues queues(RepositoryName name) {
        SourceRepository source = repositories.findByName(name)
                .orElseThrow(() -> MainlineException.notFound("repository '%s' does not exist", name));
        MergeQueues queues = byForge.get(source.forge());
        if (queues == null) {
            throw MainlineException.queueNotRunning(
                    "%s is a %s repository and this server does not run %s mode: see docs/configuration.md", name,
                    source.forge(), source.forge());
        }
        return queues;
    }
}
