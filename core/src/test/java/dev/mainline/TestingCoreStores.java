package dev.mainline;

import dev.mainline.catalog.App;
import dev.mainline.catalog.AppStore;
import dev.mainline.catalog.NewApp;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.Platform;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.AppKey;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.ApiToken;
import dev.mainline.identity.BootstrapStore;
import dev.mainline.identity.ExternalHandles;
import dev.mainline.identity.GrantStore;
import dev.mainline.identity.NewApiToken;
import dev.mainline.identity.NewUser;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.RoleGrant;
import dev.mainline.identity.TokenStore;
import dev.mainline.identity.User;
import dev.mainline.identity.UserStore;
import dev.mainline.inbox.InboxMessage;
import dev.mainline.inbox.InboxStore;
import dev.mainline.pullrequest.PullRequest;
import dev.mainline.pullrequest.PullRequestState;
import dev.mainline.pullrequest.PullRequestStore;
import dev.mainline.testresults.DailyCounts;
import dev.mainline.testresults.Flakiness;
import dev.mainline.testresults.StoredHealth;
import dev.mainline.testresults.StoredReport;
import dev.mainline.testresults.StoredRun;
import dev.mainline.testresults.TestSet;
import dev.mainline.testresults.StoredFailure;
import dev.mainline.testresults.StoredTest;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestResultStore;
import dev.mainline.testresults.TestRun;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Every store port of the core in maps, for core's own tests: the testing module's {@code InMemoryStores} depends on
 * core, so core cannot use it. Keys are unique as the ports require, but failed transactions are not rolled back.
 */
public final class TestingCoreStores {
    private final TestingTransactions transactions = new TestingTransactions();
    private final TestingAuditLog auditLog = new TestingAuditLog(transactions);
    private final TreeMap<Long, User> users = new TreeMap<>();
    private final TreeMap<Long, RoleGrant> grants = new TreeMap<>();
    private final TreeMap<Long, ApiToken> tokens = new TreeMap<>();
    private final TreeMap<Long, App> apps = new TreeMap<>();
    private final TreeMap<Long, SourceRepository> repositories = new TreeMap<>();
    private Optional<Instant> bootstrappedAt = Optional.empty();
    private long nextId = 1;

    public Stores stores() {
        return new Stores(new Users(), new Grants(), new Tokens(), new Bootstrap(), auditLog, new Apps(),
                new Repositories(), new PullRequests(), new Inbox(), new TestResults(), logs(),
                unused(dev.mainline.releases.ReleaseStore.class),
                unused(dev.mainline.mergequeue.QueueCiRunStore.class), transactions);
    }

    public TestingAuditLog auditLog() {
        return auditLog;
    }

    public TestingTransactions transactions() {
        return transactions;
    }

    private static <T> Page<T> page(TreeMap<Long, T> table, PageRequest page, ToLongFunction<T> id) {
        long after = page.after().map(cursor -> cursor.position()).orElse(0L);
        List<T> rows = table.tailMap(after, false).values().stream().limit(page.limit() + 1L).toList();
        return Page.fromRows(rows, page.limit(), id);
    }

    private static <T> Optional<T> find(TreeMap<Long, T> table, Predicate<T> predicate) {
        return table.values().stream().filter(predicate).findFirst();
    }

    private final class Users implements UserStore {
        @Override
        public User insert(NewUser user, Instant now) {
            if (findByLogin(user.login()).isPresent()) {
                throw MainlineException.alreadyExists("login '%s' is already taken", user.login());
            }
            long id = nextId++;
            User created = new User(id, user.login(), user.displayName(), user.handles(), now, now);
            users.put(id, created);
            return created;
        }

        @Override
        public User update(long id, String displayName, ExternalHandles handles, Instant now) {
            User existing = findById(id).orElseThrow(() -> MainlineException.notFound("user %d does not exist", id));
            User updated = new User(id, existing.login(), displayName, handles, existing.createdAt(), now);
            users.put(id, updated);
            return updated;
        }

        @Override
        public Optional<User> findById(long id) {
            return Optional.ofNullable(users.get(id));
        }

