package dev.mainline.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.identity.Actor;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import dev.mainline.testresults.StoredHealth;
import dev.mainline.testresults.StoredTest;
import dev.mainline.testresults.TestHealth;
import dev.mainline.testresults.TestResultStore;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.RepositoryName;

/**
 * A release's tests, from test analytics: those that failed in CI runs on its release branch, each with its health
 * (flaky, broken, healthy), the latest failure first. The branch is looked for in the app's repository when one is
 * configured, else in every repository (another app's branch of the same name then shows too). Only tests of
 * repositories the caller may read are shown.
 */
public final class ReleaseTests {
    private static final int LIMIT = 500;

    private final ReleaseService releases;
    private final TestResultStore tests;
    private final BiFunction<AppKey, Platform, Optional<RepositoryName>> repositories;

    /** {@code repositories}: the repository each app's platform is built from, when there is one. */
    public ReleaseTests(ReleaseService releases, TestResultStore tests,
            BiFunction<AppKey, Platform, Optional<RepositoryName>> repositories) {
        this.releases = requireNonNull(releases, "releases is null");
        this.tests = requireNonNull(tests, "tests is null");
        this.repositories = requireNonNull(repositories, "repositories is null");
    }

    /** A test that failed on the release's branch, and its health now. */
    public record ReleaseTest(StoredTest test, TestHealth health) {
        public ReleaseTest {
            requireNonNull(test, "test is null");
            requireNonNull(health, "health is null");
        }
    }

    public List<ReleaseTest> of(Actor actor, long releaseId) {
        Release release = releases.find(actor, releaseId);
        List<Long> failed = tests.testsFailedOnBranch(repositories.apply(release.app(), release.platform()),
                release.branch(), LIMIT);
        java.util.Map<Long, StoredTest> byId = new java.util.HashMap<>();
        tests.tests(failed).forEach(test -> byId.put(test.id(), test));
        return failed.stream().map(byId::get).filter(java.util.Objects::nonNull)
                .filter(test -> actor.may(Role.VIEWER, Scope.repository(test.repository().value())))
                .map(test -> new ReleaseTest(test, tests.health(test.id()).map(StoredHealth::health)
                        .orElse(TestHealth.HEALTHY)))
                .toList();
    }
}
