package dev.mainline.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void codesAreUniqueAndKebabCase() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code))
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z]+(-[a-z]+)*"));
    }

    @Test
    void tokenProblemsAreAuthenticationFailuresAndPermissionIsForbidden() {
        assertThat(ErrorCode.TOKEN_INVALID.kind()).isEqualTo(ErrorCode.Kind.UNAUTHENTICATED);
        assertThat(ErrorCode.TOKEN_EXPIRED.kind()).isEqualTo(ErrorCode.Kind.UNAUTHENTICATED);
        assertThat(ErrorCode.TOKEN_REVOKED.kind()).isEqualTo(ErrorCode.Kind.UNAUTHENTICATED);
        assertThat(ErrorCode.PERMISSION_DENIED.kind()).isEqualTo(ErrorCode.Kind.FORBIDDEN);
        assertThat(ErrorCode.BOOTSTRAP_UNAVAILABLE.kind()).isEqualTo(ErrorCode.Kind.CONFLICT);
    }
}