        @Override
        public Optional<User> findByLogin(String login) {
            return find(users, user -> user.login().equals(login));
        }

        @Override
        public Optional<User> findByGithubLogin(String githubLogin) {
            return find(users, user -> user.handles().githubLogin().equals(Optional.of(githubLogin)));
        }

        @Override
        public Optional<User> findBySlackUserId(String slackUserId) {
            return find(users, user -> user.handles().slackUserId().equals(Optional.of(slackUserId)));
        }

        @Override
        public Page<User> list(PageRequest page) {
            return page(users, page, User::id);
        }
    }

    private final class Grants implements GrantStore {
        @Override
        public RoleGrant insert(long userId, Permission permission, String grantedBy, Instant now) {
            if (!users.containsKey(userId)) {
                throw MainlineException.notFound("user %d does not exist", userId);
            }
            if (find(grants, grant -> grant.userId() == userId && grant.permission().equals(permission)).isPresent()) {
                throw MainlineException.alreadyExists("the user already holds %s", permission);
            }
            long id = nextId++;
            RoleGrant grant = new RoleGrant(id, userId, permission, grantedBy, now);
            grants.put(id, grant);
            return grant;
        }

        @Override
        public List<RoleGrant> listForUser(long userId) {
            return grants.values().stream().filter(grant -> grant.userId() == userId).toList();
        }

        @Override
        public Optional<RoleGrant> findById(long id) {
            return Optional.ofNullable(grants.get(id));
        }

        @Override
        public boolean delete(long id) {
            return grants.remove(id) != null;
        }

        @Override
        public boolean anyGlobalAdmin() {
            return find(grants, grant -> grant.permission().role() == Role.ADMIN
                    && grant.permission().scope().isGlobal()).isPresent();
        }
    }

    private final class Tokens implements TokenStore {
        @Override
        public ApiToken insert(NewApiToken token) {
            if (!users.containsKey(token.userId())) {
                throw MainlineException.notFound("user %d does not exist", token.userId());
            }
            long id = nextId++;
            ApiToken created = token.withId(id);
            tokens.put(id, created);
            return created;
        }

        @Override
        public Optional<ApiToken> findBySecretHash(String secretHash) {
            return find(tokens, token -> token.secretHash().equals(secretHash));
        }

        @Override
        public Optional<ApiToken> findById(long id) {
            return Optional.ofNullable(tokens.get(id));
        }

        @Override
        public List<ApiToken> listForUser(long userId) {
            return tokens.values().stream().filter(token -> token.userId() == userId).toList();
        }

        @Override
        public boolean revoke(long id, Instant now) {
            ApiToken token = tokens.get(id);
            if (token == null || token.isRevoked()) {
                return false;
            }
            tokens.put(id, token.revoked(now));
            return true;
        }
    }

    private final class Bootstrap implements BootstrapStore {
        @Override
        public boolean markCompleted(String adminLogin, Instant now) {
            if (bootstrappedAt.isPresent()) {
                return false;
            }
            bootstrappedAt = Optional.of(now);
            return true;
        }

        @Override
        public Optional<Instant> completedAt() {
            return bootstrappedAt;
        }
    }

    private final class Apps implements AppStore {
        @Override
        public App insert(NewApp app, Instant now) {
            if (findByKey(app.key()).isPresent()) {
                throw MainlineException.alreadyExists("app key '%s' is already taken", app.key());
            }
            long id = nextId++;
            App created = new App(id, app.key(), app.displayName(), app.platforms(), now, now);
            apps.put(id, created);
            return created;
        }

        @Override
        public App update(long id, String displayName, Set<Platform> platforms, Instant now) {
            App existing = apps.get(id);
            if (existing == null) {
                throw MainlineException.notFound("app %d does not exist", id);
            }
            App updated = new App(id, existing.key(), displayName, platforms, existing.createdAt(), now);
            apps.put(id, updated);
            return updated;
        }

        @Override
        public Optional<App> findByKey(AppKey key) {
            return find(apps, app -> app.key().equals(key));
        }

