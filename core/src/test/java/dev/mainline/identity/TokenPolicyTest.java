package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.common.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenPolicyTest {
    private static final TokenPolicy POLICY = new TokenPolicy(Duration.ofDays(30), Duration.ofDays(90));

    @Test
    void givesTheDefaultLifetimeWhenNoneIsAsked() {
        assertThat(POLICY.lifetime(Optional.empty())).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void givesTheAskedLifetimeUpToTheMaximum() {
        assertThat(POLICY.lifetime(Optional.of(Duration.ofHours(1)))).isEqualTo(Duration.ofHours(1));
        assertThat(POLICY.lifetime(Optional.of(Duration.ofDays(90)))).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void refusesLifetimeAboveTheMaximum() {
        assertThatMainlineException(() -> POLICY.lifetime(Optional.of(Duration.ofDays(90).plusSeconds(1))))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("lifetime PT2160H1S is longer than the allowed maximum PT2160H");
    }

    @Test
    void refusesDefaultLongerThanTheMaximum() {
        assertThatThrownBy(() -> new TokenPolicy(Duration.ofDays(91), Duration.ofDays(90)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultLifetime PT2184H is longer than maxLifetime PT2160H");
        assertThatThrownBy(() -> new TokenPolicy(Duration.ZERO, Duration.ofDays(90)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultLifetime must be positive");
    }

    @Test
    void requestRefusesNonPositiveLifetime() {
        List<Permission> scopes = List.of(Permission.parse("viewer@global"));

        assertThatMainlineException(() -> new TokenRequest("ci", scopes, Optional.of(Duration.ZERO)))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("lifetime must be positive, got PT0S");
        assertThatMainlineException(() -> new TokenRequest("ci", scopes, Optional.of(Duration.ofMinutes(-5))))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void requestNeedsBetweenOneAndTwentyScopes() {
        List<Permission> twentyOne = IntStream.rangeClosed(1, 21)
                .mapToObj(index -> Permission.of(Role.VIEWER, Scope.app("app-" + index)))
                .toList();

        assertThatMainlineException(() -> new TokenRequest("ci", List.of(), Optional.empty()))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessageContaining("scopes must name at least one permission");
        assertThatMainlineException(() -> new TokenRequest("ci", twentyOne, Optional.empty()))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("scopes may name at most 20 permissions, got 21");
        assertThat(new TokenRequest("ci", twentyOne.subList(0, 20), Optional.empty()).scopes()).hasSize(20);
    }

    @Test
    void unrestrictedRequestIsScopedGlobalAdmin() {
        assertThat(TokenRequest.unrestricted("laptop").scopes()).containsExactly(Permission.parse("admin@global"));
    }
}
