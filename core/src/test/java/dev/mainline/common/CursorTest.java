package dev.mainline.common;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 42, 1_000_000_007L, Long.MAX_VALUE})
    void decodesWhatItEncoded(long position) {
        String encoded = new Cursor(position).encode();

        assertThat(Cursor.decode(encoded)).isEqualTo(new Cursor(position));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 42, Long.MAX_VALUE})
    void encodesIntoUrlSafeText(long position) {
        assertThat(new Cursor(position).encode()).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not a cursor", "!!!!", "djE6", "%%%", "v1:5"})
    void refusesGarbage(String encoded) {
        assertThatMainlineException(() -> Cursor.decode(encoded))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("cursor is not valid: pass back the nextCursor of a previous page");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2:5", "v1:", "v1:five", "v1:5.0", "5", "v1:99999999999999999999"})
    void refusesWellEncodedTextThatIsNotAPosition(String decoded) {
        String encoded = base64(decoded);

        assertThatMainlineException(() -> Cursor.decode(encoded))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessageContaining("cursor is not valid");
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 1000, 100_000})
    void refusesOverLongCursorWithoutEchoingIt(int length) {
        String encoded = "A".repeat(length);

        assertThatMainlineException(() -> Cursor.decode(encoded))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessageNotContaining("AAAA");
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
