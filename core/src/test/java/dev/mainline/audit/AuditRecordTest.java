package dev.mainline.audit;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.common.ErrorCode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuditRecordTest {
    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void keepsShortDetailAsItIs() {
        assertThat(record("granted admin@global to 'ada'", NOW).detail()).isEqualTo("granted admin@global to 'ada'");
    }

    @Test
    void shortensOverLongDetailToTheMaximumMarkingTheCut() {
        String detail = "x".repeat(AuditRecord.MAX_DETAIL_LENGTH + 500);

        String stored = record(detail, NOW).detail();

        assertThat(stored).hasSize(AuditRecord.MAX_DETAIL_LENGTH).endsWith("x…");
    }

    @Test
    void keepsDetailOfExactlyTheMaximum() {
        String detail = "x".repeat(AuditRecord.MAX_DETAIL_LENGTH);

        assertThat(record(detail, NOW).detail()).isEqualTo(detail);
    }

    @Test
    void queryMatchesOnEveryFilterWithAnExclusiveEnd() {
        AuditRecord record = record("detail", NOW);
        AuditQuery all = AuditQuery.all();

        assertThat(all.matches(record)).isTrue();
        assertThat(new AuditQuery(Optional.of("ada"), Optional.of("user.create"), Optional.of("user:bob"),
                Optional.of(Outcome.DENIED), Optional.of(NOW), Optional.of(NOW.plusSeconds(1))).matches(record))
                .isTrue();
        assertThat(new AuditQuery(Optional.of("bob"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()).matches(record)).isFalse();
        assertThat(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Outcome.SUCCEEDED),
                Optional.empty(), Optional.empty()).matches(record)).isFalse();
        assertThat(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(NOW)).matches(record)).isFalse();
        assertThat(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(NOW.plusNanos(1)), Optional.empty()).matches(record)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void outcomeReadsBackItsKey(Outcome outcome) {
        assertThat(Outcome.fromKey(outcome.key())).isSameAs(outcome);
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void channelReadsBackItsKey(Channel channel) {
        assertThat(Channel.fromKey(channel.key())).isSameAs(channel);
    }

    @Test
    void refusesUnknownOutcomeAndChannel() {
        assertThatMainlineException(() -> Outcome.fromKey("failed"))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("outcome 'failed' is not known; expected 'succeeded' or 'denied'");
        assertThatMainlineException(() -> Channel.fromKey("email"))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("channel 'email' is not known");
    }

    private static AuditRecord record(String detail, Instant occurredAt) {
        return new AuditRecord(occurredAt, "ada", Optional.of(7L), Channel.CLI, "user.create", "user:bob",
                Outcome.DENIED, detail);
    }
}
