"""A small line chart of an authority's pressure index over the years, drawn
on the server as inline SVG: an image with a text alternative that says the
same numbers, beside which the page prints them too."""

from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 120
HEIGHT = 40
PAD = 4
REFERENCE = Decimal("100")


def short_trend(points: list[tuple[int, Decimal]]) -> str:
    """ "2017 95.0 → 2025 120.3": the first and last years with an index."""
    if not points:
        return "No index in any year"
    (first_year, first), (last_year, last) = points[0], points[-1]
    if first_year == last_year:
        return f"{last_year} {last}"
    return f"{first_year} {first} → {last_year} {last}"


def describe(name: str, points: list[tuple[int, Decimal]]) -> str:
    years = "; ".join(f"{year} {index}" for year, index in points)
    return f"Pressure index of {name} by year (100 is England's typical authority): {years}"


def sparkline(name: str, points: list[tuple[int, Decimal]], *, scale: float = 1.0) -> Markup:
    """The index by year as a line, with a dashed line at 100 (England's median)."""
    if not points:
        return Markup("")
    width, height = WIDTH * scale, HEIGHT * scale
    values = [index for _, index in points] + [REFERENCE]
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    first_year, last_year = points[0][0], points[-1][0]
    years = (last_year - first_year) or 1

    def x(year: int) -> float:
        return round(PAD + (width - 2 * PAD) * (year - first_year) / years, 1)

    def y(value: Decimal) -> float:
        return round(float(height - PAD - (height - 2 * PAD) * float((value - low) / span)), 1)

    line = " ".join(f"{x(year)},{y(index)}" for year, index in points)
    last_x, last_y = x(points[-1][0]), y(points[-1][1])
    label = escape(describe(name, points))
    return Markup(
        f'<svg class="app-sparkline" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width:g}" height="{height:g}" viewBox="0 0 {width:g} {height:g}" '
        f'aria-label="{label}"><title>{label}</title>'
        f'<line x1="{PAD}" x2="{width - PAD:g}" y1="{y(REFERENCE)}" y2="{y(REFERENCE)}" '
        f'stroke="#505a5f" stroke-width="1" stroke-dasharray="3 3"/>'
        f'<polyline points="{line}" fill="none" stroke="#1d70b8" stroke-width="2"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="3" fill="#1d70b8"/></svg>'
    )
