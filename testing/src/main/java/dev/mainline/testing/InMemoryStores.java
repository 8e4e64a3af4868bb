package dev.mainline.testing;

import dev.mainline.audit.AuditEvent;
import dev.mainline.audit.AuditLog;
import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
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
import dev.mainline.common.Transactions;
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
import dev.mainline.logs.ExtractedFailure;
import dev.mainline.logs.FailureGroup;
import dev.mainline.logs.FailureOccurrence;
import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.LogStore;
import dev.mainline.logs.ReportedFailure;
import dev.mainline.logs.StoredLog;
import dev.mainline.logs.StoredOccurrence;
import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiBuild;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.QueueCiRun;
import dev.mainline.mergequeue.QueueCiRunStore;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseEvent;
import dev.mainline.releases.ReleaseState;
import dev.mainline.releases.ReleaseStore;
import dev.mainline.releases.Runbook;
import dev.mainline.pullrequest.PullRequest;
import dev.mainline.pullrequest.PullRequestState;
import dev.mainline.pullrequest.PullRequestStore;
import dev.mainline.testresults.DailyCounts;
import dev.mainline.testresults.DailyTrend;
import dev.mainline.testresults.FailedAttempt;
import dev.mainline.testresults.Flakiness;
import dev.mainline.testresults.Quarantine;
import dev.mainline.testresults.TestOwner;
import dev.mainline.testresults.StoredHealth;
import dev.mainline.testresults.StoredReport;
import dev.mainline.testresults.StoredRun;
import dev.mainline.testresults.TestHealth;
import dev.mainline.testresults.TestSet;
import dev.mainline.testresults.StoredFailure;
import dev.mainline.testresults.StoredJob;
import dev.mainline.testresults.StoredTest;
import dev.mainline.testresults.TestAttempt;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestOutcome;
import dev.mainline.testresults.TestResultStore;
import dev.mainline.testresults.TestRun;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Every store port in memory, with real transactions: a failed transaction restores the state it started from. Used by
 * core tests that need stores but not a database; it passes the same contract suite as the JDBC stores.
 */
public final class InMemoryStores {
    private final ReentrantLock lock = new ReentrantLock();
    private State state = new State();

    private record RunRow(long id, String repository, String jobKey, String commit, Instant at, long testSetId,
            TestRun run) {
    }

    private record JobRow(long id, int tests, int failed, Optional<String> author, Instant at) {
    }

    /** All tables; copied at the start of a transaction so a failure can put it back. */
    private static final class State {
        long nextId = 1;
        TreeMap<Long, User> users = new TreeMap<>();
        TreeMap<Long, RoleGrant> grants = new TreeMap<>();
        TreeMap<Long, ApiToken> tokens = new TreeMap<>();
        TreeMap<Long, AuditEvent> audit = new TreeMap<>();
        TreeMap<Long, App> apps = new TreeMap<>();
        TreeMap<Long, SourceRepository> repositories = new TreeMap<>();
        /** Keyed by source, a tab, and id. */
        TreeMap<String, InboxMessage> inbox = new TreeMap<>();
        /** Keyed by repository, '#', and number. */
        TreeMap<String, PullRequest> pullRequests = new TreeMap<>();
        /** Test runs by repository, a tab, and digest, to their ids. */
        TreeMap<String, Long> testRuns = new TreeMap<>();
        /** Tests by repository, a tab, suite, class and name (tab-separated). */
        TreeMap<String, StoredTest> tests = new TreeMap<>();
        List<StoredFailure> testFailures = new ArrayList<>();
        TreeMap<String, DailyCounts> testCounts = new TreeMap<>();
        /** Stored reports by id. */
        TreeMap<Long, RunRow> testRunRows = new TreeMap<>();
        /** CI job runs by repository, commit, job and attempt (tab-separated). */
        TreeMap<String, JobRow> testJobs = new TreeMap<>();
        /** Test sets by repository, a tab, and their encoding's hash. */
        TreeMap<String, Long> testSetIds = new TreeMap<>();
        TreeMap<Long, byte[]> testSets = new TreeMap<>();
        TreeMap<Long, StoredHealth> testHealth = new TreeMap<>();
        TreeMap<Long, Quarantine> quarantines = new TreeMap<>();
        TreeMap<Long, TestOwner> testOwners = new TreeMap<>();
        TreeMap<String, String> ownershipVersions = new TreeMap<>();
        Optional<Instant> bootstrappedAt = Optional.empty();
        TreeMap<Long, StoredLog> logs = new TreeMap<>();
        TreeMap<Long, FailureGroup> failureGroups = new TreeMap<>();
        /** Occurrences by their own id. */
        TreeMap<Long, StoredOccurrence> occurrences = new TreeMap<>();
        long reportsCursor;
        TreeMap<Long, Release> releases = new TreeMap<>();
        List<ReleaseEvent> releaseEvents = new ArrayList<>();
        TreeMap<String, Runbook> runbooks = new TreeMap<>();
        java.util.TreeSet<String> follows = new java.util.TreeSet<>();
        TreeMap<Long, QueueCiRun> queueCiRuns = new TreeMap<>();

        State copy() {
            State copy = new State();
            copy.nextId = nextId;
            copy.users = new TreeMap<>(users);
            copy.grants = new TreeMap<>(grants);
            copy.tokens = new TreeMap<>(tokens);
            copy.audit = new TreeMap<>(audit);
            copy.apps = new TreeMap<>(apps);
            copy.repositories = new TreeMap<>(repositories);
            copy.inbox = new TreeMap<>(inbox);
            copy.pullRequests = new TreeMap<>(pullRequests);
            copy.testRuns = new TreeMap<>(testRuns);
            copy.tests = new TreeMap<>(tests);
            copy.testFailures = new ArrayList<>(testFailures);
            copy.testCounts = new TreeMap<>(testCounts);
            copy.testRunRows = new TreeMap<>(testRunRows);
            copy.testJobs = new TreeMap<>(testJobs);
            copy.testSetIds = new TreeMap<>(testSetIds);
            copy.testSets = new TreeMap<>(testSets);
            copy.testHealth = new TreeMap<>(testHealth);
            copy.quarantines = new TreeMap<>(quarantines);
            copy.testOwners = new TreeMap<>(testOwners);
            copy.ownershipVersions = new TreeMap<>(ownershipVersions);
            copy.bootstrappedAt = bootstrappedAt;
            copy.logs = new TreeMap<>(logs);
            copy.failureGroups = new TreeMap<>(failureGroups);
            copy.occurrences = new TreeMap<>(occurrences);
            copy.reportsCursor = reportsCursor;
            copy.releases = new TreeMap<>(releases);
            copy.releaseEvents = new ArrayList<>(releaseEvents);
            copy.runbooks = new TreeMap<>(runbooks);
            copy.follows = new java.util.TreeSet<>(follows);
            copy.queueCiRuns = new TreeMap<>(queueCiRuns);
            return copy;
        }
    }

