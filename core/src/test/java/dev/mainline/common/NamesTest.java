package dev.mainline.common;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"payments", "payments-ios", "0day", "a"})
    void acceptsAppKeys(String value) {
        assertThat(new AppKey(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Payments", "-payments", "pay ments", "pay_ments", "payments/ios"})
    void refusesMalformedAppKeys(String value) {
        assertThatMainlineException(() -> new AppKey(value))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessageStartingWith("app key '" + value + "' is not valid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme/api", "Acme-Corp/api.v2", "a/b", "under_score/dot.ted", ".github/.dotfiles", "a/..."})
    void acceptsRepositoryNames(String value) {
        assertThat(new RepositoryName(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "acme/", "/api", "acme/api/extra", "acme/a pi", "acme\\api", "../api", "./api",
            "acme/..", "acme/.", "../.."})
    void refusesMalformedRepositoryNames(String value) {
        assertThatMainlineException(() -> new RepositoryName(value))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessageContaining("expected 'owner/name'");
    }
}
