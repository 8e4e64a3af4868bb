package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What is in a release: its branch in the app's repository, cut from main with the release, and the commits, pull
 * requests and tickets on it since the previous release of the app on that platform.
 */
public final class ReleaseContents {
    private final ReleaseService releases;
    private final ReleaseBranches branches;
    private final BiFunction<AppKey, Platform, Optional<RepositoryName>> repositories;

    /** {@code repositories}: the repository each app's platform is built from, when there is one. */
    public ReleaseContents(ReleaseService releases, ReleaseBranches branches,
            BiFunction<AppKey, Platform, Optional<RepositoryName>> repositories) {
        this.releases = requireNonNull(releases, "releases is null");
        this.branches = requireNonNull(branches, "branches is null");
        this.repositories = requireNonNull(repositories, "repositories is null");
    }

    /** Cuts the release's branch from main in the app's repository (when it has one and it is missing), then the release. */
    public Release cut(Actor actor, AppKey app, Platform platform, String version, Optional<String> branch) {
        return releases.cut(actor, app, platform, version, branch, onBranch -> repositories.apply(app, platform)
                .ifPresent(repository -> {
                    if (!branches.cut(repository, onBranch)) {
                        throw new MainlineException(ErrorCode.FORGE_REFUSED, ("branch %s could not be cut in %s: it"
                                + " is not a registered local repository, nor a GitHub one with GitHub mode on, or"
                                + " it has no default branch yet").formatted(onBranch, repository));
                    }
                }));
    }

    /** The release's repository and changes since the previous release; empty when the app has no repository. */
    public Optional<Found> of(Actor actor, long releaseId) {
        Release release = releases.find(actor, releaseId);
        Optional<RepositoryName> repository = repositories.apply(release.app(), release.platform());
        if (repository.isEmpty()) {
            return Optional.empty();
        }
        Optional<Release> previous = releases.list(actor, release.app(), Optional.of(release.platform()), 200)
                .stream().filter(other -> other.createdAt().isBefore(release.createdAt())
                        || (other.createdAt().equals(release.createdAt()) && other.id() < release.id()))
                .findFirst();
        return branches.contents(repository.get(), release.branch(), previous.map(Release::branch))
                .map(contents -> new Found(repository.get(), previous.filter(any -> contents.sincePrevious())
                        .map(Release::version), contents));
    }

    /** Where the changes were read, the release they are counted from (none: the branch's whole history), the changes. */
    public record Found(RepositoryName repository, Optional<String> since, ReleaseBranches.Contents contents) {
        public Found {
            requireNonNull(repository, "repository is null");
            requireNonNull(since, "since is null");
            requireNonNull(contents, "contents is null");
        }
    }
}
