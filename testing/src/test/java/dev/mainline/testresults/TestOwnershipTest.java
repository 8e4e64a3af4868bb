package dev.mainline.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.audit.Channel;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.ownership.RepositoryFiles;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests are owned through the file they live in and CODEOWNERS; teams and authors see their flaky tests. */
class TestOwnershipTest {
    private static final RepositoryName API = new RepositoryName("acme/api");
    private static final String CODEOWNERS = """
            *                     @acme/platform
            /services/cart/       @acme/cart
            /web/                 @acme/web
            *.py                  @acme/data
            """;

    private final TestingClock clock = new TestingClock();
    private final Stores stores = new InMemoryStores().stores();
    private final Actor viewer = new Actor(1, "vic", Channel.API, List.of(Permission.parse(
            "viewer@repository:acme/api")), Optional.empty());
    private String main = "main-1";
    private Set<String> changedByAda = Set.of();
    private final RepositoryFiles files = new RepositoryFiles() {
        @Override
        public Optional<Snapshot> snapshot(RepositoryName repository) {
            return Optional.of(new Snapshot(main, Optional.of(CODEOWNERS), List.of(
                    "services/cart/src/test/java/com/acme/CartTest.java",
                    "services/cart/src/main/java/com/acme/Cart.java",
                    "legacy/src/test/java/com/acme/CartTest.java.orig",
                    "web/src/cart.test.ts",
                    "analytics/tests/test_cart.py",
                    "README.md")));
        }

        @Override
        public Set<String> changedBy(RepositoryName repository, Set<String> authors, Instant since) {
            return authors.contains("ada") ? changedByAda : Set.of();
        }
    };
    private final TestOwnership ownership = new TestOwnership(stores.testResults(), files, clock,
            Duration.ofMinutes(1));
    private final TestViews views = new TestViews(stores.testResults(), new Authorizer(stores.auditLog(), clock),
            clock);

    @Test
    void eachTestIsOwnedThroughItsFile() {
        StoredReport report = store(Optional.of("bob"),
                test("com.acme.CartTest", "com.acme.CartTest$WhenEmpty", "addsItem", Optional.empty()),
                test("cart.test.ts", "", "adds an item", Optional.of("/home/runner/work/api/web/src/cart.test.ts")),
                test("pytest", "analytics.tests.test_cart.TestCart", "test_adds", Optional.empty()),
                test("Orphan", "com.acme.Orphan", "lives nowhere", Optional.empty()));
        flaky(report.testIds());

        assertThat(ownership.refresh(API)).isTrue();
        assertThat(ownership.refresh(API)).as("nothing changed").isFalse();

        assertThat(names(views.flakyForTeam(viewer, API, "@acme/cart"))).containsExactly("addsItem");
        assertThat(names(views.flakyForTeam(viewer, API, "@acme/web"))).containsExactly("adds an item");
        assertThat(names(views.flakyForTeam(viewer, API, "@acme/data"))).containsExactly("test_adds");
        assertThat(names(views.flakyForTeam(viewer, API, "@acme/platform"))).as("an unknown file has no owner")
                .isEmpty();

        main = "main-2";
        assertThat(ownership.refresh(API)).as("main moved").isTrue();
    }

    @Test
    void anAuthorSeesFlakyTestsThatFailedOnTheirChangesAndThoseInFilesTheyChanged() {
        StoredReport adas = store(Optional.of("ada"),
                test("com.acme.CartTest", "com.acme.CartTest", "addsItem", Optional.empty()));
        StoredReport bobs = store(Optional.of("bob"),
                test("cart.test.ts", "", "adds an item", Optional.of("web/src/cart.test.ts")));
        flaky(adas.testIds());
        flaky(bobs.testIds());
        ownership.refresh(API);
        changedByAda = Set.of("web/src/cart.test.ts");

        TestViews.AuthorFlakyTests tests = views.flakyForAuthor(viewer, API, Set.of("ada", "ada@example.com"), files,
                Duration.ofDays(30));

        assertThat(names(tests.failedOnTheirChanges())).containsExactly("addsItem");
        assertThat(names(tests.inFilesTheyChanged())).containsExactly("adds an item");
        assertThat(names(views.flakyForAuthor(viewer, API, Set.of("carol"), files, Duration.ofDays(30))
                .failedOnTheirChanges())).isEmpty();
    }

    private int commits;

    private StoredReport store(Optional<String> author, TestCaseResult... tests) {
        commits++;
        return stores.testResults().storeRun(new TestRun(API, "%08x".formatted(commits), Optional.empty(),
                Optional.empty(), "unit", 1, author), "%064d".formatted(commits), "r.xml", clock.instant(),
                List.of(tests));
    }

    private void flaky(long[] ids) {
        for (long id : ids) {
            stores.testResults().recordHealth(Map.of(id, new Flakiness(TestHealth.FLAKY, 0.5, 5, 0, 1, 0, 0,
                    List.of("flaky"))), clock.instant());
        }
    }

    private static TestCaseResult test(String suite, String className, String name, Optional<String> file) {
        return new TestCaseResult(suite, className, name, file, List.of(new TestAttempt(TestOutcome.FAILED,
                Duration.ZERO, Optional.empty(), Optional.empty(), Optional.empty()),
                TestAttempt.passed(
                        Duration.ZERO)));
    }

    private static List<String> names(List<TestSummary> summaries) {
        return summaries.stream().map(summary -> summary.test().name()).toList();
    }
}
