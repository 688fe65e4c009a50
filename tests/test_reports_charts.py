"""The reports' SVG charts: images named by their title and described by the
page's summary, every number written on them as text, names escaped, and
text readable on every shade (white only on the darkest)."""

import re
from decimal import Decimal

from pressure.reports.charts import BLUES, TEXT, WHITE, bar_chart, heat_map, shade

D = Decimal


def test_a_heat_map_writes_every_cells_number():
    svg = heat_map(
        "flows", "Days lent", ["Camden", "Brent & Harrow"], ["Haringey", "Hackney"],
        [[D("5.5"), D(0)], [D(12), D("0.5")]],
    )  # fmt: skip

    assert svg.startswith("<svg")
    assert 'role="img"' in svg and 'aria-labelledby="flows-title flows-summary"' in svg
    assert '<title id="flows-title">Days lent</title>' in svg
    assert 'width="100%"' in svg and re.search(r'viewBox="0 0 \d+ \d+"', svg)
    numbers = re.findall(r'font-weight="bold"[^>]*>([^<]+)</text>', svg)
    assert numbers == ["5.5", "0", "12", "0.5"]
    assert "Brent &amp; Harrow" in svg and "Brent & Harrow" not in svg
    assert "<script" not in svg and "style=" not in svg


def test_only_the_darkest_shades_take_white_text():
    assert shade(D(0), D(10)) == (WHITE, shade(D(0), D(10))[1])
    assert shade(D(10), D(10)) == (BLUES[-1], WHITE)
    light_fill, light_text = shade(D(1), D(10))
    assert light_fill == BLUES[1] and light_text == TEXT


def test_a_bar_chart_labels_every_bar_and_says_which_bar_is_which():
    svg = bar_chart(
        "requests", "Requests", ["Jan 2026", "Feb 2026"],
        [("Posted", [3, 1]), ("Filled", [2, 0])],
    )  # fmt: skip

    assert "Posted (left bar)" in svg and "Filled (right bar)" in svg
    assert re.findall(r'text-anchor="middle" font-size="11"[^>]*>([^<]+)</text>', svg) == [
        "3", "2", "1", "0",
    ]  # fmt: skip
    assert "Jan 2026" in svg and "Feb 2026" in svg
