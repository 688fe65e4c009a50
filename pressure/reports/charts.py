"""Charts drawn on the server as SVG: no JavaScript, no inline styles (the CSP
allows neither), only SVG's own presentation attributes.

Every chart is an image (`role="img"`) named by its `<title>` and described
by the page's text summary (`aria-labelledby` both), with every number written
on it as text, never shown by colour alone; the page puts the data table
beside it. A chart scales to its column through its viewBox (`width="100%"`),
so it fits a phone.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

FONT = 'font-family="arial, sans-serif"'
TEXT = "#0b0c0c"  # GOV.UK text colour
SECONDARY = "#505a5f"
BORDER = "#b1b4b6"
WHITE = "#ffffff"
# GOV.UK blues from light to dark: a cell's colour says roughly how many
# days; the number on it says exactly.
BLUES = ["#f4f8fb", "#d2e2f1", "#a6c5e3", "#5694ca", "#1d70b8", "#003078"]
# The two darkest need white text to keep a 4.5:1 contrast; the rest take black.
DARK_FROM = 4
# The series of a bar chart: dark blue, then orange with a pattern of its own.
SERIES_COLOURS = ["#1d70b8", "#f47738", "#00703c"]
CHAR_WIDTH = 7.5  # roughly, for a 14px Arial label
# A bar chart of a few months is drawn this wide at least, so its bars are not
# blown up to fill the page.
MIN_WIDTH = 560
ORDINALS = ["left", "right", "third"]


def number_text(value: Decimal | int) -> str:
    """12, 12.5: whole days without a trailing .0."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return str(value)


def _svg(chart_id: str, title: str, width: float, height: float, body: list[str]) -> SafeString:
    opening = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        'width="100%" viewBox="0 0 {} {}" aria-labelledby="{}-title {}-summary" id="{}">'
        '<title id="{}-title">{}</title>',
        round(width),
        round(height),
        chart_id,
        chart_id,
        chart_id,
        chart_id,
        title,
    )
    return mark_safe(opening + "".join(body) + "</svg>")


def shade(value: Decimal, largest: Decimal) -> tuple[str, str]:
    """A cell's fill and its text colour for `value` out of the `largest`."""
    if not value or not largest:
        return WHITE, SECONDARY
    step = 1 + int((len(BLUES) - 2) * (value / largest))
    step = min(step, len(BLUES) - 1)
    return BLUES[step], WHITE if step >= DARK_FROM else TEXT


def heat_map(
    chart_id: str,
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[Decimal]],
) -> SafeString:
    """A grid: one row per lending borough, one column per host borough, each
    cell shaded by its number of days and labelled with it."""
    cell = 60
    row_label = max((len(name) for name in rows), default=4) * CHAR_WIDTH + 12
    column_label = max((len(name) for name in columns), default=4) * CHAR_WIDTH * 0.72 + 16
    top = column_label + 20
    width = row_label + cell * len(columns) + column_label * 0.72 + 10
    height = top + cell * len(rows) + 10
    largest = max((v for row in values for v in row), default=Decimal(0))
    body = [
        f'<text x="{row_label:.0f}" y="16" font-size="14" {FONT} fill="{SECONDARY}">'
        "Hosted by →</text>"
        f'<text x="{row_label - 8:.0f}" y="{top - 8:.0f}" text-anchor="end" font-size="14" '
        f'{FONT} fill="{SECONDARY}">Lent by ↓</text>'
    ]
    for n, name in enumerate(columns):
        x = row_label + cell * n + cell / 2
        body.append(
            f'<text x="{x:.0f}" y="{top - 8:.0f}" font-size="14" {FONT} fill="{TEXT}" '
            f'transform="rotate(-45 {x:.0f} {top - 8:.0f})">{escape(name)}</text>'
        )
    for r, name in enumerate(rows):
        y = top + cell * r
        body.append(
            f'<text x="{row_label - 8:.0f}" y="{y + cell / 2 + 5:.0f}" text-anchor="end" '
            f'font-size="14" {FONT} fill="{TEXT}">{escape(name)}</text>'
        )
        for c, value in enumerate(values[r]):
            x = row_label + cell * c
            fill, ink = shade(value, largest)
            body.append(
                f'<rect x="{x:.0f}" y="{y:.0f}" width="{cell}" height="{cell}" fill="{fill}" '
                f'stroke="{BORDER}"/>'
                f'<text x="{x + cell / 2:.0f}" y="{y + cell / 2 + 6:.0f}" text-anchor="middle" '
                f'font-size="16" font-weight="bold" {FONT} fill="{ink}">{number_text(value)}</text>'
            )
    return _svg(chart_id, title, width, height, body)


def bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | int]]],
    unit: str = "",
) -> SafeString:
    """Bars for each label (a month), one per series side by side, each with
    its number above it; a legend names the series in order."""
    left, top, bottom, plot_height = 40, 40, 56, 200
    group = max(28 * len(series) + 12, 40)
    bar = (group - 12) / len(series)
    width = max(left + group * len(labels) + 10, MIN_WIDTH)
    height = top + plot_height + bottom
    largest = max((v for _, values in series for v in values), default=0) or 1
    body = []
    x = left
    for n, (name, _) in enumerate(series):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        # Not by colour alone: the legend says which bar of each pair is which.
        if len(series) > 1:
            name = f"{name} ({ORDINALS[n]} bar)"
        body.append(
            f'<rect x="{x}" y="8" width="14" height="14" fill="{colour}"/>'
            f'<text x="{x + 20}" y="20" font-size="14" {FONT} fill="{TEXT}">{escape(name)}</text>'
        )
        x += 20 + len(name) * CHAR_WIDTH + 24
    width = max(width, x)
    base = top + plot_height
    body.append(
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{TEXT}"/>'
        f'<text x="{left - 6}" y="{base + 5}" text-anchor="end" font-size="12" {FONT} '
        f'fill="{SECONDARY}">0</text>'
    )
    for m, label in enumerate(labels):
        gx = left + group * m + 6
        for n, (_, values) in enumerate(series):
            value = values[m]
            bar_height = float(value) / float(largest) * (plot_height - 20)
            bx = gx + bar * n
            colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
            body.append(
                f'<rect x="{bx:.1f}" y="{base - bar_height:.1f}" width="{bar - 2:.1f}" '
                f'height="{bar_height:.1f}" fill="{colour}"/>'
                f'<text x="{bx + (bar - 2) / 2:.1f}" y="{base - bar_height - 4:.1f}" '
                f'text-anchor="middle" font-size="11" {FONT} fill="{TEXT}">'
                f"{number_text(value)}{unit}</text>"
            )
        cx = gx + (group - 12) / 2
        body.append(
            f'<text x="{cx:.1f}" y="{base + 16}" text-anchor="end" font-size="12" {FONT} '
            f'fill="{TEXT}" transform="rotate(-45 {cx:.1f} {base + 16})">{escape(label)}</text>'
        )
    return _svg(chart_id, title, width, height, body)
