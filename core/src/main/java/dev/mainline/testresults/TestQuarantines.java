package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Transactions;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Scope;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Quarantine, as people and CI use it: a test is quarantined with an owner, a reason, a ticket and an expiry; marked
 * fixed by its owner; or made to count again. CI asks whether a run's failures are all excused — each quarantined,
 * or classified flaky — so the run can pass; the merge queue asks the same before charging a failure to a pull
 * request. Every change is role-checked and audited.
 */
public final class TestQuarantines {
    private static final Pattern OWNER = Pattern.compile("@[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:/[A-Za-z0-9._-]{1,100})?"
            + "|[^@\\s]{1,64}@[^@\\s]{1,100}\\.[^@\\s]{1,20}");
    private static final Duration LONGEST = Duration.ofDays(366);
    private static final int MAX_REASON = 500;
    private static final int MAX_JUDGED = 10_000;

    private final TestResultStore store;
    private final Authorizer authorizer;
    private final Transactions transactions;
    private final Clock clock;

    public TestQuarantines(TestResultStore store, Authorizer authorizer, Transactions transactions, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What is asked of a quarantine: who owns fixing the test, why, its ticket, and when it ends on its own. */
    public record Request(Optional<String> owner, String reason, Optional<String> ticket, Optional<Instant> expiresAt) {
        public Request {
            requireNonNull(owner, "owner is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(ticket, "ticket is null");
            requireNonNull(expiresAt, "expiresAt is null");
        }
    }

    /** Quarantines a test (or changes its quarantine): from now its failures fail nothing until it is fixed. */
    public Quarantine quarantine(Actor actor, RepositoryName repository, long testId, Request request) {
        StoredTest test = authorized(actor, Action.TEST_QUARANTINE, repository, testId);
        String reason = reason(request.reason());
        request.owner().ifPresent(owner -> {
            if (owner.length() > 100 || !OWNER.matcher(owner).matches()) {
                throw MainlineException.invalid("owner must be @user, @org/team or an email of at most 100 characters,"
                        + " got '%s'",
                        Checks.echo(owner));
            }
        });
        Optional<String> ticket = request.ticket().map(TestQuarantines::ticket);
        Instant now = clock.instant();
        request.expiresAt().ifPresent(expiry -> {
            if (!expiry.isAfter(now) || expiry.isAfter(now.plus(LONGEST))) {
                throw MainlineException.invalid("expiresAt must be in the future and within %d days, got %s",
                        LONGEST.toDays(), expiry);
            }
        });
        Quarantine quarantine = new Quarantine(testId, QuarantineState.QUARANTINED, request.owner(), reason, ticket,
                request.expiresAt(), actor.login(), now);
        return save(actor, test, quarantine, "quarantined %s: %s%s%s".formatted(name(test), reason,
                ticket.map(link -> " (" + link + ")").orElse(""),
                request.expiresAt().map(expiry -> ", until " + expiry).orElse("")));
    }

    /** Its owner says it is fixed: it counts again, and its record says so. */
    public Quarantine markFixed(Actor actor, RepositoryName repository, long testId, String note) {
        StoredTest test = authorized(actor, Action.TEST_QUARANTINE, repository, testId);
        Quarantine current = store.quarantine(testId)
                .filter(quarantine -> quarantine.stateAt(clock.instant()) == QuarantineState.QUARANTINED)
                .orElseThrow(() -> MainlineException.invalid(
                        "test %d (%s) is not quarantined; only a quarantined test can be marked fixed", testId,
                        name(test)));
        Quarantine fixed = new Quarantine(testId, QuarantineState.FIXED, current.owner(), reason(note),
                current.ticket(), Optional.empty(), actor.login(), clock.instant());
        return save(actor, test, fixed, "marked %s fixed: %s".formatted(name(test), fixed.reason()));
    }

    /** Ends a quarantine (or a fixed record) without a fix: the test counts again. */
    public Quarantine release(Actor actor, RepositoryName repository, long testId, String reason) {
        StoredTest test = authorized(actor, Action.TEST_QUARANTINE, repository, testId);
        Quarantine current = store.quarantine(testId).filter(quarantine -> quarantine.state() != QuarantineState.ACTIVE)
                .orElseThrow(() -> MainlineException.invalid(
                        "test %d (%s) is neither quarantined nor fixed", testId, name(test)));
        Quarantine active = new Quarantine(testId, QuarantineState.ACTIVE, current.owner(), reason(reason),
                current.ticket(), Optional.empty(), actor.login(), clock.instant());
        return save(actor, test, active, "made %s count again: %s".formatted(name(test), active.reason()));
    }

    public Optional<Quarantine> quarantineOf(Actor actor, RepositoryName repository, long testId) {
        authorized(actor, Action.TEST_RESULTS_READ, repository, testId);
        return store.quarantine(testId);
    }

    /** The quarantine records of a repository whose state is in force now: quarantined, or fixed. */
    public List<Quarantine> inForce(Actor actor, RepositoryName repository) {
        authorizer.require(actor, Action.TEST_RESULTS_READ, Scope.repository(repository.value()),
                "repository:" + repository);
        Instant now = clock.instant();
        return store.quarantines(repository).stream()
                .filter(quarantine -> quarantine.stateAt(now) != QuarantineState.ACTIVE)
                .toList();
    }

    /** Are all these failures excused? Asked by CI about its failed tests, by name. */
    public FailureVerdict judge(Actor actor, RepositoryName repository, List<TestName> failures) {
        authorizer.require(actor, Action.TEST_RESULTS_READ, Scope.repository(repository.value()),
                "repository:" + repository);
        return judge(repository, failures);
    }

    /** The same question asked by Mainline itself (the merge queue, before charging a failed build). */
    public FailureVerdict judge(RepositoryName repository, List<TestName> failures) {
        if (failures.size() > MAX_JUDGED) {
            throw MainlineException.invalid("at most %d failures can be judged at once, got %d", MAX_JUDGED,
                    failures.size());
        }
        Instant now = clock.instant();
        List<FailureVerdict.Judged> judged = new ArrayList<>();
        for (TestName failure : failures) {
            Optional<StoredTest> test = store.findTest(repository, failure.suite(), failure.className(),
                    failure.name());
            if (test.isEmpty()) {
                judged.add(new FailureVerdict.Judged(failure, false, "never seen before: a new failure counts",
                        Optional.empty(), Optional.empty(), Optional.empty()));
                continue;
            }
            long id = test.get().id();
            Optional<TestHealth> health = store.health(id).map(StoredHealth::health);
            Optional<Quarantine> quarantine = store.quarantine(id);
            Optional<QuarantineState> state = quarantine.map(record -> record.stateAt(now));
            if (state.orElse(QuarantineState.ACTIVE) == QuarantineState.QUARANTINED) {
                Quarantine record = quarantine.get();
                judged.add(new FailureVerdict.Judged(failure, true, "quarantined by %s: %s%s".formatted(
                        record.changedBy(), record.reason(), record.ticket().map(link -> " (" + link + ")")
                                .orElse("")),
                        Optional.of(id), health, state));
            } else if (quarantine.isPresent() && quarantine.get().state() != QuarantineState.QUARANTINED) {
                // Someone said it counts again (fixed, or released): a flaky classification, which lags, is no excuse.
                Quarantine record = quarantine.get();
                judged.add(new FailureVerdict.Judged(failure, false, "%s by %s: %s".formatted(
                        record.state() == QuarantineState.FIXED ? "marked fixed" : "made to count again",
                        record.changedBy(), record.reason()), Optional.of(id), health, state));
            } else if (health.orElse(TestHealth.HEALTHY) == TestHealth.FLAKY) {
                judged.add(new FailureVerdict.Judged(failure, true, "known flaky: " + String.join("; ",
                        store.health(id).map(StoredHealth::reasons).orElse(List.of())), Optional.of(id), health,
                        state));
            } else {
                String why = switch (health.orElse(TestHealth.HEALTHY)) {
                    case BROKEN -> "broken: it has failed every time lately";
                    case UNKNOWN -> "too few runs to call it flaky";
                    case HEALTHY, FLAKY -> "not known to be flaky";
                };
                judged.add(new FailureVerdict.Judged(failure, false, why, Optional.of(id), health, state));
            }
        }
        return FailureVerdict.of(judged);
    }

    private StoredTest authorized(Actor actor, Action action, RepositoryName repository, long testId) {
        authorizer.require(actor, action, Scope.repository(repository.value()), "repository:" + repository);
        return store.test(testId).filter(test -> test.repository().equals(repository))
                .orElseThrow(() -> MainlineException.notFound("test %d does not exist in %s", testId, repository));
    }

    private Quarantine save(Actor actor, StoredTest test, Quarantine quarantine, String detail) {
        return transactions.inTransaction(() -> {
            store.saveQuarantine(quarantine);
            authorizer.succeeded(actor, Action.TEST_QUARANTINE, "repository:%s test:%d".formatted(test.repository(),
                    test.id()), detail);
            return quarantine;
        });
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON
                || reason.chars().anyMatch(character -> character != '\n' && Character.isISOControl(character))) {
            throw MainlineException.invalid("reason must have 1 to %d characters and no control characters",
                    MAX_REASON);
        }
        return reason.strip();
    }

    private static String ticket(String ticket) {
        try {
            URI uri = new URI(ticket);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if (ticket.length() <= 500 && (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return ticket;
            }
        } catch (URISyntaxException e) {
            // Refused below, with the value.
        }
        throw MainlineException.invalid("ticket must be an http(s) link of at most 500 characters, got '%s'",
                Checks.echo(ticket));
    }

    private static String name(StoredTest test) {
        return new TestName(test.suite(), test.className(), test.name()).toString();
    }
}