        @Override
        public Page<App> list(PageRequest page) {
            return page(apps, page, App::id);
        }
    }

    private final class Repositories implements SourceRepositoryStore {
        @Override
        public SourceRepository insert(NewSourceRepository repository, Instant now) {
            if (findByName(repository.name()).isPresent()) {
                throw MainlineException.alreadyExists("repository name '%s' is already taken", repository.name());
            }
            long id = nextId++;
            SourceRepository created = new SourceRepository(id, repository.name(), repository.defaultBranch(),
                    repository.forge(), now);
            repositories.put(id, created);
            return created;
        }

        @Override
        public Optional<SourceRepository> findByName(RepositoryName name) {
            return find(repositories, repository -> repository.name().equals(name));
        }

        @Override
        public Page<SourceRepository> list(PageRequest page) {
            return page(repositories, page, SourceRepository::id);
        }
    }

    /** An inbox in a map; the behaviour every inbox must have is in the store contract. */
    private static final class Inbox implements InboxStore {
        private final Map<String, InboxMessage> messages = new ConcurrentHashMap<>();

        @Override
        public boolean accept(InboxMessage message) {
            return messages.putIfAbsent(message.source() + '\t' + message.id(), message) == null;
        }

        @Override
        public Optional<InboxMessage> find(String source, String id) {
            return Optional.ofNullable(messages.get(source + '\t' + id));
        }

        @Override
        public List<InboxMessage> pending(String source, int limit) {
            return messages.values().stream()
                    .filter(message -> message.source().equals(source) && message.doneAt().isEmpty())
                    .sorted(java.util.Comparator.comparing(InboxMessage::receivedAt))
                    .limit(limit)
                    .toList();
        }

        @Override
        public boolean reopen(String source, String id, byte[] payload) {
            return messages.computeIfPresent(source + '\t' + id, (key, message) -> new InboxMessage(message.source(),
                    message.id(), message.kind(), payload, message.receivedAt(), Optional.empty(),
                    Optional.empty())) != null;
        }

        @Override
        public void done(String source, String id, Instant at, String outcome) {
            messages.computeIfPresent(source + '\t' + id, (key, message) -> new InboxMessage(message.source(),
                    message.id(), message.kind(), message.payload(), message.receivedAt(), Optional.of(at),
                    Optional.of(outcome)));
        }

        @Override
        public int clearHandledPayloadsBefore(Instant cutoff) {
            int cleared = 0;
            for (Map.Entry<String, InboxMessage> entry : messages.entrySet()) {
                if (entry.getValue().payloadExpiredBefore(cutoff)) {
                    entry.setValue(entry.getValue().withoutPayload());
                    cleared++;
                }
            }
            return cleared;
        }
    }

    /** The core's own tests use no pull requests; their store's behaviour is tested on InMemoryStores and JDBC. */
    private static final class PullRequests implements PullRequestStore {
        private static UnsupportedOperationException unused() {
            return new UnsupportedOperationException("the core tests use no pull requests");
        }

        @Override
        public PullRequest open(RepositoryName repository, String branch, String title, String author, Instant now) {
            throw unused();
        }

        @Override
        public Optional<PullRequest> find(RepositoryName repository, int number) {
            throw unused();
        }

        @Override
        public Optional<PullRequest> findOpen(RepositoryName repository, String branch) {
            throw unused();
        }

        @Override
        public Page<PullRequest> list(RepositoryName repository, Optional<PullRequestState> state, PageRequest page) {
            throw unused();
        }

        @Override
        public int close(RepositoryName repository, List<Integer> numbers, PullRequestState state, Instant now) {
            throw unused();
        }
    }

    /** The core's own tests store no test results; the store's behaviour is tested on InMemoryStores and JDBC. */
    private static final class TestResults implements TestResultStore {
        private static UnsupportedOperationException unused() {
            return new UnsupportedOperationException("the core tests store no test results");
        }

        @Override
        public List<Long> testsFailedOnBranch(Optional<RepositoryName> repository, String branch, int limit) {
            throw unused();
        }

        @Override
        public Optional<Long> findRun(RepositoryName repository, String digest) {
            throw unused();
        }

