package dev.mainline.ownership;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What test ownership needs of a repository's files: main's CODEOWNERS and file list, and the files people changed.
 * Implemented where the files are (local repositories on disk).
 */
public interface RepositoryFiles {
    /** Main's files at one commit: the commit, the CODEOWNERS file GitHub would read, and every file's path. */
    record Snapshot(String version, Optional<String> codeOwners, List<String> paths) {
        public Snapshot {
            requireNonNull(version, "version is null");
            requireNonNull(codeOwners, "codeOwners is null");
            paths = List.copyOf(requireNonNull(paths, "paths is null"));
        }
    }

    /** Main's files now; empty when they cannot be read here. */
    Optional<Snapshot> snapshot(RepositoryName repository);

    /** The files changed on main since {@code since} by commits authored by any of {@code authors}. */
    Set<String> changedBy(RepositoryName repository, Set<String> authors, Instant since);

    /** Each repository's files from the first of {@code sources} that can read them (one per forge). */
    static RepositoryFiles firstOf(List<RepositoryFiles> sources) {
        List<RepositoryFiles> all = List.copyOf(sources);
        return new RepositoryFiles() {
            @Override
            public Optional<Snapshot> snapshot(RepositoryName repository) {
                for (RepositoryFiles source : all) {
                    Optional<Snapshot> snapshot = source.snapshot(repository);
                    if (snapshot.isPresent()) {
                        return snapshot;
                    }
                }
                return Optional.empty();
            }

            @Override
            public Set<String> changedBy(RepositoryName repository, Set<String> authors, Instant since) {
                Set<String> changed = new java.util.LinkedHashSet<>();
                all.forEach(source -> changed.addAll(source.changedBy(repository, authors, since)));
                return changed;
            }
        };
    }

    static RepositoryFiles none() {
        return new RepositoryFiles() {
            @Override
            public Optional<Snapshot> snapshot(RepositoryName repository) {
                return Optional.empty();
            }

            @Override
            public Set<String> changedBy(RepositoryName repository, Set<String> authors, Instant since) {
                return Set.of();
            }
        };
    }
}
