import os
import pytest

MARKER = os.path.join(os.path.dirname(__file__), "..", ".first-run-done")


def test_adds_line_totals():
    assert 2 + 3 == 5


def test_applies_the_coupon():
    assert 90 == 80, "coupon not applied"


def test_passes_on_its_second_run():
    # Flaky: fails until a marker file exists, which the first run leaves behind.
    first = not os.path.exists(MARKER)
    if first:
        open(MARKER, "w").close()
    assert not first, "timing-dependent result"


@pytest.fixture
def sandbox():
    raise ConnectionError("payment sandbox unreachable")


def test_pays_with_a_card(sandbox):
    assert sandbox


@pytest.mark.skip(reason="waiting for the payment sandbox")
def test_refunds():
    pass


@pytest.mark.xfail(reason="rounding bug CART-12")
def test_rounds_half_up():
    assert round(2.5) == 3


class TestCoupons:
    @pytest.mark.parametrize("code", ["SAVE10", "SAVE20"])
    def test_accepts(self, code):
        assert code.startswith("SAVE")