        @Override
        public StoredReport storeRun(TestRun run, String digest, String reportName, Instant at,
                List<TestCaseResult> tests) {
            throw unused();
        }

        @Override
        public Optional<dev.mainline.testresults.StoredJob> job(RepositoryName repository, String commit, String job,
                int attempt) {
            throw unused();
        }

        @Override
        public List<StoredFailure> jobFailures(long jobId, int limit) {
            throw unused();
        }

        @Override
        public Optional<StoredTest> findTest(RepositoryName repository, String suite, String className, String name) {
            throw unused();
        }

        @Override
        public Optional<StoredTest> test(long testId) {
            throw unused();
        }

        @Override
        public List<StoredFailure> failures(long testId, int limit) {
            throw unused();
        }

        @Override
        public List<dev.mainline.testresults.FailedAttempt> failedAttemptsSince(java.util.Collection<Long> testIds,
                Instant since) {
            throw unused();
        }

        @Override
        public Optional<DailyCounts> counts(long testId, java.time.LocalDate day) {
            throw unused();
        }

        @Override
        public Optional<TestSet> testSet(long testSetId) {
            throw unused();
        }

        @Override
        public List<Long> testSetsSince(RepositoryName repository, Instant since) {
            throw unused();
        }

        @Override
        public List<StoredRun> runsWithTestSets(java.util.Collection<Long> testSetIds, Instant since) {
            throw unused();
        }

        @Override
        public void recordHealth(Map<Long, Flakiness> classified, Instant at) {
            throw unused();
        }

        @Override
        public Optional<StoredHealth> health(long testId) {
            throw unused();
        }

        @Override
        public List<StoredHealth> testsNotHealthy(RepositoryName repository) {
            throw unused();
        }

        @Override
        public List<StoredTest> tests(java.util.Collection<Long> testIds) {
            throw unused();
        }

        @Override
        public List<StoredTest> testsOf(RepositoryName repository) {
            throw unused();
        }

        @Override
        public Optional<String> ownershipVersion(RepositoryName repository) {
            throw unused();
        }

        @Override
        public void replaceOwnership(RepositoryName repository, String version,
                Map<Long, dev.mainline.testresults.TestOwner> owners, Instant at) {
            throw unused();
        }

        @Override
        public List<Long> flakyTestsOwnedBy(String owner) {
            throw unused();
        }

        @Override
        public List<Long> flakyTestsFailedFor(java.util.Collection<String> authors, Instant since) {
            throw unused();
        }

        @Override
        public List<Long> flakyTestsIn(RepositoryName repository, java.util.Collection<String> paths) {
            throw unused();
        }

        @Override
        public List<dev.mainline.testresults.DailyTrend> trends(RepositoryName repository, Optional<String> team,
                java.time.LocalDate from, java.time.LocalDate to) {
            throw unused();
        }

        @Override
        public void saveQuarantine(dev.mainline.testresults.Quarantine quarantine) {
            throw unused();
        }

        @Override
        public Optional<dev.mainline.testresults.Quarantine> quarantine(long testId) {
            throw unused();
        }

        @Override
        public List<dev.mainline.testresults.Quarantine> quarantines(RepositoryName repository) {
            throw unused();
        }
    }

    /** A store the core tests do not use: every call fails. */
    private static <T> T unused(Class<T> port) {
        return port.cast(java.lang.reflect.Proxy.newProxyInstance(TestingCoreStores.class.getClassLoader(),
                new Class<?>[]{port}, (proxy, method, arguments) -> {
                    throw new UnsupportedOperationException("the core tests do not use " + port.getSimpleName());
                }));
    }

    /** The core tests keep no logs: every call fails. */
    private static dev.mainline.logs.LogStore logs() {
        return (dev.mainline.logs.LogStore) java.lang.reflect.Proxy.newProxyInstance(
                TestingCoreStores.class.getClassLoader(), new Class<?>[]{dev.mainline.logs.LogStore.class},
                (proxy, method, arguments) -> {
                    throw new UnsupportedOperationException("the core tests keep no logs");
                });
    }
}
