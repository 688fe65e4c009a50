"""The pressure index: one number per authority, defined here and explained on
the league table page, reproducible by hand from the figures the page shows.

1. For each measure (vacancy rate, agency rate, turnover rate, caseload per
   FTE) take the authority's current figure: from its own monthly pressure
   report when it has one for one of the last OWN_REPORT_MONTHS months
   (vacancy, agency and caseload; turnover is not reported monthly), otherwise
   DfE's figure from the latest year in which DfE published any figures for
   the authority (2025 for all but Kensington and Chelsea and Westminster,
   whose latest are 2024's). A measure blank in that year is left out: an
   older year's figure is not carried forward.
2. The England reference for each measure is the median of DfE's figures for
   the latest reporting year across the authorities that have one (each row of
   the file counts once, so both partners of a combined service count).
3. Each measure's score is figure / reference x 100 (100 = a typical authority).
4. The index is the mean of the scores the authority has, rounded to one
   decimal place (half up). An authority with no figures has no index.

Ranking: highest index first; equal indexes by name. DfE's "low" (rounds to
zero but is not zero) counts as 0, in the references too; other blanks are
left out of the mean. So are the rates of a year in which DfE counts no
social worker in post (FTE 0: the Isles of Scilly in 2025): the vacancy and
agency rates are then 100 % whoever else works there, and turnover has no
base, so they measure nobody's pressure and would put the authority first. The trend of each authority is the same calculation on
each year's DfE figures against the same (latest year's) references, so a
change in the trend is a change in the authority's own figures.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from boroughs.models import Borough, PressureReport, WorkforceFigure

MEASURES = ("vacancy_rate", "agency_rate", "turnover_rate", "caseload_per_fte")
MEASURE_LABELS = {
    "vacancy_rate": "Vacancy rate (%)",
    "agency_rate": "Agency worker rate (%)",
    "turnover_rate": "Turnover rate (%)",
    "caseload_per_fte": "Caseload per worker",
}
# A monthly report stands for this many months (the month reported on and the two after).
OWN_REPORT_MONTHS = 3
# Which report field stands for which measure.
OWN_REPORT_FIELDS = {
    "vacancy_rate": "vacancy_rate",
    "agency_rate": "agency_rate",
    "caseload_per_fte": "average_caseload",
}
ONE_DP = Decimal("0.1")


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    year: int | None = None  # DfE reporting year, for a DfE figure
    month: datetime.date | None = None  # the month reported on, for the borough's own

    @property
    def source(self) -> str:
        if self.month is not None:
            return f"Own report, {self.month:%B %Y}"
        if self.year is not None:
            return f"DfE {self.year}"
        return "Not published"

    @property
    def is_own(self) -> bool:
        return self.month is not None


@dataclass
class Standing:
    gss_code: str
    name: str
    region: str
    kind: str
    figures: dict[str, Figure]
    fte: Decimal | None = None
    dfe_year: int | None = None  # the DfE year the figures and FTE come from
    latest_year: int | None = None  # the latest year in the files (blank here or not)
    combined_reporting: bool = False
    notes: str = ""
    dfe_la_name: str = ""
    own_report_month: datetime.date | None = None
    index: Decimal | None = None
    rank: int | None = None
    trend: list[tuple[int, Decimal | None]] = field(default_factory=list)
    history: list[WorkforceFigure] = field(default_factory=list)

    @property
    def reported(self) -> bool:
        return self.own_report_month is not None

    @property
    def latest_not_published(self) -> bool:
        """DfE published nothing for the latest year (Kensington and Chelsea, Westminster)."""
        return self.dfe_year is not None and self.dfe_year != self.latest_year

    @property
    def nobody_in_post(self) -> bool:
        """DfE counts no social worker in post: its rates are left out of the index."""
        return self.fte == 0

    @property
    def small_numbers(self) -> bool:
        """A service of a handful of social workers: one person moves a rate by tens of points."""
        return self.fte is not None and self.fte < SMALL_SERVICE_FTE

    @property
    def trend_known(self) -> list[tuple[int, Decimal]]:
        return [(year, index) for year, index in self.trend if index is not None]


# Below this many FTE social workers a rate is a few people (City of London, Isles of Scilly).
SMALL_SERVICE_FTE = Decimal("25")


def _months_back(today: datetime.date, months: int) -> datetime.date:
    month_index = today.year * 12 + today.month - 1 - months
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def own_report_since(today: datetime.date) -> datetime.date:
    """The first month whose own report still stands today."""
    return _months_back(today.replace(day=1), OWN_REPORT_MONTHS - 1)


def references(figures: Iterable[WorkforceFigure]) -> dict[str, Decimal]:
    """England's median of each measure in the latest DfE year."""
    rows = list(figures)
    if not rows:
        return {}
    latest = max(row.year for row in rows)
    result = {}
    for measure in MEASURES:
        values = [
            value
            for row in rows
            if row.year == latest and (value := counted_value(row, measure)) is not None
        ]
        if values:
            result[measure] = Decimal(median(values))
    return result


