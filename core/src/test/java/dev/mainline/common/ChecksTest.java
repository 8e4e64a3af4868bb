package dev.mainline.common;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksTest {
    private static final Pattern LOWER_CASE = Pattern.compile("[a-z]+");

    @Test
    void acceptsTextAtTheLimit() {
        String value = "x".repeat(100);

        assertThat(Checks.text("name", value, 100)).isSameAs(value);
    }

    @Test
    void reportsOverLongTextByLengthWithoutEchoingIt() {
        String value = "secret-" + "x".repeat(200);

        assertThatMainlineException(() -> Checks.text("name", value, 100))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("name must be at most 100 characters, got 207")
                .hasMessageNotContaining("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\nbreak", "nul\u0000byte", "tab\there", "escape\u001b[31m", "delete\u007f",
            "\u0085next"})
    void refusesControlCharacters(String value) {
        assertThatMainlineException(() -> Checks.text("name", value, 100))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("name must not contain control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n \n"})
    void refusesBlankText(String value) {
        assertThatMainlineException(() -> Checks.text("name", value, 100))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("name must not be blank");
    }

    @Test
    void refusesMissingText() {
        assertThatMainlineException(() -> Checks.text("name", null, 100))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("name is required");
    }

    @Test
    void namesFieldValueAndExpectationWhenTextDoesNotMatch() {
        assertThatMainlineException(() -> Checks.matching("code", "ABC", 10, LOWER_CASE, "lower-case letters"))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("code 'ABC' is not valid: lower-case letters");
    }

    @Test
    void shortensTheEchoOfALongValueThatDoesNotMatch() {
        String value = "A".repeat(80) + "tail-that-must-not-be-echoed";

        assertThatMainlineException(() -> Checks.matching("code", value, 200, LOWER_CASE, "lower-case letters"))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("code '" + "A".repeat(80) + "…' is not valid: lower-case letters");
    }

    @Test
    void checksOptionalTextOnlyWhenPresent() {
        assertThat(Checks.optionalMatching("code", Optional.empty(), 10, LOWER_CASE, "lower-case letters")).isEmpty();
        assertThat(Checks.optionalMatching("code", Optional.of("abc"), 10, LOWER_CASE, "lower-case letters"))
                .contains("abc");
        assertThatMainlineException(
                () -> Checks.optionalMatching("code", Optional.of("ABC"), 10, LOWER_CASE, "lower-case letters"))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void acceptsNumbersWithinInclusiveBounds() {
        assertThat(Checks.between("limit", 1, 1, 5)).isEqualTo(1);
        assertThat(Checks.between("limit", 5, 1, 5)).isEqualTo(5);
        assertThatMainlineException(() -> Checks.between("limit", 6, 1, 5))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("limit must be between 1 and 5, got 6");
    }
}
