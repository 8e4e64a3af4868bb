package dev.mainline.common;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageTest {
    private record Row(long id, String name) {
    }

    private static final List<Row> ROWS = List.of(new Row(3, "c"), new Row(7, "g"), new Row(9, "i"));

    @Test
    void isTheLastPageWhenTheRowsFitTheLimit() {
        Page<Row> page = Page.fromRows(ROWS, 3, Row::id);

        assertThat(page.items()).isEqualTo(ROWS);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void isTheLastPageWhenThereAreFewerRowsThanTheLimit() {
        Page<Row> page = Page.fromRows(ROWS, 50, Row::id);

        assertThat(page.items()).isEqualTo(ROWS);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void dropsTheExtraRowAndPointsTheCursorAtTheLastItemShown() {
        Page<Row> page = Page.fromRows(ROWS, 2, Row::id);

        assertThat(page.items()).containsExactly(new Row(3, "c"), new Row(7, "g"));
        assertThat(page.next()).contains(new Cursor(7));
    }

    @Test
    void isEmptyWithoutRows() {
        Page<Row> page = Page.fromRows(List.of(), 10, Row::id);

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void keepsItsItemsWhenTheRowsChangeLater() {
        List<Row> rows = new ArrayList<>(ROWS);
        Page<Row> page = Page.fromRows(rows, 2, Row::id);
        rows.clear();

        assertThat(page.items()).hasSize(2);
        assertThatThrownBy(() -> page.items().add(new Row(11, "k"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void mapsItemsAndKeepsTheCursor() {
        Page<String> names = Page.fromRows(ROWS, 2, Row::id).map(Row::name);

        assertThat(names.items()).containsExactly("c", "g");
        assertThat(names.next()).contains(new Cursor(7));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 50, PageRequest.MAX_LIMIT})
    void acceptsLimitsWithinBounds(int limit) {
        assertThat(PageRequest.first(limit)).isEqualTo(new PageRequest(Optional.empty(), limit));
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, PageRequest.MAX_LIMIT + 1})
    void refusesLimitsOutOfBounds(int limit) {
        assertThatMainlineException(() -> PageRequest.first(limit))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("limit must be between 1 and 200, got " + limit);
    }
}