def index_of(values: dict[str, Decimal | None], refs: dict[str, Decimal]) -> Decimal | None:
    scores = [
        values[m] / refs[m] * 100 for m in MEASURES if values.get(m) is not None and refs.get(m)
    ]
    if not scores:
        return None
    return (sum(scores) / len(scores)).quantize(ONE_DP, rounding=ROUND_HALF_UP)


def dfe_value(row: WorkforceFigure, measure: str) -> Decimal | None:
    value = getattr(row, measure)
    if value is None and f"{measure}: low" in row.notes:
        # DfE's "low": rounds to zero but is not zero.
        return Decimal("0")
    return value


# Rates worked out over the social workers in post (SOURCES.md, "Columns").
RATES_OVER_STAFF_IN_POST = ("vacancy_rate", "agency_rate", "turnover_rate")


def nobody_in_post(row: WorkforceFigure | None) -> bool:
    return row is not None and row.fte == 0


def counted_value(row: WorkforceFigure, measure: str) -> Decimal | None:
    """DfE's figure as the index counts it: none for a rate over nobody in post."""
    if measure in RATES_OVER_STAFF_IN_POST and nobody_in_post(row):
        return None
    return dfe_value(row, measure)


def _has_figures(row: WorkforceFigure) -> bool:
    return row.fte is not None or any(dfe_value(row, m) is not None for m in MEASURES)


def _latest_own_reports(today: datetime.date) -> dict[str, PressureReport]:
    """Each borough's latest report that still stands, by ONS code. Few rows (three
    months of London's reports), so the latest is picked here, on any database."""
    own: dict[str, PressureReport] = {}
    for report in (
        PressureReport.objects.filter(month__gte=own_report_since(today), month__lte=today)
        .select_related("borough")
        .order_by("month")
    ):
        own[report.borough.gss_code] = report
    return own


def standings(*, today: datetime.date | None = None) -> list[Standing]:
    """Every authority with DfE figures, ranked by the index (see the module
    docstring). Unranked authorities (no figures at all) come last."""
    today = today or datetime.date.today()
    rows = list(WorkforceFigure.objects.order_by("gss_code", "year"))
    refs = references(rows)
    by_code: dict[str, list[WorkforceFigure]] = defaultdict(list)
    for row in rows:
        by_code[row.gss_code].append(row)
    own = _latest_own_reports(today)

    result = []
    for code, history in by_code.items():
        latest = history[-1]
        published = next((row for row in reversed(history) if _has_figures(row)), None)
        figures = {
            measure: Figure(dfe_value(published, measure), year=published.year)
            if published is not None and dfe_value(published, measure) is not None
            else Figure(None)
            for measure in MEASURES
        }
        report = own.get(code)
        if report is not None:
            for measure, report_field in OWN_REPORT_FIELDS.items():
                figures[measure] = Figure(getattr(report, report_field), month=report.month)
        standing = Standing(
            gss_code=code,
            name=latest.name,
            region=latest.region,
            kind=latest.kind,
            figures=figures,
            fte=published.fte if published else None,
            dfe_year=published.year if published else None,
            latest_year=latest.year,
            combined_reporting=latest.combined_reporting,
            notes=latest.notes,
            dfe_la_name=latest.dfe_la_name,
            own_report_month=report.month if report else None,
            history=history,
        )
        counted = {
            m: f.value if f.is_own or published is None else counted_value(published, m)
            for m, f in figures.items()
        }
        standing.index = index_of(counted, refs)
        standing.trend = [
            (row.year, index_of({m: counted_value(row, m) for m in MEASURES}, refs))
            for row in history
        ]
        result.append(standing)

    result.sort(key=lambda s: (s.index is None, -(s.index or 0), s.name))
    for position, standing in enumerate(result, start=1):
        standing.rank = position if standing.index is not None else None
    return result


def indexes_for(
    boroughs: Iterable[Borough], *, today: datetime.date | None = None
) -> dict[int, Decimal | None]:
    """The current index of each borough, by borough id (None where unknown)."""
    by_code = {s.gss_code: s.index for s in standings(today=today)}
    return {borough.pk: by_code.get(borough.gss_code) for borough in boroughs}