    public Stores stores() {
        return new Stores(new Users(), new Grants(), new Tokens(), new Bootstrap(), new Audit(), new Apps(),
                new Repositories(), new PullRequests(), new Inbox(), new TestResults(),
                new Logs(), new Releases(), new QueueCiRuns(), new InMemoryTransactions());
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> Page<T> page(TreeMap<Long, T> table, PageRequest page, ToLongFunction<T> id) {
        long after = page.after().map(cursor -> cursor.position()).orElse(0L);
        List<T> rows = table.tailMap(after, false).values().stream().limit(page.limit() + 1L).toList();
        return Page.fromRows(rows, page.limit(), id);
    }

    private static <T> void unique(TreeMap<Long, T> table, long exceptId, Function<T, Optional<String>> key,
            Optional<String> value, String description) {
        if (value.isEmpty()) {
            return;
        }
        boolean taken = table.entrySet().stream()
                .anyMatch(entry -> entry.getKey() != exceptId && key.apply(entry.getValue()).equals(value));
        if (taken) {
            throw MainlineException.alreadyExists("%s '%s' is already taken", description, value.get());
        }
    }

    private final class InMemoryTransactions implements Transactions {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            lock.lock();
            try {
                if (lock.getHoldCount() > 1) {
                    return work.get();
                }
                State before = state.copy();
                try {
                    return work.get();
                } catch (RuntimeException | Error e) {
                    state = before;
                    throw e;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private final class Users implements UserStore {
        @Override
        public User insert(NewUser user, Instant now) {
            return locked(() -> {
                checkHandles(-1, user.login(), user.handles());
                long id = state.nextId++;
                User created = new User(id, user.login(), user.displayName(), user.handles(), micros(now), micros(now));
                state.users.put(id, created);
                return created;
            });
        }

        @Override
        public User update(long id, String displayName, ExternalHandles handles, Instant now) {
            return locked(() -> {
                User existing = state.users.get(id);
                if (existing == null) {
                    throw MainlineException.notFound("user %d does not exist", id);
                }
                checkHandles(id, existing.login(), handles);
                User updated = new User(id, existing.login(), displayName, handles, existing.createdAt(), micros(now));
                state.users.put(id, updated);
                return updated;
            });
        }

        private void checkHandles(long exceptId, String login, ExternalHandles handles) {
            unique(state.users, exceptId, user -> Optional.of(user.login()), Optional.of(login), "login");
            unique(state.users, exceptId, user -> user.handles().githubLogin(), handles.githubLogin(), "GitHub login");
            unique(state.users, exceptId, user -> user.handles().slackUserId(), handles.slackUserId(), "Slack user id");
            unique(state.users, exceptId, user -> user.handles().email(), handles.email(), "email");
        }

        @Override
        public Optional<User> findById(long id) {
            return locked(() -> Optional.ofNullable(state.users.get(id)));
        }

        @Override
        public Optional<User> findByLogin(String login) {
            return find(user -> user.login().equals(login));
        }

        @Override
        public Optional<User> findByGithubLogin(String githubLogin) {
            return find(user -> user.handles().githubLogin().equals(Optional.of(githubLogin)));
        }

        @Override
        public Optional<User> findBySlackUserId(String slackUserId) {
            return find(user -> user.handles().slackUserId().equals(Optional.of(slackUserId)));
        }

        private Optional<User> find(Predicate<User> predicate) {
            return locked(() -> state.users.values().stream().filter(predicate).findFirst());
        }

        @Override
        public Page<User> list(PageRequest page) {
            return locked(() -> page(state.users, page, User::id));
        }
    }

    private final class Grants implements GrantStore {
        @Override
        public RoleGrant insert(long userId, Permission permission, String grantedBy, Instant now) {
            return locked(() -> {
                if (!state.users.containsKey(userId)) {
                    throw MainlineException.notFound("user %d does not exist", userId);
                }
                boolean held = state.grants.values().stream()
                        .anyMatch(grant -> grant.userId() == userId && grant.permission().equals(permission));
                if (held) {
                    throw MainlineException.alreadyExists("the user already holds %s", permission);
                }
                long id = state.nextId++;
                RoleGrant grant = new RoleGrant(id, userId, permission, grantedBy, micros(now));
                state.grants.put(id, grant);
                return grant;
            });
        }

        @Override
        public List<RoleGrant> listForUser(long userId) {
            return locked(() -> state.grants.values().stream().filter(grant -> grant.userId() == userId).toList());
        }

        @Override
        public Optional<RoleGrant> findById(long id) {
            return locked(() -> Optional.ofNullable(state.grants.get(id)));
        }

        @Override
        public boolean delete(long id) {
            return locked(() -> state.grants.remove(id) != null);
        }

        @Override
        public boolean anyGlobalAdmin() {
            return locked(() -> state.grants.values().stream()
                    .anyMatch(
                            grant -> grant.permission().role() == Role.ADMIN && grant.permission().scope().isGlobal()));
        }
    }

    private final class Tokens implements TokenStore {
        @Override
        public ApiToken insert(NewApiToken token) {
            return locked(() -> {
                if (!state.users.containsKey(token.userId())) {
                    throw MainlineException.notFound("user %d does not exist", token.userId());
                }
                unique(state.tokens, -1, existing -> Optional.of(existing.secretHash()),
                        Optional.of(token.secretHash()),
                        "token hash");
                long id = state.nextId++;
                ApiToken created = new NewApiToken(token.userId(), token.name(), token.prefix(), token.secretHash(),
                        token.scopes(), micros(token.createdAt()), micros(token.expiresAt()), token.parentTokenId())
                        .withId(id);
                state.tokens.put(id, created);
                return created;
            });
        }

        @Override
        public Optional<ApiToken> findBySecretHash(String secretHash) {
            return locked(() -> state.tokens.values().stream()
                    .filter(token -> token.secretHash().equals(secretHash))
                    .findFirst());
        }

        @Override
        public Optional<ApiToken> findById(long id) {
            return locked(() -> Optional.ofNullable(state.tokens.get(id)));
        }

        @Override
        public List<ApiToken> listForUser(long userId) {
            return locked(() -> state.tokens.values().stream().filter(token -> token.userId() == userId).toList());
        }

        @Override
        public boolean revoke(long id, Instant now) {
            return locked(() -> {
                ApiToken token = state.tokens.get(id);
                if (token == null || token.isRevoked()) {
                    return false;
                }
                state.tokens.put(id, token.revoked(micros(now)));
                return true;
            });
        }
    }

    private final class Bootstrap implements BootstrapStore {
        @Override
        public boolean markCompleted(String adminLogin, Instant now) {
            return locked(() -> {
                if (state.bootstrappedAt.isPresent()) {
                    return false;
                }
                state.bootstrappedAt = Optional.of(micros(now));
                return true;
            });
        }

        @Override
        public Optional<Instant> completedAt() {
            return locked(() -> state.bootstrappedAt);
        }
    }

    private final class Audit implements AuditLog {
        @Override
        public AuditEvent append(AuditRecord record) {
            return locked(() -> {
                long id = state.nextId++;
                AuditRecord stored = new AuditRecord(micros(record.occurredAt()), record.actor(), record.actorUserId(),
                        record.channel(), record.action(), record.target(), record.outcome(), record.detail());
                AuditEvent event = new AuditEvent(id, stored);
                state.audit.put(id, event);
                return event;
            });
        }

        @Override
        public Page<AuditEvent> list(AuditQuery query, PageRequest page) {
            return locked(() -> {
                long before = page.after().map(cursor -> cursor.position()).orElse(Long.MAX_VALUE);
                List<AuditEvent> rows = state.audit.headMap(before, false).descendingMap().values().stream()
                        .filter(event -> query.matches(event.record()))
                        .limit(page.limit() + 1L)
                        .toList();
                return Page.fromRows(rows, page.limit(), AuditEvent::id);
            });
        }
    }

    private final class Apps implements AppStore {
        @Override
        public App insert(NewApp app, Instant now) {
            return locked(() -> {
                unique(state.apps, -1, existing -> Optional.of(existing.key().value()), Optional.of(app.key().value()),
                        "app key");
                long id = state.nextId++;
                App created = new App(id, app.key(), app.displayName(), app.platforms(), micros(now), micros(now));
                state.apps.put(id, created);
                return created;
            });
        }

        @Override
        public App update(long id, String displayName, Set<Platform> platforms, Instant now) {
            return locked(() -> {
                App existing = state.apps.get(id);
                if (existing == null) {
                    throw MainlineException.notFound("app %d does not exist", id);
                }
                App updated = new App(id, existing.key(), displayName, platforms, existing.createdAt(), micros(now));
                state.apps.put(id, updated);
                return updated;
            });
        }

        @Override
        public Optional<App> findByKey(AppKey key) {
            return locked(() -> state.apps.values().stream().filter(app -> app.key().equals(key)).findFirst());
        }

        @Override
        public Page<App> list(PageRequest page) {
            return locked(() -> page(state.apps, page, App::id));
        }
    }

    private final class Repositories implements SourceRepositoryStore {
        @Override
        public SourceRepository insert(NewSourceRepository repository, Instant now) {
            return locked(() -> {
                unique(state.repositories, -1, existing -> Optional.of(existing.name().value()),
                        Optional.of(repository.name().value()), "repository name");
                long id = state.nextId++;
                SourceRepository created = new SourceRepository(id, repository.name(), repository.defaultBranch(),
                        repository.forge(), micros(now));
                state.repositories.put(id, created);
                return created;
            });
        }

        @Override
        public Optional<SourceRepository> findByName(RepositoryName name) {
            return locked(() -> state.repositories.values().stream()
                    .filter(repository -> repository.name().equals(name))
                    .findFirst());
        }

        @Override
        public Page<SourceRepository> list(PageRequest page) {
            return locked(() -> page(state.repositories, page, SourceRepository::id));
        }
    }

    private final class Inbox implements InboxStore {
        @Override
        public boolean accept(InboxMessage message) {
            return locked(() -> state.inbox.putIfAbsent(message.source() + '\t' + message.id(),
                    new InboxMessage(message.source(), message.id(), message.kind(), message.payload().clone(),
                            micros(message.receivedAt()), message.doneAt().map(InMemoryStores::micros),
                            message.outcome())) == null);
        }

        @Override
        public Optional<InboxMessage> find(String source, String id) {
            return locked(() -> Optional.ofNullable(state.inbox.get(source + '\t' + id)));
        }

        @Override
        public List<InboxMessage> pending(String source, int limit) {
            return locked(() -> state.inbox.values().stream()
                    .filter(message -> message.source().equals(source) && message.doneAt().isEmpty())
                    .sorted(Comparator.comparing(InboxMessage::receivedAt).thenComparing(InboxMessage::id))
                    .limit(limit)
                    .toList());
        }

        @Override
        public boolean reopen(String source, String id, byte[] payload) {
            return locked(() -> state.inbox.computeIfPresent(source + '\t' + id,
                    (key, message) -> new InboxMessage(message.source(), message.id(), message.kind(),
                            payload.clone(), message.receivedAt(), Optional.empty(), Optional.empty())) != null);
        }

        @Override
        public void done(String source, String id, Instant at, String outcome) {
            locked(() -> state.inbox.computeIfPresent(source + '\t' + id,
                    (key, message) -> new InboxMessage(message.source(), message.id(), message.kind(),
                            message.payload(), message.receivedAt(), Optional.of(micros(at)),
                            Optional.of(InboxMessage.outcome(outcome)))));
        }

        @Override
        public int clearHandledPayloadsBefore(Instant cutoff) {
            return locked(() -> {
                int cleared = 0;
                for (Map.Entry<String, InboxMessage> entry : state.inbox.entrySet()) {
                    if (entry.getValue().payloadExpiredBefore(cutoff)) {
                        entry.setValue(entry.getValue().withoutPayload());
                        cleared++;
                    }
                }
                return cleared;
            });
        }
    }

    private final class PullRequests implements PullRequestStore {
        @Override
        public PullRequest open(RepositoryName repository, String branch, String title, String author, Instant now) {
            return locked(() -> {
                int number = InMemoryStores.this.state.pullRequests.values().stream()
                        .filter(pull -> pull.repository().equals(repository))
                        .mapToInt(PullRequest::number).max().orElse(0) + 1;
                PullRequest opened = new PullRequest(repository, number, branch, title, author, PullRequestState.OPEN,
                        micros(now), micros(now));
                InMemoryStores.this.state.pullRequests.put(repository.value() + '#' + number, opened);
                return opened;
            });
        }

        @Override
        public Optional<PullRequest> find(RepositoryName repository, int number) {
            return locked(() -> Optional
                    .ofNullable(InMemoryStores.this.state.pullRequests.get(repository.value() + '#' + number)));
        }

        @Override
        public Optional<PullRequest> findOpen(RepositoryName repository, String branch) {
            return locked(() -> InMemoryStores.this.state.pullRequests.values().stream()
                    .filter(pull -> pull.repository().equals(repository) && pull.branch().equals(branch)
                            && pull.state() == PullRequestState.OPEN)
                    .min(Comparator.comparingInt(PullRequest::number)));
        }

        @Override
        public Page<PullRequest> list(RepositoryName repository, Optional<PullRequestState> state, PageRequest page) {
            long before = page.after().map(cursor -> cursor.position()).orElse((long) Integer.MAX_VALUE);
            return locked(() -> Page.fromRows(InMemoryStores.this.state.pullRequests.values().stream()
                    .filter(pull -> pull.repository().equals(repository) && pull.number() < before
                            && state.map(wanted -> pull.state() == wanted).orElse(true))
                    .sorted(Comparator.comparingInt(PullRequest::number).reversed())
                    .limit(page.limit() + 1L)
                    .toList(), page.limit(), PullRequest::number));
        }

        @Override
        public int close(RepositoryName repository, List<Integer> numbers, PullRequestState state, Instant now) {
            return locked(() -> {
                int moved = 0;
                for (int number : numbers) {
                    PullRequest pull = InMemoryStores.this.state.pullRequests.get(repository.value() + '#' + number);
                    if (pull != null && pull.state() == PullRequestState.OPEN) {
                        InMemoryStores.this.state.pullRequests.put(repository.value() + '#' + number,
                                new PullRequest(repository, number,
                                        pull.branch(), pull.title(), pull.author(), state, pull.openedAt(),
                                        micros(now)));
                        moved++;
                    }
                }
                return moved;
            });
        }
    }

    private final class TestResults implements TestResultStore {
        @Override
        public List<Long> testsFailedOnBranch(Optional<RepositoryName> repository, String branch, int limit) {
            return locked(() -> {
                Map<Long, Instant> last = new java.util.HashMap<>();
                for (StoredFailure failure : state.testFailures) {
                    RunRow run = state.testRunRows.get(failure.runId());
                    if (run != null && run.run().branch().equals(Optional.of(branch)) && repository.map(
                            name -> name.equals(run.run().repository())).orElse(true)) {
                        last.merge(failure.testId(), failure.at(), (a, b) -> a.isAfter(b) ? a : b);
                    }
                }
                return last.entrySet().stream().sorted(Map.Entry.<Long, Instant>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey())).limit(limit).map(Map.Entry::getKey).toList();
            });
        }

        @Override
        public Optional<Long> findRun(RepositoryName repository, String digest) {
            return locked(() -> Optional.ofNullable(state.testRuns.get(repository.value() + '\t' + digest)));
        }

        @Override
        public StoredReport storeRun(TestRun run, String digest, String reportName, Instant at,
                List<TestCaseResult> tests) {
            return locked(() -> {
                String runKey = run.repository().value() + '\t' + digest;
                if (state.testRuns.containsKey(runKey)) {
                    throw MainlineException.alreadyExists("this report was stored before");
                }
                long runId = state.nextId++;
                state.testRuns.put(runKey, runId);
                LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
                long[] ids = new long[tests.size()];
                boolean[] skippedTests = new boolean[tests.size()];
                int failedTests = 0;
                for (int position = 0; position < ids.length; position++) {
                    TestCaseResult test = tests.get(position);
                    String testKey = String.join("\t", run.repository().value(), test.suite(), test.className(),
                            test.name());
                    StoredTest stored = state.tests.computeIfAbsent(testKey, key -> new StoredTest(state.nextId++,
                            run.repository(), test.suite(), test.className(), test.name(), test.file()));
                    if (stored.file().isEmpty() && test.file().isPresent()) {
                        stored = new StoredTest(stored.id(), stored.repository(), stored.suite(), stored.className(),
                                stored.name(), test.file());
                        state.tests.put(testKey, stored);
                    }
                    ids[position] = stored.id();
                    skippedTests[position] = test.outcome() == TestOutcome.SKIPPED;
                    failedTests += test.outcome().failed() ? 1 : 0;
                    long passed = 0;
                    long failed = 0;
                    long skipped = 0;
                    for (int index = 0; index < test.attempts().size(); index++) {
                        TestAttempt attempt = test.attempts().get(index);
                        switch (attempt.outcome()) {
                            case PASSED -> passed++;
                            case SKIPPED -> skipped++;
                            case FAILED, ERROR -> {
                                failed++;
                                boolean passedLater = test.attempts().subList(index + 1, test.attempts().size())
                                        .stream().anyMatch(later -> later.outcome() == TestOutcome.PASSED);
                                state.testFailures.add(new StoredFailure(runId, stored.id(), index + 1,
                                        attempt.outcome(), passedLater, attempt.failureType(), attempt.message(),
                                        attempt.stackTrace(), micros(at)));
                            }
                        }
                    }
                    DailyCounts before = state.testCounts.getOrDefault(stored.id() + "\t" + day,
                            new DailyCounts(stored.id(), day, 0, 0, 0));
                    state.testCounts.put(stored.id() + "\t" + day, new DailyCounts(stored.id(), day,
                            before.passed() + passed, before.failed() + failed, before.skipped() + skipped));
                }
                String jobKey = String.join("\t", run.repository().value(), run.commit(), run.job(),
                        String.valueOf(run.attempt()));
                JobRow job = state.testJobs.get(jobKey);
                job = job == null
                        ? new JobRow(state.nextId++, tests.size(), failedTests, run.author(), micros(at))
                        : new JobRow(job.id(), job.tests() + tests.size(), job.failed() + failedTests,
                                job.author().or(run::author), job.at());
                state.testJobs.put(jobKey, job);
                byte[] members = TestSet.of(ids, skippedTests).encode();
                String setKey = run.repository().value() + '\t' + java.util.HexFormat.of().formatHex(members);
                Long setId = state.testSetIds.get(setKey);
                if (setId == null) {
                    setId = state.nextId++;
                    state.testSetIds.put(setKey, setId);
                    state.testSets.put(setId, members);
                }
                state.testRunRows.put(runId, new RunRow(runId, run.repository().value(), jobKey, run.commit(),
                        micros(at), setId, run));
                return new StoredReport(runId, job.id(), setId, ids);
            });
        }

        @Override
        public Optional<StoredJob> job(RepositoryName repository, String commit, String job, int attempt) {
            String key = String.join("\t", repository.value(), commit, job, String.valueOf(attempt));
            return locked(() -> {
                JobRow row = state.testJobs.get(key);
                if (row == null) {
                    return Optional.empty();
                }
                List<RunRow> reports = state.testRunRows.values().stream().filter(run -> run.jobKey().equals(key))
                        .toList();
                TestRun first = reports.getFirst().run();
                TestRun run = new TestRun(first.repository(), first.commit(), first.branch(), first.pullRequest(),
                        first.job(), first.attempt(), row.author());
                return Optional.of(new StoredJob(row.id(), run, reports.size(), row.tests(), row.failed(), row.at(),
                        reports.getLast().at()));
            });
        }

        @Override
        public List<StoredFailure> jobFailures(long jobId, int limit) {
            return locked(() -> {
                Optional<String> key = state.testJobs.entrySet().stream()
                        .filter(entry -> entry.getValue().id() == jobId).map(Map.Entry::getKey).findFirst();
                return state.testFailures.stream().filter(failure -> key.isPresent() && key.get().equals(
                        state.testRunRows.get(failure.runId()).jobKey()))
                        .sorted(Comparator.comparingLong(StoredFailure::runId).thenComparingLong(StoredFailure::testId)
                                .thenComparingInt(StoredFailure::attempt))
                        .limit(limit).toList();
            });
        }

        @Override
        public Optional<StoredTest> findTest(RepositoryName repository, String suite, String className, String name) {
            return locked(() -> Optional.ofNullable(state.tests.get(String.join("\t", repository.value(), suite,
                    className, name))));
        }

        @Override
        public Optional<StoredTest> test(long testId) {
            return locked(() -> state.tests.values().stream().filter(test -> test.id() == testId).findFirst());
        }

        @Override
        public List<StoredTest> tests(Collection<Long> testIds) {
            Set<Long> wanted = Set.copyOf(testIds);
            return locked(() -> state.tests.values().stream().filter(test -> wanted.contains(test.id())).toList());
        }

        @Override
        public List<StoredTest> testsOf(RepositoryName repository) {
            return locked(() -> state.tests.values().stream().filter(test -> test.repository().equals(repository))
                    .sorted(Comparator.comparingLong(StoredTest::id)).toList());
        }

        @Override
        public Optional<String> ownershipVersion(RepositoryName repository) {
            return locked(() -> Optional.ofNullable(state.ownershipVersions.get(repository.value())));
        }

        @Override
        public void replaceOwnership(RepositoryName repository, String version, Map<Long, TestOwner> owners,
                Instant at) {
            locked(() -> {
                Set<Long> ofRepository = new java.util.HashSet<>();
                state.tests.values().stream().filter(test -> test.repository().equals(repository))
                        .forEach(test -> ofRepository.add(test.id()));
                state.testOwners.keySet().removeIf(ofRepository::contains);
                owners.forEach((id, owner) -> {
                    if (ofRepository.contains(id)) {
                        state.testOwners.put(id, owner);
                    }
                });
                state.ownershipVersions.put(repository.value(), version);
                return null;
            });
        }

        private boolean flaky(long testId) {
            StoredHealth health = state.testHealth.get(testId);
            return health != null && health.health() == TestHealth.FLAKY;
        }

        @Override
        public List<Long> flakyTestsOwnedBy(String owner) {
            return locked(() -> state.testOwners.entrySet().stream()
                    .filter(entry -> entry.getValue().owners().contains(owner) && flaky(entry.getKey()))
                    .map(Map.Entry::getKey).sorted().toList());
        }

        @Override
        public List<Long> flakyTestsFailedFor(Collection<String> authors, Instant since) {
            return locked(() -> {
                Set<String> jobKeys = new java.util.HashSet<>();
                state.testJobs.forEach((key, job) -> {
                    if (job.author().isPresent() && authors.contains(job.author().get()) && !job.at().isBefore(since)) {
                        jobKeys.add(key);
                    }
                });
                Set<Long> runs = new java.util.HashSet<>();
                state.testRunRows.values().stream().filter(run -> jobKeys.contains(run.jobKey()))
                        .forEach(run -> runs.add(run.id()));
                return state.testFailures.stream().filter(failure -> runs.contains(failure.runId()))
                        .map(StoredFailure::testId).distinct().filter(this::flaky).sorted().toList();
            });
        }

        @Override
        public List<Long> flakyTestsIn(RepositoryName repository, Collection<String> paths) {
            return locked(() -> state.testOwners.entrySet().stream()
                    .filter(entry -> entry.getValue().path().isPresent()
                            && paths.contains(entry.getValue().path().get()) && flaky(entry.getKey())
                            && state.tests.values().stream().anyMatch(test -> test.id() == entry.getKey()
                                    && test.repository().equals(repository)))
                    .map(Map.Entry::getKey).sorted().toList());
        }

        @Override
        public List<DailyTrend> trends(RepositoryName repository, Optional<String> team, LocalDate from,
                LocalDate to) {
            return locked(() -> {
                Map<LocalDate, int[]> days = new TreeMap<>();
                for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                    days.put(day, new int[4]);
                }
                java.util.function.Function<Instant, int[]> of = at -> days.get(LocalDate.ofInstant(at,
                        ZoneOffset.UTC));
                Map<String, JobRow> jobs = new java.util.HashMap<>();
                state.testJobs.forEach((key, job) -> {
                    if (key.startsWith(repository.value() + "\t") && of.apply(job.at()) != null) {
                        jobs.put(key, job);
                        of.apply(job.at())[0]++;
                    }
                });
                java.util.function.Predicate<Long> counted = testId -> team.isEmpty() || (state.testOwners
                        .containsKey(testId) && state.testOwners.get(testId).owners().contains(team.get()));
                Map<Long, RunRow> runs = new java.util.HashMap<>();
                state.testRunRows.values().forEach(run -> runs.put(run.id(), run));
                Set<String> failedJobs = new java.util.HashSet<>();
                for (StoredFailure failure : state.testFailures) {
                    RunRow run = runs.get(failure.runId());
                    if (run == null || !counted.test(failure.testId())) {
                        continue;
                    }
                    if (!failure.passedLater() && jobs.containsKey(run.jobKey()) && failedJobs.add(run.jobKey())) {
                        of.apply(jobs.get(run.jobKey()).at())[1]++;
                    }
                    int[] day = run.repository().equals(repository.value()) ? of.apply(failure.at()) : null;
                    if (day != null) {
                        day[2]++;
                        if (failure.passedLater() || flaky(failure.testId())) {
                            day[3]++;
                        }
                    }
                }
                return days.entrySet().stream().map(entry -> new DailyTrend(entry.getKey(), entry.getValue()[0],
                        entry.getValue()[1], entry.getValue()[2], entry.getValue()[3])).toList();
            });
        }

        @Override
        public void saveQuarantine(Quarantine quarantine) {
            locked(() -> {
                if (state.tests.values().stream().noneMatch(test -> test.id() == quarantine.testId())) {
                    throw MainlineException.notFound("test %d does not exist", quarantine.testId());
                }
                state.quarantines.put(quarantine.testId(), new Quarantine(quarantine.testId(), quarantine.state(),
                        quarantine.owner(), quarantine.reason(), quarantine.ticket(),
                        quarantine.expiresAt().map(InMemoryStores::micros), quarantine.changedBy(),
                        micros(quarantine.changedAt())));
                return null;
            });
        }

        @Override
        public Optional<Quarantine> quarantine(long testId) {
            return locked(() -> Optional.ofNullable(state.quarantines.get(testId)));
        }

        @Override
        public List<Quarantine> quarantines(RepositoryName repository) {
            return locked(() -> state.quarantines.values().stream()
                    .filter(quarantine -> state.tests.values().stream().anyMatch(test -> test.id() == quarantine
                            .testId() && test.repository().equals(repository)))
                    .toList());
        }

        @Override
        public List<StoredFailure> failures(long testId, int limit) {
            return locked(() -> state.testFailures.stream().filter(failure -> failure.testId() == testId)
                    .sorted(Comparator.comparing(StoredFailure::at).thenComparingLong(StoredFailure::runId)
                            .thenComparingInt(StoredFailure::attempt).reversed())
                    .limit(limit)
                    .toList());
        }

        @Override
        public List<FailedAttempt> failedAttemptsSince(Collection<Long> testIds, Instant since) {
            Set<Long> wanted = Set.copyOf(testIds);
            return locked(() -> state.testFailures.stream()
                    .filter(failure -> wanted.contains(failure.testId()) && !failure.at().isBefore(since))
                    .map(failure -> new FailedAttempt(failure.runId(), failure.testId(), failure.attempt(),
                            failure.outcome(), failure.passedLater()))
                    .toList());
        }

        @Override
        public Optional<DailyCounts> counts(long testId, LocalDate day) {
            return locked(() -> Optional.ofNullable(state.testCounts.get(testId + "\t" + day)));
        }

        @Override
        public Optional<TestSet> testSet(long testSetId) {
            return locked(() -> Optional.ofNullable(state.testSets.get(testSetId)).map(TestSet::decode));
        }

        @Override
        public List<Long> testSetsSince(RepositoryName repository, Instant since) {
            return locked(() -> state.testRunRows.values().stream()
                    .filter(run -> run.repository().equals(repository.value()) && !run.at().isBefore(since))
                    .map(RunRow::testSetId)
                    .distinct()
                    .sorted()
                    .toList());
        }

        @Override
        public List<StoredRun> runsWithTestSets(Collection<Long> testSetIds, Instant since) {
            Set<Long> wanted = Set.copyOf(testSetIds);
            return locked(() -> state.testRunRows.values().stream()
                    .filter(run -> wanted.contains(run.testSetId()) && !run.at().isBefore(since))
                    .sorted(Comparator.comparing(RunRow::at).thenComparingLong(RunRow::id))
                    .map(run -> {
                        JobRow job = state.testJobs.get(run.jobKey());
                        return new StoredRun(run.id(), job.id(), run.commit(), run.run().branch(), run.at(),
                                run.testSetId(), job.tests(), job.failed());
                    })
                    .toList());
        }

        @Override
        public void recordHealth(Map<Long, Flakiness> classified, Instant at) {
            locked(() -> {
                Set<Long> known = new java.util.HashSet<>();
                state.tests.values().forEach(test -> known.add(test.id()));
                classified.keySet().stream().filter(id -> !known.contains(id)).findFirst().ifPresent(id -> {
                    throw MainlineException.notFound("test %d does not exist", id);
                });
                classified.forEach((testId, flakiness) -> state.testHealth.put(testId, new StoredHealth(testId,
                        flakiness.health(), flakiness.score(), flakiness.reasons(), micros(at))));
                return null;
            });
        }

        @Override
        public Optional<StoredHealth> health(long testId) {
            return locked(() -> Optional.ofNullable(state.testHealth.get(testId)));
        }

        @Override
        public List<StoredHealth> testsNotHealthy(RepositoryName repository) {
            return locked(() -> state.tests.values().stream()
                    .filter(test -> test.repository().equals(repository))
                    .map(StoredTest::id)
                    .filter(id -> state.testHealth.containsKey(id)
                            && state.testHealth.get(id).health() != TestHealth.HEALTHY)
                    .sorted()
                    .map(state.testHealth::get)
                    .toList());
        }
    }

    private final class Logs implements LogStore {
        @Override
        public StoredLog add(LogSource source, String digest, long bytes, long lines, Instant receivedAt) {
            return locked(() -> {
                if (state.logs.values().stream().anyMatch(log -> log.digest().equals(digest))) {
                    throw MainlineException.alreadyExists("a log with digest %s is kept", digest);
                }
                StoredLog log = new StoredLog(state.nextId++, source, digest, bytes, lines, micros(receivedAt),
                        Optional.empty(), 0);
                state.logs.put(log.id(), log);
                return log;
            });
        }

        @Override
        public Optional<StoredLog> find(long id) {
            return locked(() -> Optional.ofNullable(state.logs.get(id)));
        }

        @Override
        public Optional<StoredLog> findByDigest(String digest) {
            return locked(() -> state.logs.values().stream().filter(log -> log.digest().equals(digest)).findFirst());
        }

        @Override
        public List<StoredLog> unindexed(int limit) {
            return locked(() -> state.logs.values().stream().filter(log -> log.indexedAt().isEmpty()).limit(limit)
                    .toList());
        }

        @Override
        public List<StoredLog> list(LogFilter filter, Optional<Long> beforeId, int limit) {
            Comparator<StoredLog> newestFirst = Comparator.comparing(StoredLog::time).thenComparingLong(StoredLog::id)
                    .reversed();
            return locked(() -> {
                Optional<StoredLog> after = beforeId.map(state.logs::get);
                return state.logs.values().stream().filter(filter::admits)
                        .filter(log -> beforeId.isEmpty() || (after.isPresent() && newestFirst.compare(log,
                                after.get()) > 0))
                        .sorted(newestFirst).limit(limit).toList();
            });
        }

        @Override
        public void indexed(long logId, Instant at, List<FailureOccurrence> failures) {
            locked(() -> {
                state.occurrences.values().removeIf(occurrence -> occurrence.logId().equals(Optional.of(logId)));
                record(failures);
                StoredLog log = state.logs.get(logId);
                if (log != null) {
                    state.logs.put(logId, new StoredLog(log.id(), log.source(), log.digest(), log.bytes(),
                            log.lines(), log.receivedAt(), Optional.of(micros(at)), failures.size()));
                }
                return null;
            });
        }

        @Override
        public void recordReportedFailures(List<FailureOccurrence> failures, long throughRunId) {
            locked(() -> {
                record(failures);
                state.reportsCursor = throughRunId;
                return null;
            });
        }

        private void record(List<FailureOccurrence> failures) {
            for (FailureOccurrence occurrence : failures) {
                ExtractedFailure failure = occurrence.failure();
                Instant at = micros(occurrence.at());
                FailureGroup group = state.failureGroups.values().stream()
                        .filter(candidate -> candidate.fingerprint().equals(failure.fingerprint())).findFirst()
                        .map(old -> new FailureGroup(old.id(), old.fingerprint(), old.kind(), old.title(),
                                old.signature(), at.isBefore(old.lastSeen()) ? old.sample() : failure.excerpt(),
                                at.isBefore(old.firstSeen()) ? at : old.firstSeen(),
                                at.isAfter(old.lastSeen()) ? at : old.lastSeen(), old.count() + 1))
                        .orElseGet(() -> new FailureGroup(state.nextId++, failure.fingerprint(), failure.kind(),
                                failure.title(), failure.signature(), failure.excerpt(), at, at, 1));
                state.failureGroups.put(group.id(), group);
                state.occurrences.put(state.nextId++, new StoredOccurrence(group.id(), occurrence.repository(),
                        occurrence.commit(), occurrence.branch(), occurrence.pullRequest(), occurrence.job(),
                        occurrence.release(), occurrence.logId(), failure.line(), occurrence.test(), at));
            }
        }

        @Override
        public Optional<FailureGroup> group(long id) {
            return locked(() -> Optional.ofNullable(state.failureGroups.get(id)));
        }

        @Override
        public List<FailureGroup> groupsByFingerprint(Collection<String> fingerprints) {
            return locked(() -> state.failureGroups.values().stream()
                    .filter(group -> fingerprints.contains(group.fingerprint())).toList());
        }

        @Override
        public List<FailureGroup> groupsAfter(long afterId, int limit) {
            return locked(() -> state.failureGroups.tailMap(afterId, false).values().stream().limit(limit).toList());
        }

        @Override
        public List<FailureGroup> groupsInRelease(String version, int limit) {
            return locked(() -> {
                Map<Long, Long> counts = new TreeMap<>();
                state.occurrences.values().stream()
                        .filter(occurrence -> occurrence.release().equals(Optional.of(version)))
                        .forEach(occurrence -> counts.merge(occurrence.groupId(), 1L, Long::sum));
                return counts.entrySet().stream()
                        .sorted(Map.Entry.<Long, Long>comparingByValue().reversed()
                                .thenComparing(entry -> state.failureGroups.get(entry.getKey()).lastSeen(),
                                        Comparator.reverseOrder()))
                        .limit(limit).map(entry -> state.failureGroups.get(entry.getKey())).toList();
            });
        }

        @Override
        public List<StoredOccurrence> occurrences(long groupId, int limit) {
            return locked(() -> state.occurrences.descendingMap().values().stream()
                    .filter(occurrence -> occurrence.groupId() == groupId)
                    .sorted(Comparator.comparing(StoredOccurrence::at).reversed()).limit(limit).toList());
        }

        @Override
        public List<ReportedFailure> reportedFailuresAfter(long afterRunId, int runs) {
            return locked(() -> {
                List<Long> runIds = state.testRunRows.tailMap(afterRunId, false).keySet().stream()
                        .filter(id -> state.testFailures.stream().anyMatch(failure -> failure.runId() == id))
                        .limit(runs).toList();
                List<ReportedFailure> reported = new ArrayList<>();
                for (long runId : runIds) {
                    TestRun run = state.testRunRows.get(runId).run();
                    state.testFailures.stream().filter(failure -> failure.runId() == runId)
                            .sorted(Comparator.comparingLong(StoredFailure::testId)
                                    .thenComparingInt(StoredFailure::attempt))
                            .forEach(failure -> {
                                StoredTest test = state.tests.values().stream()
                                        .filter(candidate -> candidate.id() == failure.testId()).findFirst()
                                        .orElseThrow();
                                String name = test.className().isEmpty()
                                        ? test.name()
                                        : test.className() + "." + test.name();
                                reported.add(new ReportedFailure(runId, run.repository(), run.commit(), run.branch(),
                                        run.pullRequest(), run.job(), name, failure.failureType(), failure.message(),
                                        failure.stackTrace(), failure.at()));
                            });
                }
                return reported;
            });
        }

        @Override
        public long reportedFailuresCursor() {
            return locked(() -> state.reportsCursor);
        }

        @Override
        public List<StoredLog> receivedBefore(Instant cutoff, int limit) {
            return locked(() -> state.logs.values().stream().filter(log -> log.receivedAt().isBefore(cutoff))
                    .sorted(Comparator.comparing(StoredLog::receivedAt).thenComparingLong(StoredLog::id))
                    .limit(limit).toList());
        }

        @Override
        public void delete(long id) {
            locked(() -> {
                state.occurrences.values().removeIf(occurrence -> occurrence.logId().equals(Optional.of(id)));
                state.logs.remove(id);
                // As the database's foreign key does: a queue's CI run whose log is gone keeps the rest.
                state.queueCiRuns.replaceAll((runId, run) -> run.log().equals(Optional.of(id))
                        ? new QueueCiRun(run.id(), run.repository(), run.build(), run.commit(), run.pullRequests(),
                                run.attempt(), run.startedAt(), run.finishedAt(), run.outcome(), Optional.empty(),
                                run.reports())
                        : run);
                return null;
            });
        }
    }

    private final class QueueCiRuns implements QueueCiRunStore {
        @Override
        public QueueCiRun started(RepositoryName repository, CiBuild build, Instant at) {
            return locked(() -> {
                int attempt = 1 + state.queueCiRuns.values().stream().filter(run -> run.repository().equals(
                        repository) && run.commit().equals(build.commit())).mapToInt(QueueCiRun::attempt).max()
                        .orElse(0);
                QueueCiRun run = new QueueCiRun(state.nextId++, repository, build.id(), build.commit(),
                        build.pullRequests(), attempt, micros(at), Optional.empty(), Optional.empty(),
                        Optional.empty(), 0);
                state.queueCiRuns.put(run.id(), run);
                return run;
            });
        }

        @Override
        public QueueCiRun finished(long id, CiOutcome outcome, Optional<Long> log, int reports, Instant at) {
            return locked(() -> {
                QueueCiRun run = state.queueCiRuns.get(id);
                if (run == null) {
                    throw MainlineException.notFound("the queue's CI run %d does not exist", id);
                }
                QueueCiRun ended = run.finished(micros(at), outcome, log, reports);
                state.queueCiRuns.put(id, ended);
                return ended;
            });
        }

        @Override
        public Optional<QueueCiRun> latest(RepositoryName repository, BuildId build, String commit) {
            return locked(() -> state.queueCiRuns.descendingMap().values().stream().filter(run -> run.repository()
                    .equals(repository) && run.build().equals(build) && run.commit().equals(commit)).findFirst());
        }

        @Override
        public Optional<QueueCiRun> latestOfCommit(RepositoryName repository, String commit) {
            return locked(() -> state.queueCiRuns.descendingMap().values().stream().filter(run -> run.repository()
                    .equals(repository) && run.commit().equals(commit)).findFirst());
        }

        @Override
        public List<QueueCiRun> ofBuilds(RepositoryName repository, Collection<BuildId> builds) {
            Set<BuildId> wanted = Set.copyOf(builds);
            return locked(() -> state.queueCiRuns.values().stream().filter(run -> run.repository().equals(repository)
                    && wanted.contains(run.build())).toList());
        }
    }

    private final class Releases implements ReleaseStore {
        @Override
        public Release insert(Release release) {
            return locked(() -> {
                if (state.releases.values().stream().anyMatch(other -> other.app().equals(release.app())
                        && other.platform() == release.platform() && other.version().equals(release.version()))) {
                    throw MainlineException.alreadyExists("%s %s %s is cut already", release.app(),
                            release.platform(), release.version());
                }
                Release stored = micros(release).stored(state.nextId++, 1);
                state.releases.put(stored.id(), stored);
                return stored;
            });
        }

        private Release micros(Release release) {
            return new Release(release.id(), release.app(), release.platform(), release.version(), release.build(),
                    release.branch(), release.state(), release.rolloutPercent(), release.approvals(),
                    release.crashFreeRate(), release.crashFreeAt().map(InMemoryStores::micros),
                    release.rolloutChangedAt().map(InMemoryStores::micros),
                    release.pending()
                            .map(pending -> new Release.Pending(pending.command(), pending.requestedBy(),
                                    InMemoryStores.micros(
                                            pending.requestedAt()))),
                    release.previousBuild(), release.revision(),
                    InMemoryStores.micros(release.createdAt()), InMemoryStores.micros(release.updatedAt()));
        }

        @Override
        public Optional<Release> find(long id) {
            return locked(() -> Optional.ofNullable(state.releases.get(id)));
        }

        @Override
        public Optional<Release> find(dev.mainline.common.AppKey app, Platform platform, String version) {
            return locked(() -> state.releases.values().stream().filter(release -> release.app().equals(app)
                    && release.platform() == platform && release.version().equals(version)).findFirst());
        }

        @Override
        public List<Release> list(dev.mainline.common.AppKey app, Optional<Platform> platform, int limit) {
            return locked(() -> state.releases.values().stream()
                    .filter(release -> release.app().equals(app)
                            && platform.map(wanted -> release.platform() == wanted).orElse(true))
                    .sorted(Comparator.comparing(Release::createdAt).thenComparingLong(Release::id).reversed())
                    .limit(limit).toList());
        }

        @Override
        public List<Release> inStates(Set<ReleaseState> states, long afterId, int limit) {
            if (states.isEmpty() || limit < 1 || limit > 1000) {
                throw MainlineException.invalid("releases are listed by one state or more, 1 to 1000 at a time,"
                        + " got %s and %d", states, limit);
            }
            return locked(() -> state.releases.tailMap(afterId, false).values().stream()
                    .filter(release -> states.contains(release.state())).limit(limit).toList());
        }

        @Override
        public boolean update(Release next, long expectedRevision) {
            return locked(() -> {
                Release current = state.releases.get(next.id());
                if (current == null || current.revision() != expectedRevision) {
                    return false;
                }
                state.releases.put(next.id(), micros(next).stored(next.id(), expectedRevision + 1));
                return true;
            });
        }

        @Override
        public void addEvent(ReleaseEvent event) {
            locked(() -> state.releaseEvents.add(new ReleaseEvent(event.releaseId(), InMemoryStores.micros(event.at()),
                    event.actor(), event.command(), event.outcome(), event.state(), event.rolloutPercent(),
                    event.detail())));
        }

        @Override
        public List<ReleaseEvent> events(long releaseId, int limit) {
            return locked(() -> {
                List<ReleaseEvent> all = state.releaseEvents.stream().filter(event -> event.releaseId() == releaseId)
                        .toList();
                return all.subList(Math.max(0, all.size() - limit), all.size());
            });
        }

        @Override
        public Optional<Runbook> runbook(dev.mainline.common.AppKey app) {
            return locked(() -> Optional.ofNullable(state.runbooks.get(app.value())));
        }

        @Override
        public void saveRunbook(dev.mainline.common.AppKey app, Runbook runbook, Instant at) {
            locked(() -> state.runbooks.put(app.value(), runbook));
        }

        @Override
        public boolean follow(long userId, dev.mainline.common.AppKey app, Instant at) {
            return locked(() -> state.follows.add(userId + "\t" + app.value()));
        }

        @Override
        public boolean unfollow(long userId, dev.mainline.common.AppKey app) {
            return locked(() -> state.follows.remove(userId + "\t" + app.value()));
        }

        @Override
        public List<dev.mainline.common.AppKey> followed(long userId) {
            return locked(() -> state.follows.subSet(userId + "\t", userId + "\t\uffff").stream()
                    .map(key -> new dev.mainline.common.AppKey(key.substring(key.indexOf('\t') + 1))).toList());
        }
    }
}
