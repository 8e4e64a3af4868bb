package dev.mainline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.audit.AuditEvent;
import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.catalog.App;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewApp;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.Platform;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.common.AppKey;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.ApiToken;
import dev.mainline.identity.ExternalHandles;
import dev.mainline.identity.NewApiToken;
import dev.mainline.identity.NewUser;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.RoleGrant;
import dev.mainline.identity.Scope;
import dev.mainline.identity.User;
import dev.mainline.inbox.InboxMessage;
import dev.mainline.logs.ExtractedFailure;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseCommand;
import dev.mainline.releases.ReleaseEvent;
import dev.mainline.releases.ReleaseState;
import dev.mainline.releases.Runbook;
import dev.mainline.logs.FailureGroup;
import dev.mainline.logs.FailureKind;
import dev.mainline.logs.FailureOccurrence;
import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogKind;
import dev.mainline.logs.LogOutcome;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.ReportedFailure;
import dev.mainline.logs.StoredLog;
import dev.mainline.logs.StoredOccurrence;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiBuild;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.QueueCiRun;
import dev.mainline.pullrequest.PullRequest;
import dev.mainline.pullrequest.PullRequestState;
import dev.mainline.testresults.FailedAttempt;
import dev.mainline.testresults.Flakiness;
import dev.mainline.testresults.Quarantine;
import dev.mainline.testresults.QuarantineState;
import dev.mainline.testresults.StoredTest;
import dev.mainline.testresults.StoredFailure;
import dev.mainline.testresults.StoredJob;
import dev.mainline.testresults.StoredReport;
import dev.mainline.testresults.StoredRun;
import dev.mainline.testresults.TestHealth;
import dev.mainline.testresults.DailyTrend;
import dev.mainline.testresults.TestOwner;
import dev.mainline.testresults.TestSet;
import dev.mainline.testresults.TestAttempt;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestOutcome;
import dev.mainline.testresults.TestRun;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every storage backend must have. Each backend's test extends this class and says how to make a fresh,
 * empty set of stores; the same tests then run against H2, PostgreSQL and the in-memory fake.
 */
public abstract class StoreContract {
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456Z");

    protected Stores stores;

    /** A fresh, empty, migrated set of stores. */
    protected abstract Stores newStores();

    /** Releases what {@link #newStores()} made. */
    protected void closeStores() {
    }

    @BeforeEach
    final void openStores() {
        stores = newStores();
    }

    @AfterEach
    final void releaseStores() {
        closeStores();
    }

    private static NewUser user(String login) {
        return new NewUser(login, "User " + login, ExternalHandles.none());
    }

    private static ExternalHandles handles(String github, String slack, String email) {
        return new ExternalHandles(Optional.ofNullable(github), Optional.ofNullable(slack), Optional.ofNullable(email));
    }

