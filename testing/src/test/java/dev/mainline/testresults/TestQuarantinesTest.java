package dev.mainline.testresults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.audit.AuditEvent;
import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestQuarantinesTest {
    private static final RepositoryName API = new RepositoryName("acme/api");

    private final TestingClock clock = new TestingClock();
    private final Stores stores = new InMemoryStores().stores();
    private final TestQuarantines quarantines = new TestQuarantines(stores.testResults(),
            new Authorizer(stores.auditLog(), clock), stores.transactions(), clock);
    private final Actor ada = actor("ada", "engineer@repository:acme/api");
    private final Actor viewer = actor("vic", "viewer@repository:acme/api");
    private final long flaky;
    private final long broken;
    private final long healthy;
    private final long quarantined;

    TestQuarantinesTest() {
        StoredReport report = stores.testResults().storeRun(new TestRun(API, "0123abcd", Optional.empty(),
                Optional.empty(), "unit", 1), "1".repeat(64), "report.xml", clock.instant(),
                List.of(
                        test("flaky"), test("broken"), test("healthy"), test("quarantined")));
        flaky = report.testIds()[0];
        broken = report.testIds()[1];
        healthy = report.testIds()[2];
        quarantined = report.testIds()[3];
        stores.testResults().recordHealth(Map.of(
                flaky, new Flakiness(TestHealth.FLAKY, 0.4, 10, 0, 2, 0, 0.2, List.of("failed, then passed on retry,"
                        + " in 2 runs")),
                broken, new Flakiness(TestHealth.BROKEN, 0.1, 10, 0, 0, 0, 0.1, List.of("failed in each of its last"
                        + " 3 runs")),
                quarantined, new Flakiness(TestHealth.BROKEN, 0, 10, 0, 0, 0, 0, List.of())), clock.instant());
        quarantines.quarantine(ada, API, quarantined, new TestQuarantines.Request(Optional.of("@acme/cart"),
                "the sandbox is down until Friday", Optional.of("https://jira.example.com/browse/CART-7"),
                Optional.of(clock.instant().plus(Duration.ofDays(3)))));
    }

    @Test
    void failuresAreExcusedOnlyWhenEachIsQuarantinedOrKnownFlaky() {
        FailureVerdict excused = quarantines.judge(viewer, API, List.of(name("flaky"), name("quarantined")));
        assertThat(excused.allExcused()).isTrue();
        assertThat(excused.failures()).extracting(FailureVerdict.Judged::why).containsExactly(
                "known flaky: failed, then passed on retry, in 2 runs",
                "quarantined by ada: the sandbox is down until Friday (https://jira.example.com/browse/CART-7)");

        FailureVerdict counted = quarantines.judge(viewer, API, List.of(name("flaky"), name("broken"),
                name("healthy"), name("brand-new")));
        assertThat(counted.allExcused()).isFalse();
        assertThat(counted.counted()).extracting(FailureVerdict.Judged::why).containsExactly(
                "broken: it has failed every time lately", "not known to be flaky",
                "never seen before: a new failure counts");
        assertThat(quarantines.judge(viewer, API, List.of()).allExcused()).as("nothing to excuse").isFalse();
    }

    @Test
    void aFlakyTestMadeToCountAgainIsNoLongerExcused() {
        quarantines.quarantine(ada, API, flaky, new TestQuarantines.Request(Optional.empty(), "flakes on CI",
                Optional.empty(), Optional.empty()));
        quarantines.release(ada, API, flaky, "the flake must be seen");

        FailureVerdict verdict = quarantines.judge(viewer, API, List.of(name("flaky")));
        assertThat(verdict.allExcused()).isFalse();
        assertThat(verdict.failures().getFirst().why()).isEqualTo("made to count again by ada: the flake must be seen");
    }

    @Test
    void anExpiredQuarantineExcusesNothing() {
        clock.advance(Duration.ofDays(3));

        assertThat(quarantines.judge(viewer, API, List.of(name("quarantined"))).allExcused()).isFalse();
        assertThat(quarantines.inForce(viewer, API)).isEmpty();
    }

    @Test
    void aFixedTestCountsAgainAndCanBeQuarantinedAgain() {
        Quarantine fixed = quarantines.markFixed(ada, API, quarantined, "the sandbox is back");

        assertThat(fixed.state()).isEqualTo(QuarantineState.FIXED);
        assertThat(fixed.owner()).contains("@acme/cart");
        assertThat(quarantines.judge(viewer, API, List.of(name("quarantined"))).allExcused()).isFalse();
        assertThatThrownBy(() -> quarantines.markFixed(ada, API, quarantined, "again"))
                .hasMessageContaining("is not quarantined");
        assertThat(quarantines.release(ada, API, quarantined, "no longer watched").state())
                .isEqualTo(QuarantineState.ACTIVE);
        assertThatThrownBy(() -> quarantines.release(ada, API, quarantined, "again"))
                .hasMessageContaining("neither quarantined nor fixed");
        quarantines.quarantine(ada, API, quarantined, new TestQuarantines.Request(Optional.empty(), "down again",
                Optional.empty(), Optional.empty()));
        assertThat(quarantines.judge(viewer, API, List.of(name("quarantined"))).allExcused()).isTrue();
    }

    @Test
    void onlyEngineersQuarantineAndEveryChangeAndRefusalIsAudited() {
        TestQuarantines.Request request = new TestQuarantines.Request(Optional.empty(), "flaky on CI",
                Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> quarantines.quarantine(viewer, API, healthy, request))
                .isInstanceOf(MainlineException.class)
                .satisfies(e -> assertThat(((MainlineException) e).errorCode()).isEqualTo(
                        ErrorCode.PERMISSION_DENIED));
        assertThat(stores.testResults().quarantine(healthy)).isEmpty();
        assertThatThrownBy(() -> quarantines.quarantine(ada, new RepositoryName("acme/web"), healthy, request))
                .satisfies(e -> assertThat(((MainlineException) e).errorCode()).isEqualTo(
                        ErrorCode.PERMISSION_DENIED));

        List<AuditRecord> audit = stores.auditLog().list(AuditQuery.all(), PageRequest.firstPage()).items().stream()
                .map(AuditEvent::record).toList().reversed();
        assertThat(audit).extracting(AuditRecord::action).containsExactly("test.quarantine", "test.quarantine",
                "test.quarantine");
        assertThat(audit.getFirst().detail()).contains("quarantined Suite › quarantined: the sandbox is down");
        assertThat(audit.get(1).actor()).isEqualTo("vic");
        assertThat(audit.get(1).outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void badRequestsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> quarantines.quarantine(ada, API, healthy, new TestQuarantines.Request(
                Optional.of("cart team"), "r", Optional.empty(), Optional.empty()))).hasMessageContaining("owner");
        assertThatThrownBy(() -> quarantines.quarantine(ada, API, healthy, new TestQuarantines.Request(
                Optional.empty(), " ", Optional.empty(), Optional.empty()))).hasMessageContaining("reason");
        assertThatThrownBy(() -> quarantines.quarantine(ada, API, healthy, new TestQuarantines.Request(
                Optional.empty(), "r", Optional.of("javascript:alert(1)"), Optional.empty())))
                .hasMessageContaining("ticket");
        assertThatThrownBy(() -> quarantines.quarantine(ada, API, healthy, new TestQuarantines.Request(
                Optional.empty(), "r", Optional.empty(), Optional.of(clock.instant().minusSeconds(1)))))
                .hasMessageContaining("expiresAt");
        assertThatThrownBy(() -> quarantines.quarantine(ada, API, 999_999, new TestQuarantines.Request(
                Optional.empty(), "r", Optional.empty(), Optional.empty()))).hasMessageContaining("does not exist");
        assertThat(stores.testResults().quarantine(healthy)).isEmpty();
    }

    private static TestCaseResult test(String name) {
        return new TestCaseResult("Suite", "Suite", name, Optional.empty(), List.of(TestAttempt.passed(
                Duration.ZERO)));
    }

    private static TestName name(String name) {
        return new TestName("Suite", "Suite", name);
    }

    private static Actor actor(String login, String permission) {
        return new Actor(login.hashCode(), login, Channel.API, List.of(Permission.parse(permission)),
                Optional.empty());
    }
}