    private static void assertErrorCode(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(MainlineException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    @Test
    public void userIsFoundByIdLoginAndEveryHandle() {
        User created = stores.users().insert(
                new NewUser("ada", "Ada Lovelace", handles("ada-l", "U024BE7LH", "ada@example.com")), NOW);

        assertThat(created.id()).isPositive();
        assertThat(created.createdAt()).isEqualTo(NOW);
        assertThat(stores.users().findById(created.id())).contains(created);
        assertThat(stores.users().findByLogin("ada")).contains(created);
        assertThat(stores.users().findByGithubLogin("ada-l")).contains(created);
        assertThat(stores.users().findBySlackUserId("U024BE7LH")).contains(created);
        assertThat(stores.users().findByLogin("grace")).isEmpty();
        assertThat(stores.users().findById(created.id() + 1000)).isEmpty();
    }

    @Test
    public void userLoginAndHandlesAreUnique() {
        stores.users().insert(new NewUser("ada", "Ada", handles("ada-l", "U024BE7LH", "ada@example.com")), NOW);

        assertErrorCode(() -> stores.users().insert(user("ada"), NOW), ErrorCode.ALREADY_EXISTS);
        assertErrorCode(() -> stores.users().insert(new NewUser("b", "B", handles("ada-l", null, null)), NOW),
                ErrorCode.ALREADY_EXISTS);
        assertErrorCode(() -> stores.users().insert(new NewUser("c", "C", handles(null, "U024BE7LH", null)), NOW),
                ErrorCode.ALREADY_EXISTS);
        assertErrorCode(() -> stores.users().insert(new NewUser("d", "D", handles(null, null, "ada@example.com")), NOW),
                ErrorCode.ALREADY_EXISTS);
        // Users without handles do not clash with each other.
        stores.users().insert(user("e"), NOW);
        stores.users().insert(user("f"), NOW);
        assertThat(stores.users().list(PageRequest.firstPage()).items()).extracting(User::login)
                .containsExactly("ada", "e", "f");
    }

    @Test
    public void userUpdateReplacesNameAndHandlesAndKeepsCreationTime() {
        User created = stores.users().insert(user("ada"), NOW);
        Instant later = NOW.plus(Duration.ofHours(1));

        User updated = stores.users().update(created.id(), "Ada King", handles("ada-k", "W0123ABC", null), later);

        assertThat(updated.displayName()).isEqualTo("Ada King");
        assertThat(updated.handles()).isEqualTo(handles("ada-k", "W0123ABC", null));
        assertThat(updated.createdAt()).isEqualTo(NOW);
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(stores.users().findBySlackUserId("W0123ABC")).contains(updated);
    }

    @Test
    public void userUpdateRefusesAHandleHeldBySomeoneElse() {
        stores.users().insert(new NewUser("ada", "Ada", handles(null, "U111", null)), NOW);
        User grace = stores.users().insert(user("grace"), NOW);

        assertErrorCode(() -> stores.users().update(grace.id(), "Grace", handles(null, "U111", null), NOW),
                ErrorCode.ALREADY_EXISTS);
        assertThat(stores.users().findById(grace.id()).orElseThrow().handles()).isEqualTo(ExternalHandles.none());
    }

    @Test
    public void usersArePagedInCreationOrder() {
        for (int i = 0; i < 7; i++) {
            stores.users().insert(user("user-" + i), NOW);
        }
        List<String> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(3);
        int pages = 0;
        while (true) {
            Page<User> page = stores.users().list(request);
            pages++;
            page.items().forEach(user -> seen.add(user.login()));
            if (page.next().isEmpty()) {
                break;
            }
            request = new PageRequest(page.next(), 3);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("user-0", "user-1", "user-2", "user-3", "user-4", "user-5", "user-6");
    }

    @Test
    public void grantsAreListedPerUserAndHeldOnce() {
        User ada = stores.users().insert(user("ada"), NOW);
        User grace = stores.users().insert(user("grace"), NOW);
        Permission releaseManager = Permission.of(Role.RELEASE_MANAGER, Scope.app("payments-ios"));

        RoleGrant grant = stores.grants().insert(ada.id(), releaseManager, "root", NOW);
        stores.grants().insert(grace.id(), Permission.of(Role.VIEWER, Scope.global()), "root", NOW);

        assertThat(stores.grants().listForUser(ada.id())).containsExactly(grant);
        assertThat(stores.grants().findById(grant.id())).contains(grant);
        assertThat(grant.permission()).isEqualTo(releaseManager);
        assertThat(grant.grantedBy()).isEqualTo("root");
        assertErrorCode(() -> stores.grants().insert(ada.id(), releaseManager, "root", NOW), ErrorCode.ALREADY_EXISTS);
    }

    @Test
    public void grantForAMissingUserIsRefused() {
        assertErrorCode(() -> stores.grants().insert(4242, Permission.of(Role.VIEWER, Scope.global()), "root", NOW),
                ErrorCode.NOT_FOUND);
    }

    @Test
    public void deletedGrantIsGone() {
        User ada = stores.users().insert(user("ada"), NOW);
        RoleGrant grant = stores.grants().insert(ada.id(), Permission.of(Role.ENGINEER, Scope.global()), "root", NOW);

        assertThat(stores.grants().delete(grant.id())).isTrue();
        assertThat(stores.grants().delete(grant.id())).isFalse();
        assertThat(stores.grants().listForUser(ada.id())).isEmpty();
    }

    @Test
    public void onlyAdminOnTheGlobalScopeCountsAsGlobalAdmin() {
        User ada = stores.users().insert(user("ada"), NOW);
        stores.grants().insert(ada.id(), Permission.of(Role.ADMIN, Scope.repository("acme/api")), "root", NOW);
        stores.grants().insert(ada.id(), Permission.of(Role.RELEASE_MANAGER, Scope.global()), "root", NOW);
        assertThat(stores.grants().anyGlobalAdmin()).isFalse();

        stores.grants().insert(ada.id(), Permission.of(Role.ADMIN, Scope.global()), "root", NOW);
        assertThat(stores.grants().anyGlobalAdmin()).isTrue();
    }

    @Test
    public void tokenIsFoundByHashWithItsScopesAndRevokedOnce() {
        User ada = stores.users().insert(user("ada"), NOW);
        List<Permission> scopes = List.of(Permission.of(Role.ENGINEER, Scope.repository("acme/api")),
                Permission.of(Role.VIEWER, Scope.global()));
        String hash = "a".repeat(64);
        ApiToken token = stores.tokens()
                .insert(new NewApiToken(ada.id(), "ci", "mlt_abcdefgh", hash, scopes, NOW,
                        NOW.plus(Duration.ofDays(90)), Optional.empty()));

        assertThat(stores.tokens().findBySecretHash(hash)).contains(token);
        assertThat(token.scopes()).containsExactlyElementsOf(scopes);
        assertThat(token.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(90)));
        assertThat(token.revokedAt()).isEmpty();
        assertThat(stores.tokens().findBySecretHash("b".repeat(64))).isEmpty();

        assertThat(stores.tokens().revoke(token.id(), NOW)).isTrue();
        assertThat(stores.tokens().revoke(token.id(), NOW)).isFalse();
        assertThat(stores.tokens().revoke(token.id() + 1000, NOW)).isFalse();
        assertThat(stores.tokens().findById(token.id()).orElseThrow().revokedAt()).contains(NOW);
        assertThat(stores.tokens().listForUser(ada.id())).hasSize(1);
    }

    @Test
    public void tokenRemembersTheTokenThatMintedIt() {
        User ada = stores.users().insert(user("ada"), NOW);
        List<Permission> scopes = List.of(Permission.of(Role.VIEWER, Scope.global()));
        ApiToken parent = stores.tokens()
                .insert(new NewApiToken(ada.id(), "laptop", "mlt_parent00", "d".repeat(64), scopes, NOW,
                        NOW.plusSeconds(60), Optional.empty()));
        ApiToken child = stores.tokens()
                .insert(new NewApiToken(ada.id(), "script", "mlt_child000", "e".repeat(64), scopes, NOW,
                        NOW.plusSeconds(30), Optional.of(parent.id())));

        assertThat(parent.parentTokenId()).isEmpty();
        assertThat(stores.tokens().findById(child.id()).orElseThrow().parentTokenId()).contains(parent.id());
    }

    @Test
    public void tokenHashesAreUnique() {
        User ada = stores.users().insert(user("ada"), NOW);
        NewApiToken token = new NewApiToken(ada.id(), "ci", "mlt_abcdefgh", "c".repeat(64),
                List.of(Permission.of(Role.VIEWER, Scope.global())), NOW, NOW.plusSeconds(60), Optional.empty());
        stores.tokens().insert(token);

        assertErrorCode(() -> stores.tokens().insert(token), ErrorCode.ALREADY_EXISTS);
    }

    @Test
    public void bootstrapCompletesOnce() {
        assertThat(stores.bootstrap().completedAt()).isEmpty();
        assertThat(stores.bootstrap().markCompleted("ada", NOW)).isTrue();
        assertThat(stores.bootstrap().markCompleted("grace", NOW.plusSeconds(1))).isFalse();
        assertThat(stores.bootstrap().completedAt()).contains(NOW);
    }

    private AuditRecord record(String actor, String action, Outcome outcome, Instant at) {
        return new AuditRecord(at, actor, Optional.of(7L), Channel.API, action, "user:bob", outcome,
                "detail of " + action);
    }

    @Test
    public void auditLogIsReadNewestFirstWithEveryField() {
        AuditEvent first = stores.auditLog().append(record("ada", "user.create", Outcome.SUCCEEDED, NOW));
        AuditEvent second = stores.auditLog().append(
                new AuditRecord(NOW.plusSeconds(1), "bootstrap", Optional.empty(), Channel.CLI, "bootstrap", "user:ada",
                        Outcome.DENIED, "wrong bootstrap token"));

        assertThat(second.id()).isGreaterThan(first.id());
        Page<AuditEvent> page = stores.auditLog().list(AuditQuery.all(), PageRequest.firstPage());
        assertThat(page.items()).containsExactly(second, first);
        assertThat(page.next()).isEmpty();
        assertThat(page.items().get(1).record()).isEqualTo(record("ada", "user.create", Outcome.SUCCEEDED, NOW));
    }

    @Test
    public void auditLogIsFilteredAndPaged() {
        for (int i = 0; i < 5; i++) {
            stores.auditLog().append(record("ada", "app.update", Outcome.DENIED, NOW.plusSeconds(i)));
            stores.auditLog().append(record("grace", "user.create", Outcome.SUCCEEDED, NOW.plusSeconds(i)));
        }
        AuditQuery deniedForAda = new AuditQuery(Optional.of("ada"), Optional.of("app.update"), Optional.of("user:bob"),
                Optional.of(Outcome.DENIED), Optional.of(NOW.plusSeconds(1)), Optional.of(NOW.plusSeconds(4)));

        Page<AuditEvent> first = stores.auditLog().list(deniedForAda, PageRequest.first(2));
        assertThat(first.items()).extracting(event -> event.record().occurredAt())
                .containsExactly(NOW.plusSeconds(3), NOW.plusSeconds(2));
        Page<AuditEvent> second = stores.auditLog().list(deniedForAda, new PageRequest(first.next(), 2));
        assertThat(second.items()).extracting(event -> event.record().occurredAt()).containsExactly(NOW.plusSeconds(1));
        assertThat(second.next()).isEmpty();
        assertThat(second.items()).allSatisfy(event -> assertThat(event.record().actor()).isEqualTo("ada"));
    }

    @Test
    public void appsAreRegisteredUpdatedAndUnique() {
        App app = stores.apps().insert(new NewApp(new AppKey("payments"), "Payments", Set.of(Platform.IOS)), NOW);

        assertThat(stores.apps().findByKey(new AppKey("payments"))).contains(app);
        assertThat(stores.apps().findByKey(new AppKey("wallet"))).isEmpty();
        assertErrorCode(
                () -> stores.apps().insert(new NewApp(new AppKey("payments"), "Again", Set.of(Platform.IOS)), NOW),
                ErrorCode.ALREADY_EXISTS);

        App updated = stores.apps().update(app.id(), "Payments app", Set.of(Platform.IOS, Platform.ANDROID),
                NOW.plusSeconds(5));
        assertThat(updated.platforms()).containsExactlyInAnyOrder(Platform.IOS, Platform.ANDROID);
        assertThat(updated.createdAt()).isEqualTo(NOW);
        assertThat(updated.updatedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(stores.apps().list(PageRequest.firstPage()).items()).containsExactly(updated);
    }

    @Test
    public void repositoriesAreRegisteredAndUnique() {
        SourceRepository repository = stores.repositories()
                .insert(new NewSourceRepository(new RepositoryName("acme/api"), "main", Forge.GITHUB), NOW);

        assertThat(stores.repositories().findByName(new RepositoryName("acme/api"))).contains(repository);
        assertThat(repository.forge()).isEqualTo(Forge.GITHUB);
        assertErrorCode(() -> stores.repositories()
                .insert(new NewSourceRepository(new RepositoryName("acme/api"), "trunk", Forge.LOCAL), NOW),
                ErrorCode.ALREADY_EXISTS);
        assertThat(stores.repositories().list(PageRequest.firstPage()).items()).containsExactly(repository);
    }

    @Test
    public void pullRequestsAreNumberedPerRepositoryListedNewestFirstAndClosedOnce() {
        RepositoryName api = new RepositoryName("acme/api");
        RepositoryName web = new RepositoryName("acme/web");
        PullRequest first = stores.pullRequests().open(api, "feature-a", "Add a", "ada", NOW);
        PullRequest second = stores.pullRequests().open(api, "feature-b", "Add b", "grace", NOW.plusSeconds(1));
        PullRequest elsewhere = stores.pullRequests().open(web, "feature-a", "Web a", "ada", NOW);

        assertThat(first.number()).isEqualTo(1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(elsewhere.number()).isEqualTo(1);
        assertThat(first.state()).isEqualTo(PullRequestState.OPEN);
        assertThat(stores.pullRequests().find(api, 2)).contains(second);
        assertThat(stores.pullRequests().findOpen(api, "feature-a")).contains(first);

        Page<PullRequest> page = stores.pullRequests().list(api, Optional.empty(), PageRequest.first(1));
        assertThat(page.items()).containsExactly(second);
        assertThat(stores.pullRequests().list(api, Optional.empty(), new PageRequest(page.next(), 10)).items())
                .containsExactly(first);

        assertThat(stores.pullRequests().close(api, List.of(1, 2), PullRequestState.MERGED, NOW.plusSeconds(5)))
                .isEqualTo(2);
        assertThat(stores.pullRequests().close(api, List.of(1), PullRequestState.CLOSED, NOW.plusSeconds(6)))
                .as("only open ones move").isZero();
        assertThat(stores.pullRequests().find(api, 1).orElseThrow().state()).isEqualTo(PullRequestState.MERGED);
        assertThat(stores.pullRequests().find(api, 1).orElseThrow().updatedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(stores.pullRequests().findOpen(api, "feature-a")).isEmpty();
        assertThat(stores.pullRequests().list(api, Optional.of(PullRequestState.OPEN), PageRequest.firstPage())
                .items()).isEmpty();
        assertThat(stores.pullRequests().open(api, "feature-a", "Again", "ada", NOW).number()).isEqualTo(3);
    }

    @Test
    public void testRunsKeepIdentitiesEveryFailureWholeAndPassesAsDailyCounts() {
        RepositoryName api = new RepositoryName("acme/api");
        TestRun run = new TestRun(api, "0123abcd", Optional.of("main"), Optional.of(7), "unit-tests", 1);
        TestAttempt failure = new TestAttempt(TestOutcome.FAILED, Duration.ofMillis(30), Optional.of("AssertionError"),
                Optional.of("expected <1> but was <2>"), Optional.of("AssertionError\n\tat CartTest.java:12"));
        TestCaseResult flaky = new TestCaseResult("CartTest", "com.acme.CartTest", "addsItem", Optional.of("Cart.java"),
                List.of(failure, TestAttempt.passed(Duration.ofMillis(20))));
        TestCaseResult passing = new TestCaseResult("CartTest", "com.acme.CartTest", "removesItem", Optional.empty(),
                List.of(TestAttempt.passed(Duration.ofMillis(5))));
        TestCaseResult skipped = new TestCaseResult("CartTest", "com.acme.CartTest", "paysByCard", Optional.empty(),
                List.of(new TestAttempt(TestOutcome.SKIPPED, Duration.ZERO, Optional.empty(), Optional.of("later"),
                        Optional.empty())));

        StoredReport firstReport = stores.testResults().storeRun(run, "a".repeat(64), "TEST-CartTest.xml", NOW,
                List.of(flaky, passing, skipped));
        TestCaseResult passingWithFile = new TestCaseResult("CartTest", "com.acme.CartTest", "removesItem",
                Optional.of("src/test/CartTest.java"), List.of(TestAttempt.passed(Duration.ofMillis(5))));
        StoredReport secondReport = stores.testResults().storeRun(new TestRun(api, "4567ef01", Optional.empty(),
                Optional.empty(), "unit-tests", 2), "b".repeat(64), "TEST-CartTest.xml", NOW.plusSeconds(60),
                List.of(flaky, passingWithFile));
        long first = firstReport.runId();
        long second = secondReport.runId();
        assertThat(secondReport.testIds()).containsExactly(firstReport.testIds()[0], firstReport.testIds()[1]);
        assertThat(stores.testResults().test(firstReport.testIds()[1]).orElseThrow().file())
                .as("a file learned later").contains("src/test/CartTest.java");

        assertThat(second).isNotEqualTo(first);
        assertThat(stores.testResults().findRun(api, "a".repeat(64))).contains(first);
        assertThat(stores.testResults().findRun(new RepositoryName("acme/web"), "a".repeat(64))).isEmpty();
        assertErrorCode(() -> stores.testResults().storeRun(run, "a".repeat(64), "again.xml", NOW, List.of(passing)),
                ErrorCode.ALREADY_EXISTS);

        var test = stores.testResults().findTest(api, "CartTest", "com.acme.CartTest", "addsItem").orElseThrow();
        assertThat(test.file()).contains("Cart.java");
        assertThat(stores.testResults().findTest(api, "CartTest", "com.acme.CartTest", "nope")).isEmpty();
        List<StoredFailure> failures = stores.testResults().failures(test.id(), 10);
        assertThat(failures).hasSize(2).allSatisfy(stored -> {
            assertThat(stored.outcome()).isEqualTo(TestOutcome.FAILED);
            assertThat(stored.passedLater()).isTrue();
            assertThat(stored.attempt()).isEqualTo(1);
            assertThat(stored.message()).contains("expected <1> but was <2>");
            assertThat(stored.stackTrace()).contains("AssertionError\n\tat CartTest.java:12");
            assertThat(stored.failureType()).contains("AssertionError");
        });
        assertThat(failures.getFirst().runId()).as("newest first").isEqualTo(second);

        var day = java.time.LocalDate.ofInstant(NOW, java.time.ZoneOffset.UTC);
        assertThat(stores.testResults().counts(test.id(), day)).hasValueSatisfying(counts -> {
            assertThat(counts.passed()).isEqualTo(2);
            assertThat(counts.failed()).isEqualTo(2);
            assertThat(counts.skipped()).isZero();
        });
        long skippedId = stores.testResults().findTest(api, "CartTest", "com.acme.CartTest", "paysByCard")
                .orElseThrow().id();
        assertThat(stores.testResults().counts(skippedId, day))
                .hasValueSatisfying(counts -> assertThat(counts.skipped()).isEqualTo(1));
        assertThat(stores.testResults().failures(skippedId, 10)).isEmpty();
        assertThat(stores.testResults().failedAttemptsSince(List.of(test.id(), skippedId), NOW.plusSeconds(1)))
                .containsExactly(new FailedAttempt(second, test.id(), 1, TestOutcome.FAILED, true));
    }

    @Test
    public void reportsShareTheirTestSetAndKnowTheirJobRunsTotals() {
        RepositoryName api = new RepositoryName("acme/api");
        TestCaseResult failing = new TestCaseResult("Suite", "Suite", "fails", Optional.empty(),
                List.of(new TestAttempt(TestOutcome.ERROR, Duration.ZERO, Optional.empty(), Optional.empty(),
                        Optional.empty())));
        TestCaseResult passing = new TestCaseResult("Suite", "Suite", "passes", Optional.empty(),
                List.of(TestAttempt.passed(Duration.ZERO)));
        TestCaseResult skipped = new TestCaseResult("Suite", "Suite", "skips", Optional.empty(),
                List.of(new TestAttempt(TestOutcome.SKIPPED, Duration.ZERO, Optional.empty(), Optional.empty(),
                        Optional.empty())));
        TestRun job = new TestRun(api, "0123abcd", Optional.of("main"), Optional.empty(), "unit-tests", 1);
        StoredReport one = stores.testResults().storeRun(job, "1".repeat(64), "one.xml", NOW,
                List.of(failing, passing, skipped));
        StoredReport two = stores.testResults().storeRun(job, "2".repeat(64), "two.xml", NOW.plusSeconds(1),
                List.of(passing));
        StoredReport three = stores.testResults().storeRun(new TestRun(api, "4567ef01", Optional.of("main"),
                Optional.empty(), "unit-tests", 1), "3".repeat(64), "one.xml", NOW.plusSeconds(2),
                List.of(skipped, passing, failing));

        assertThat(two.jobId()).as("reports of one job run").isEqualTo(one.jobId());
        assertThat(three.jobId()).isNotEqualTo(one.jobId());
        List<Long> sets = stores.testResults().testSetsSince(api, NOW);
        assertThat(sets).as("the same tests in another order are the same set").hasSize(2);
        assertThat(stores.testResults().testSetsSince(api, NOW.plusSeconds(2))).hasSize(1);
        assertThat(stores.testResults().testSetsSince(new RepositoryName("acme/web"), NOW)).isEmpty();
        List<StoredRun> runs = stores.testResults().runsWithTestSets(sets, NOW);
        assertThat(runs).extracting(StoredRun::id).containsExactly(one.runId(), two.runId(), three.runId());
        assertThat(runs.get(0).testSetId()).isEqualTo(runs.get(2).testSetId());
        assertThat(runs.get(0).jobTests()).as("both reports of the job").isEqualTo(4);
        assertThat(runs.get(0).jobFailed()).isEqualTo(1);
        assertThat(runs.get(2).commit()).isEqualTo("4567ef01");
        assertThat(runs.get(2).branch()).contains("main");
        assertThat(stores.testResults().runsWithTestSets(List.of(runs.get(1).testSetId()), NOW))
                .extracting(StoredRun::id).containsExactly(two.runId());
        assertThat(stores.testResults().runsWithTestSets(List.of(), NOW)).isEmpty();

        TestSet set = stores.testResults().testSet(runs.get(0).testSetId()).orElseThrow();
        assertThat(set.size()).isEqualTo(3);
        long skippedId = one.testIds()[2];
        assertThat(set.contains(one.testIds()[0])).isTrue();
        assertThat(set.skipped(skippedId)).isTrue();
        assertThat(set.skipped(one.testIds()[1])).isFalse();
        assertThat(stores.testResults().testSet(-1)).isEmpty();
    }

    @Test
    public void flakyTestsAreFoundByOwnerByAuthorAndByFile() {
        RepositoryName api = new RepositoryName("acme/api");
        TestCaseResult cart = new TestCaseResult("CartTest", "com.acme.CartTest", "adds", Optional.empty(),
                List.of(new TestAttempt(TestOutcome.FAILED, Duration.ZERO, Optional.empty(), Optional.empty(),
                        Optional.empty()), TestAttempt.passed(Duration.ZERO)));
        TestCaseResult pay = new TestCaseResult("PayTest", "com.acme.PayTest", "pays", Optional.empty(),
                List.of(new TestAttempt(TestOutcome.FAILED, Duration.ZERO, Optional.empty(), Optional.empty(),
                        Optional.empty())));
        TestCaseResult steady = new TestCaseResult("PayTest", "com.acme.PayTest", "steady", Optional.empty(),
                List.of(TestAttempt.passed(Duration.ZERO)));
        StoredReport adas = stores.testResults().storeRun(new TestRun(api, "0123abcd", Optional.of("feature"),
                Optional.of(3), "unit", 1, Optional.of("ada")), "1".repeat(64), "r.xml", NOW,
                List.of(cart, steady));
        StoredReport bobs = stores.testResults().storeRun(new TestRun(api, "4567abcd", Optional.empty(),
                Optional.empty(), "unit", 1, Optional.of("bob")), "2".repeat(64), "r.xml", NOW.plusSeconds(60),
                List.of(pay, steady));
        long cartId = adas.testIds()[0];
        long steadyId = adas.testIds()[1];
        long payId = bobs.testIds()[0];
        Flakiness flaky = new Flakiness(TestHealth.FLAKY, 0.5, 10, 0, 1, 0, 0, List.of("flaky"));
        stores.testResults().recordHealth(Map.of(cartId, flaky, payId, flaky), NOW);
        assertThat(stores.testResults().testsOf(api)).extracting(StoredTest::id)
                .containsExactly(cartId, steadyId, payId);
        assertThat(stores.testResults().ownershipVersion(api)).isEmpty();

        stores.testResults().replaceOwnership(api, "main-1:3", Map.of(
                cartId, new TestOwner(Optional.of("cart/src/test/java/com/acme/CartTest.java"),
                        List.of("@acme/cart", "@ada")),
                payId, new TestOwner(Optional.of("pay/PayTest.java"), List.of("@acme/payments")),
                steadyId, new TestOwner(Optional.of("pay/PayTest.java"), List.of("@acme/payments"))), NOW);

        assertThat(stores.testResults().ownershipVersion(api)).contains("main-1:3");
        assertThat(stores.testResults().flakyTestsOwnedBy("@acme/cart")).containsExactly(cartId);
        assertThat(stores.testResults().flakyTestsOwnedBy("@acme/payments")).as("steady is not flaky")
                .containsExactly(payId);
        assertThat(stores.testResults().flakyTestsOwnedBy("@nobody")).isEmpty();
        assertThat(stores.testResults().flakyTestsFailedFor(List.of("ada", "ada@example.com"), NOW))
                .containsExactly(cartId);
        assertThat(stores.testResults().flakyTestsFailedFor(List.of("ada"), NOW.plusSeconds(1))).as("too old")
                .isEmpty();
        assertThat(stores.testResults().flakyTestsFailedFor(List.of(), NOW)).isEmpty();
        assertThat(stores.testResults().flakyTestsIn(api, List.of("pay/PayTest.java", "README.md")))
                .containsExactly(payId);

        stores.testResults().replaceOwnership(api, "main-2:3", Map.of(payId, new TestOwner(Optional.empty(),
                List.of("@acme/cart"))), NOW.plusSeconds(5));
        assertThat(stores.testResults().flakyTestsOwnedBy("@acme/cart")).as("replaced, not added")
                .containsExactly(payId);
        assertThat(stores.testResults().flakyTestsIn(api, List.of("pay/PayTest.java"))).isEmpty();
    }

    @Test
    public void trendsCountFailedJobsAndFlakyFailuresPerDayAndPerTeam() {
        RepositoryName api = new RepositoryName("acme/api");
        TestAttempt failed = new TestAttempt(TestOutcome.FAILED, Duration.ZERO, Optional.empty(), Optional.empty(),
                Optional.empty());
        TestCaseResult cartRetried = new TestCaseResult("CartTest", "CartTest", "adds", Optional.empty(),
                List.of(failed, TestAttempt.passed(Duration.ZERO)));
        TestCaseResult cartPassing = new TestCaseResult("CartTest", "CartTest", "adds", Optional.empty(),
                List.of(TestAttempt.passed(Duration.ZERO)));
        TestCaseResult payFailing = new TestCaseResult("PayTest", "PayTest", "pays", Optional.empty(),
                List.of(failed));
        Instant dayOne = Instant.parse("2026-11-02T23:30:00Z");
        Instant dayTwo = Instant.parse("2026-11-03T00:30:00Z");
        StoredReport first = stores.testResults().storeRun(new TestRun(api, "0000aaa1", Optional.empty(),
                Optional.empty(), "unit", 1), "1".repeat(64), "r.xml", dayOne, List.of(cartRetried, payFailing));
        stores.testResults().storeRun(new TestRun(api, "0000aaa2", Optional.empty(), Optional.empty(), "unit", 1),
                "2".repeat(64), "r.xml", dayOne.plusSeconds(60), List.of(cartPassing));
        stores.testResults().storeRun(new TestRun(api, "0000aaa3", Optional.empty(), Optional.empty(), "unit", 1),
                "3".repeat(64), "r.xml", dayTwo, List.of(cartRetried));
        stores.testResults().storeRun(new TestRun(new RepositoryName("acme/web"), "0000aaa4", Optional.empty(),
                Optional.empty(), "unit", 1), "4".repeat(64), "r.xml", dayTwo, List.of(payFailing));
        stores.testResults().replaceOwnership(api, "v1", Map.of(first.testIds()[1], new TestOwner(Optional.empty(),
                List.of("@acme/payments"))), dayTwo);

        List<DailyTrend> all = stores.testResults().trends(api, Optional.empty(), LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-03"));
        assertThat(all).containsExactly(
                new DailyTrend(LocalDate.parse("2026-11-01"), 0, 0, 0, 0),
                new DailyTrend(LocalDate.parse("2026-11-02"), 2, 1, 2, 1),
                new DailyTrend(LocalDate.parse("2026-11-03"), 1, 0, 1, 1));
        assertThat(all.get(1).failedJobShare()).isEqualTo(0.5);
        assertThat(stores.testResults().trends(api, Optional.of("@acme/payments"), LocalDate.parse("2026-11-02"),
                LocalDate.parse("2026-11-03"))).containsExactly(
                        new DailyTrend(LocalDate.parse("2026-11-02"), 2, 1, 1, 0),
                        new DailyTrend(LocalDate.parse("2026-11-03"), 1, 0, 0, 0));
    }

    @Test
    public void aTestKeepsItsQuarantineRecord() {
        RepositoryName api = new RepositoryName("acme/api");
        StoredReport report = stores.testResults().storeRun(new TestRun(api, "0123abcd", Optional.empty(),
                Optional.empty(), "unit-tests", 1), "1".repeat(64), "one.xml", NOW,
                List.of(new TestCaseResult("Suite", "Suite", "wobbles", Optional.empty(),
                        List.of(TestAttempt.passed(Duration.ZERO))),
                        new TestCaseResult("Suite", "Suite", "steady",
                                Optional.empty(), List.of(TestAttempt.passed(Duration.ZERO)))));
        long id = report.testIds()[0];
        assertThat(stores.testResults().quarantine(id)).isEmpty();
        assertThat(stores.testResults().tests(List.of(id, report.testIds()[1], -3L))).extracting(StoredTest::name)
                .containsExactlyInAnyOrder("wobbles", "steady");

        Quarantine quarantined = new Quarantine(id, QuarantineState.QUARANTINED, Optional.of("@acme/cart"),
                "times out on the shared runners", Optional.of("https://jira.example.com/browse/CART-12"),
                Optional.of(NOW.plusSeconds(86_400)), "ada", NOW);
        stores.testResults().saveQuarantine(quarantined);
        assertThat(stores.testResults().quarantine(id)).contains(quarantined);
        Quarantine fixed = new Quarantine(id, QuarantineState.FIXED, Optional.empty(), "fixed the wait",
                Optional.empty(), Optional.empty(), "bob", NOW.plusSeconds(5));
        stores.testResults().saveQuarantine(fixed);
        assertThat(stores.testResults().quarantine(id)).contains(fixed);
        assertThat(stores.testResults().quarantines(api)).containsExactly(fixed);
        assertThat(stores.testResults().quarantines(new RepositoryName("acme/web"))).isEmpty();
        assertErrorCode(() -> stores.testResults().saveQuarantine(new Quarantine(-4, QuarantineState.QUARANTINED,
                Optional.empty(), "r", Optional.empty(), Optional.empty(), "ada", NOW)), ErrorCode.NOT_FOUND);
    }

    @Test
    public void aTestKeepsItsLatestClassification() {
        RepositoryName api = new RepositoryName("acme/api");
        StoredReport report = stores.testResults().storeRun(new TestRun(api, "0123abcd", Optional.empty(),
                Optional.empty(), "unit-tests", 1), "1".repeat(64), "one.xml", NOW,
                List.of(new TestCaseResult("Suite", "Suite", "wobbles", Optional.empty(),
                        List.of(TestAttempt.passed(Duration.ZERO)))));
        long id = report.testIds()[0];
        assertThat(stores.testResults().health(id)).isEmpty();
        assertThat(stores.testResults().testsNotHealthy(api)).isEmpty();

        stores.testResults().recordHealth(Map.of(id, new Flakiness(TestHealth.FLAKY, 0.5, 10, 1, 2, 1, 0.3,
                List.of("failed, then passed on retry, in 2 runs", "1 run left out as outages"))), NOW);
        assertThat(stores.testResults().health(id)).hasValueSatisfying(health -> {
            assertThat(health.health()).isEqualTo(TestHealth.FLAKY);
            assertThat(health.score()).isEqualTo(0.5);
            assertThat(health.reasons()).containsExactly("failed, then passed on retry, in 2 runs",
                    "1 run left out as outages");
            assertThat(health.at()).isEqualTo(NOW);
        });
        assertThat(stores.testResults().testsNotHealthy(api)).containsExactly(stores.testResults().health(id)
                .orElseThrow());

        stores.testResults().recordHealth(Map.of(id, new Flakiness(TestHealth.HEALTHY, 0, 10, 0, 0, 0, 0,
                List.of())), NOW.plusSeconds(1));
        assertThat(stores.testResults().testsNotHealthy(api)).isEmpty();
        assertThat(stores.testResults().health(id).orElseThrow().reasons()).isEmpty();
        assertErrorCode(() -> stores.testResults().recordHealth(Map.of(-5L, new Flakiness(TestHealth.HEALTHY, 0, 0, 0,
                0, 0, 0, List.of())), NOW), ErrorCode.NOT_FOUND);
    }

    @Test
    public void aCiJobRunIsFoundByItsCommitJobAndAttemptWithItsReportsTotalsAndFailures() {
        RepositoryName api = new RepositoryName("acme/api");
        TestCaseResult failing = new TestCaseResult("Suite", "Suite", "fails", Optional.empty(),
                List.of(new TestAttempt(TestOutcome.FAILED, Duration.ZERO, Optional.of("AssertionError"),
                        Optional.of("expected 2"), Optional.empty())));
        TestCaseResult passing = new TestCaseResult("Suite", "Suite", "passes", Optional.empty(),
                List.of(TestAttempt.passed(Duration.ZERO)));
        TestRun job = new TestRun(api, "0123abcd", Optional.of("mainline/builds/7"), Optional.of(12), "merge-queue",
                2, Optional.of("ada"));
        StoredReport one = stores.testResults().storeRun(job, "1".repeat(64), "one.xml", NOW,
                List.of(failing, passing));
        StoredReport two = stores.testResults().storeRun(job, "2".repeat(64), "two.xml", NOW.plusSeconds(5),
                List.of(failing));
        stores.testResults().storeRun(new TestRun(api, "0123abcd", Optional.empty(), Optional.empty(), "merge-queue",
                1), "3".repeat(64), "one.xml", NOW, List.of(failing));

        StoredJob found = stores.testResults().job(api, "0123abcd", "merge-queue", 2).orElseThrow();
        assertThat(found.id()).isEqualTo(one.jobId());
        assertThat(found.run()).isEqualTo(job);
        assertThat(found.reports()).isEqualTo(2);
        assertThat(found.tests()).isEqualTo(3);
        assertThat(found.failed()).isEqualTo(2);
        assertThat(found.firstAt()).isEqualTo(NOW);
        assertThat(found.lastAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(stores.testResults().jobFailures(found.id(), 10)).extracting(StoredFailure::runId,
                StoredFailure::testId, StoredFailure::message).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(one.runId(), one.testIds()[0], Optional.of("expected 2")),
                        org.assertj.core.groups.Tuple.tuple(two.runId(), one.testIds()[0], Optional.of("expected 2")));
        assertThat(stores.testResults().jobFailures(found.id(), 1)).hasSize(1);
        assertThat(stores.testResults().job(api, "0123abcd", "merge-queue", 3)).isEmpty();
        assertThat(stores.testResults().job(api, "0123abcd", "unit", 2)).isEmpty();
        assertThat(stores.testResults().job(new RepositoryName("acme/web"), "0123abcd", "merge-queue", 2)).isEmpty();
    }

    @Test
    public void aQueuesCiRunsAreNumberedPerCommitAndKeepWhatEachLeft() {
        RepositoryName api = new RepositoryName("acme/api");
        CiBuild build = new CiBuild(new BuildId(7), "0123abcd", List.of(new EntryRef(12, "h12"),
                new EntryRef(9, "h9")), 1);
        QueueCiRun first = stores.queueCiRuns().started(api, build, NOW);
        QueueCiRun again = stores.queueCiRuns().started(api, build, NOW.plusSeconds(60));
        QueueCiRun sameCommitOtherBuild = stores.queueCiRuns().started(api, new CiBuild(new BuildId(8), "0123abcd",
                List.of(new EntryRef(12, "h12"), new EntryRef(9, "h9")), 2), NOW.plusSeconds(90));
        QueueCiRun elsewhere = stores.queueCiRuns().started(new RepositoryName("acme/web"), build, NOW);

        assertThat(first.attempt()).isEqualTo(1);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(sameCommitOtherBuild.attempt()).isEqualTo(3);
        assertThat(elsewhere.attempt()).isEqualTo(1);
        assertThat(first.pullRequests()).as("in queue order").containsExactly(12, 9);
        assertThat(first.pullRequest()).contains(9);
        assertThat(first.branch()).isEqualTo("mainline/builds/7");
        assertThat(first.startedAt()).isEqualTo(NOW);
        assertThat(first.finishedAt()).isEmpty();
        assertThat(first.outcome()).isEmpty();
        assertThat(first.log()).isEmpty();

        StoredLog log = stores.logs().add(LogSource.build(api, "0123abcd", "merge-queue", 1), "e".repeat(64), 10, 1,
                NOW.plusSeconds(30));
        QueueCiRun ended = stores.queueCiRuns().finished(first.id(), CiOutcome.FAILED, Optional.of(log.id()), 2,
                NOW.plusSeconds(30));
        assertThat(ended).isEqualTo(new QueueCiRun(first.id(), api, new BuildId(7), "0123abcd", List.of(12, 9), 1,
                NOW, Optional.of(NOW.plusSeconds(30)), Optional.of(CiOutcome.FAILED), Optional.of(log.id()), 2));
        assertThat(stores.queueCiRuns().latest(api, new BuildId(7), "0123abcd")).contains(again);
        assertThat(stores.queueCiRuns().latest(api, new BuildId(7), "4567ef01")).isEmpty();
        assertThat(stores.queueCiRuns().latestOfCommit(api, "0123abcd")).contains(sameCommitOtherBuild);
        assertThat(stores.queueCiRuns().ofBuilds(api, List.of(new BuildId(7), new BuildId(99))))
                .containsExactly(ended, again);
        assertThat(stores.queueCiRuns().ofBuilds(api, List.of())).isEmpty();
        assertErrorCode(() -> stores.queueCiRuns().finished(-1, CiOutcome.PASSED, Optional.empty(), 0, NOW),
                ErrorCode.NOT_FOUND);

        // Retention removes the log; the run keeps the rest.
        stores.logs().delete(log.id());
        assertThat(stores.queueCiRuns().latest(api, new BuildId(7), "0123abcd")).isPresent();
        assertThat(stores.queueCiRuns().ofBuilds(api, List.of(new BuildId(7))).getFirst().log()).isEmpty();
    }

    @Test
    public void logsAreKeptListedByTheirFiltersAndBecomeSearchableWithTheirFailures() {
        RepositoryName api = new RepositoryName("acme/api");
        LogSource build = LogSource.build(api, "0123abcd", "unit-tests", 1).withBranch("main")
                .withOutcome(LogOutcome.FAILURE, Optional.of(NOW), Optional.of(NOW.plusSeconds(90)));
        StoredLog first = stores.logs().add(build, "a".repeat(64), 1_000, 20, NOW.plusSeconds(100));
        StoredLog release = stores.logs().add(LogSource.build(api, "4567ef01", "ship-ios", 1)
                .withKind(LogKind.RELEASE).withRelease("5.2.0", Optional.of("ios")), "b".repeat(64), 10, 1,
                NOW.plusSeconds(200));
        assertErrorCode(() -> stores.logs().add(build, "a".repeat(64), 1, 1, NOW), ErrorCode.ALREADY_EXISTS);

        assertThat(stores.logs().find(first.id())).contains(first);
        assertThat(stores.logs().findByDigest("b".repeat(64))).contains(release);
        assertThat(first.time()).as("its own time: when it finished").isEqualTo(NOW.plusSeconds(90));
        assertThat(stores.logs().unindexed(10)).containsExactly(first, release);
        assertThat(stores.logs().list(LogFilter.ALL, Optional.empty(), 10)).containsExactly(release, first);
        assertThat(stores.logs().list(LogFilter.ofRelease("5.2.0"), Optional.empty(), 10)).containsExactly(release);
        assertThat(stores.logs().list(new LogFilter(Optional.of(api), Optional.of("main"), Optional.of("unit-tests"),
                Optional.empty(), Optional.of(LogOutcome.FAILURE), Optional.of(NOW), Optional.of(NOW.plusSeconds(91))),
                Optional.empty(), 10)).containsExactly(first);
        assertThat(stores.logs().list(LogFilter.ALL, Optional.of(release.id()), 10)).containsExactly(first);
        // Pages follow the listing's order (the logs' own times), not their ids.
        StoredLog older = stores.logs().add(LogSource.build(api, "0123abce", "unit-tests", 1)
                .withOutcome(LogOutcome.SUCCESS, Optional.empty(), Optional.of(NOW.minusSeconds(3600))), "9".repeat(64),
                5, 1, NOW.plusSeconds(300));
        assertThat(stores.logs().list(LogFilter.ALL, Optional.empty(), 2)).containsExactly(release, first);
        assertThat(stores.logs().list(LogFilter.ALL, Optional.of(first.id()), 2)).containsExactly(older);
        stores.logs().delete(older.id());

        ExtractedFailure npe = new ExtractedFailure(FailureKind.STACK_TRACE, "java.lang.NullPointerException",
                "java.lang.NullPointerException\nat Cart.add(Cart.java:<n>)", "c".repeat(64),
                "java.lang.NullPointerException\n\tat Cart.add(Cart.java:12)", 7, 300);
        stores.logs().indexed(first.id(), NOW.plusSeconds(101), List.of(FailureOccurrence.inLog(npe, first)));
        // Indexed again after a crash: the occurrences are replaced, not doubled.
        stores.logs().indexed(first.id(), NOW.plusSeconds(102), List.of(FailureOccurrence.inLog(npe, first)));
        assertThat(stores.logs().unindexed(10)).containsExactly(release);
        StoredLog indexed = stores.logs().find(first.id()).orElseThrow();
        assertThat(indexed.indexedAt()).contains(NOW.plusSeconds(102));
        assertThat(indexed.failures()).isEqualTo(1);

        stores.logs().indexed(release.id(), NOW.plusSeconds(201), List.of(FailureOccurrence.inLog(npe, release)));
        FailureGroup group = stores.logs().groupsByFingerprint(List.of("c".repeat(64), "d".repeat(64))).getFirst();
        assertThat(group.count()).isEqualTo(3).as("two occurrences were replaced, so three were recorded");
        assertThat(group.firstSeen()).isEqualTo(NOW.plusSeconds(90));
        assertThat(group.lastSeen()).isEqualTo(release.time());
        assertThat(stores.logs().group(group.id())).contains(group);
        assertThat(stores.logs().groupsAfter(0, 10)).containsExactly(group);
        assertThat(stores.logs().groupsInRelease("5.2.0", 10)).containsExactly(group);
        assertThat(stores.logs().groupsInRelease("5.3.0", 10)).isEmpty();
        List<StoredOccurrence> occurrences = stores.logs().occurrences(group.id(), 10);
        assertThat(occurrences).hasSize(2);
        assertThat(occurrences.getFirst().release()).contains("5.2.0");
        assertThat(occurrences.get(1).logId()).contains(first.id());
        assertThat(occurrences.get(1).line()).isEqualTo(7);
        assertThat(occurrences.get(1).branch()).contains("main");

        assertThat(stores.logs().receivedBefore(NOW.plusSeconds(150), 10)).containsExactly(indexed);
        stores.logs().delete(first.id());
        assertThat(stores.logs().find(first.id())).isEmpty();
        assertThat(stores.logs().occurrences(group.id(), 10)).hasSize(1);
    }

    @Test
    public void failuresOfTestReportsAreReadAfterACursorAndGroupedWithLogFailures() {
        RepositoryName api = new RepositoryName("acme/api");
        TestAttempt failed = new TestAttempt(TestOutcome.FAILED, Duration.ofMillis(3), Optional.of("AssertionError"),
                Optional.of("expected 1"), Optional.of("java.lang.AssertionError: expected 1\n\tat CartTest.java:9"));
        TestCaseResult failing = new TestCaseResult("CartTest", "com.acme.CartTest", "adds", Optional.empty(),
                List.of(failed));
        TestCaseResult passing = new TestCaseResult("CartTest", "com.acme.CartTest", "removes", Optional.empty(),
                List.of(TestAttempt.passed(Duration.ofMillis(2))));
        StoredReport green = stores.testResults().storeRun(new TestRun(api, "0123abcd", Optional.empty(),
                Optional.empty(), "unit", 1), "e".repeat(64), "a.xml", NOW, List.of(passing));
        StoredReport red = stores.testResults().storeRun(new TestRun(api, "4567ef01", Optional.of("topic"),
                Optional.of(12), "unit", 1), "f".repeat(64), "a.xml", NOW.plusSeconds(5), List.of(failing, passing));

        assertThat(stores.testResults().testsFailedOnBranch(Optional.empty(), "topic", 10)).containsExactly(stores
                .testResults().findTest(api, "CartTest", "com.acme.CartTest", "adds").orElseThrow().id());
        assertThat(stores.testResults().testsFailedOnBranch(Optional.of(api), "topic", 10)).hasSize(1);
        assertThat(stores.testResults().testsFailedOnBranch(Optional.of(new RepositoryName("acme/web")), "topic",
                10)).as("the same branch in another repository").isEmpty();
        assertThat(stores.testResults().testsFailedOnBranch(Optional.empty(), "main", 10)).isEmpty();
        assertThat(stores.logs().reportedFailuresCursor()).isZero();
        List<ReportedFailure> reported = stores.logs().reportedFailuresAfter(0, 10);
        assertThat(reported).singleElement().satisfies(failure -> {
            assertThat(failure.runId()).isEqualTo(red.runId());
            assertThat(failure.test()).isEqualTo("com.acme.CartTest.adds");
            assertThat(failure.branch()).contains("topic");
            assertThat(failure.pullRequest()).contains(12);
            assertThat(failure.message()).contains("expected 1");
            assertThat(failure.stackTrace()).hasValueSatisfying(trace -> assertThat(trace).contains("CartTest.java:9"));
        });
        assertThat(stores.logs().reportedFailuresAfter(red.runId(), 10)).isEmpty();
        assertThat(green.runId()).isLessThan(red.runId());

        ExtractedFailure assertion = new ExtractedFailure(FailureKind.ASSERTION, "java.lang.AssertionError: expected 1",
                "java.lang.AssertionError: expected <n>", "9".repeat(64), "java.lang.AssertionError: expected 1", 0, 0);
        stores.logs().recordReportedFailures(List.of(new FailureOccurrence(assertion, api, Optional.of("4567ef01"),
                Optional.of("topic"), Optional.of(12), Optional.of("unit"), Optional.empty(), Optional.empty(),
                Optional.of("com.acme.CartTest.adds"), NOW.plusSeconds(5))), red.runId());
        assertThat(stores.logs().reportedFailuresCursor()).isEqualTo(red.runId());
        FailureGroup group = stores.logs().groupsByFingerprint(List.of("9".repeat(64))).getFirst();
        assertThat(stores.logs().occurrences(group.id(), 5)).singleElement().satisfies(occurrence -> {
            assertThat(occurrence.test()).contains("com.acme.CartTest.adds");
            assertThat(occurrence.logId()).isEmpty();
            assertThat(occurrence.pullRequest()).contains(12);
        });
    }

    @Test
    public void releasesAreCutOnceChangedOnlyAtTheirRevisionAndKeepTheirHistoryAndRunbook() {
        AppKey wallet = new AppKey("wallet");
        Release cut = Release.cut(wallet, Platform.ANDROID, "5.2.0", "release/5.2.0", Optional.of("398"), NOW);
        Release stored = stores.releases().insert(cut);
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(stores.releases().find(stored.id())).contains(stored);
        assertThat(stores.releases().find(wallet, Platform.ANDROID, "5.2.0")).contains(stored);
        assertThat(stores.releases().find(wallet, Platform.IOS, "5.2.0")).isEmpty();
        assertErrorCode(() -> stores.releases().insert(cut), ErrorCode.ALREADY_EXISTS);
        Release ios = stores.releases().insert(Release.cut(wallet, Platform.IOS, "5.2.0", "release/5.2.0",
                Optional.empty(), NOW.plusSeconds(1)));

        Release waiting = new Release(stored.id(), wallet, Platform.ANDROID, "5.2.0", Optional.of("411"),
                "release/5.2.0", ReleaseState.ROLLING_OUT, 2.5, Set.of("rita", "sam"), Optional.of(99.4),
                Optional.of(NOW.plusSeconds(5)), Optional.of(NOW.plusSeconds(4)), Optional.of(new Release.Pending(
                        new ReleaseCommand.HaltRollout("crash spike"), "rita", NOW.plusSeconds(6))),
                Optional.of("398"), stored.revision(), NOW, NOW.plusSeconds(6));
        assertThat(stores.releases().update(waiting, 1)).isTrue();
        assertThat(stores.releases().update(waiting, 1)).as("a change made on an older revision").isFalse();
        assertThat(stores.releases().find(stored.id())).contains(waiting.stored(stored.id(), 2));
        assertThat(stores.releases().list(wallet, Optional.empty(), 10)).extracting(Release::id)
                .containsExactly(ios.id(), stored.id());
        assertThat(stores.releases().list(wallet, Optional.of(Platform.ANDROID), 10)).extracting(Release::id)
                .containsExactly(stored.id());

        stores.releases().addEvent(new ReleaseEvent(stored.id(), NOW, "rita", "cut", "applied", ReleaseState.CUT, 0,
                "cut 5.2.0"));
        stores.releases().addEvent(new ReleaseEvent(stored.id(), NOW.plusSeconds(1), "ed", "run-regression",
                "refused", ReleaseState.CUT, 0, "build: no build is recorded yet"));
        assertThat(stores.releases().events(stored.id(), 10)).extracting(ReleaseEvent::command)
                .containsExactly("cut", "run-regression");
        assertThat(stores.releases().events(ios.id(), 10)).isEmpty();

        assertThat(stores.releases().runbook(wallet)).isEmpty();
        Runbook strict = new Runbook(List.of(0.5, 10.0, 100.0), 2, 99.5, true, false);
        stores.releases().saveRunbook(wallet, strict, NOW);
        stores.releases().saveRunbook(wallet, strict, NOW.plusSeconds(1));
        assertThat(stores.releases().runbook(wallet)).contains(strict);
    }

    @Test
    public void eachUserFollowsTheAppsTheyChoose() {
        AppKey wallet = new AppKey("wallet");
        AppKey maps = new AppKey("maps");
        assertThat(stores.releases().followed(7)).isEmpty();
        assertThat(stores.releases().follow(7, wallet, NOW)).isTrue();
        assertThat(stores.releases().follow(7, wallet, NOW)).as("already").isFalse();
        assertThat(stores.releases().follow(7, maps, NOW)).isTrue();
        assertThat(stores.releases().follow(8, wallet, NOW)).isTrue();
        assertThat(stores.releases().followed(7)).containsExactly(maps, wallet);
        assertThat(stores.releases().unfollow(7, wallet)).isTrue();
        assertThat(stores.releases().unfollow(7, wallet)).isFalse();
        assertThat(stores.releases().followed(7)).containsExactly(maps);
        assertThat(stores.releases().followed(8)).containsExactly(wallet);
    }

    @Test
    public void releasesInGivenStatesAreListedAcrossAppsByIdPageAfterPage() {
        List<Long> waiting = new ArrayList<>();
        int n = 0;
        for (String app : List.of("wallet", "maps")) {
            for (ReleaseState state : List.of(ReleaseState.IN_REVIEW, ReleaseState.ROLLING_OUT, ReleaseState.COMPLETED,
                    ReleaseState.HALTED)) {
                Release cut = stores.releases().insert(Release.cut(new AppKey(app), Platform.IOS, "1.0." + n++,
                        "release/x", Optional.empty(), NOW));
                Release moved = new Release(cut.id(), cut.app(), cut.platform(), cut.version(), Optional.of("1"),
                        cut.branch(), state, 0, Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), 1, NOW, NOW);
                assertThat(stores.releases().update(moved, 1)).isTrue();
                if (state != ReleaseState.COMPLETED) {
                    waiting.add(cut.id());
                }
            }
        }
        Set<ReleaseState> states = Set.of(ReleaseState.IN_REVIEW, ReleaseState.ROLLING_OUT, ReleaseState.HALTED);
        assertThat(stores.releases().inStates(states, 0, 100)).extracting(Release::id)
                .containsExactlyElementsOf(waiting);
        List<Release> first = stores.releases().inStates(states, 0, 4);
        assertThat(first).extracting(Release::id).containsExactlyElementsOf(waiting.subList(0, 4));
        assertThat(first.getFirst().state()).isEqualTo(ReleaseState.IN_REVIEW);
        assertThat(first.getFirst().revision()).isEqualTo(2);
        assertThat(stores.releases().inStates(states, first.getLast().id(), 4)).extracting(Release::id)
                .containsExactlyElementsOf(waiting.subList(4, 6));
        assertThat(stores.releases().inStates(Set.of(ReleaseState.PAUSED), 0, 10)).isEmpty();
        assertErrorCode(() -> stores.releases().inStates(states, 0, 0), ErrorCode.INVALID_ARGUMENT);
        assertErrorCode(() -> stores.releases().inStates(states, 0, 1001), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    public void inboxKeepsAMessageUntilHandledAndRecognisesARedelivery() {
        byte[] payload = "{\"action\":\"created\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        InboxMessage first = InboxMessage.received("github", "d-1", "issue_comment", payload, NOW);
        InboxMessage second = InboxMessage.received("github", "d-2", "ping", new byte[0], NOW.plusSeconds(1));
        InboxMessage otherSource = InboxMessage.received("slack", "d-1", "event_callback", new byte[]{1}, NOW);

        assertThat(stores.inbox().accept(second)).isTrue();
        assertThat(stores.inbox().accept(first)).isTrue();
        assertThat(stores.inbox().accept(otherSource)).isTrue();
        assertThat(stores.inbox().accept(InboxMessage.received("github", "d-1", "ping", new byte[0], NOW)))
                .as("a redelivery").isFalse();

        assertThat(stores.inbox().pending("github", 10)).containsExactly(first, second);
        assertThat(stores.inbox().find("github", "d-1").orElseThrow().payload()).isEqualTo(payload);

        stores.inbox().done("github", "d-1", NOW.plusSeconds(2), "queued #7");
        assertThat(stores.inbox().pending("github", 10)).containsExactly(second);
        assertThat(stores.inbox().find("github", "d-1").orElseThrow().outcome()).contains("queued #7");
        assertThat(stores.inbox().accept(first)).as("still recognised once handled").isFalse();

        assertThat(stores.inbox().reopen("github", "d-1", payload)).isTrue();
        assertThat(stores.inbox().pending("github", 10)).containsExactly(first, second);
        assertThat(stores.inbox().reopen("github", "d-9", payload)).isFalse();
        stores.inbox().done("github", "d-1", NOW.plusSeconds(3), "queued #7");

        assertThat(stores.inbox().clearHandledPayloadsBefore(NOW.plusSeconds(10))).isEqualTo(1);
        assertThat(stores.inbox().clearHandledPayloadsBefore(NOW.plusSeconds(10))).isZero();
        assertThat(stores.inbox().find("github", "d-1").orElseThrow().payload()).isEmpty();
        assertThat(stores.inbox().accept(first)).as("a replay long after is still recognised").isFalse();
        assertThat(stores.inbox().pending("github", 10)).containsExactly(second);
    }

    @Test
    public void failedTransactionLeavesNothingBehind() {
        assertThatThrownBy(() -> stores.transactions().inTransaction(() -> {
            stores.users().insert(user("ada"), NOW);
            stores.auditLog().append(record("root", "user.create", Outcome.SUCCEEDED, NOW));
            stores.users().insert(user("ada"), NOW);
        })).isInstanceOf(MainlineException.class);

        assertThat(stores.users().findByLogin("ada")).isEmpty();
        assertThat(stores.auditLog().list(AuditQuery.all(), PageRequest.firstPage()).items()).isEmpty();
    }

    @Test
    public void nestedTransactionsJoinTheOuterOne() {
        assertThatThrownBy(() -> stores.transactions().inTransaction(() -> {
            stores.transactions().inTransaction(() -> {
                stores.users().insert(user("ada"), NOW);
            });
            throw new IllegalStateException("outer fails after the inner one finished");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(stores.users().findByLogin("ada")).isEmpty();
    }

    @Test
    public void committedTransactionIsVisibleAfterwards() {
        User created = stores.transactions().inTransaction(() -> stores.users().insert(user("ada"), NOW));

        assertThat(stores.users().findByLogin("ada")).contains(created);
    }
}
