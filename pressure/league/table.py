"""The league table's rows, filters and open-data metadata, shared by the page,
its CSV and its JSON so that all three carry the same figures."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.http import QueryDict

from boroughs.models import BoroughKind, WorkforceFigure
from pressure.index import (
    MEASURE_LABELS,
    MEASURES,
    OWN_REPORT_MONTHS,
    Standing,
    references,
    standings,
)

LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
SOURCES = [
    {
        "name": "Department for Education, Children's social work workforce statistics "
        "(reporting years 2017 to 2025, figures at 30 September)",
        "url": "https://explore-education-statistics.service.gov.uk/find-statistics/"
        "childrens-social-work-workforce",
        "licence": LICENCE["name"],
    },
    {
        "name": "Monthly pressure reports made by boroughs' own managers on Secondment Exchange",
        "licence": LICENCE["name"],
    },
]
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0: "
    "Department for Education, Children's social work workforce statistics."
)


@dataclass(frozen=True)
class Filters:
    region: str = ""
    kind: str = ""

    def keep(self, standing: Standing) -> bool:
        return (not self.region or standing.region == self.region) and (
            not self.kind or standing.kind == self.kind
        )

    def as_dict(self) -> dict[str, str]:
        return {"region": self.region, "kind": self.kind}


class BadFilter(ValueError):
    """A filter value not among the choices: the request is answered with 400."""


def read_filters(query: QueryDict, regions: list[str]) -> Filters:
    region, kind = query.get("region", ""), query.get("kind", "")
    if region and region not in regions:
        raise BadFilter("Choose a region from the list")
    if kind and kind not in BoroughKind.values:
        raise BadFilter("Choose a kind of authority from the list")
    return Filters(region=region, kind=kind)


@dataclass
class League:
    standings: list[Standing]
    references: dict[str, Decimal]
    reference_year: int | None
    regions: list[str]
    today: datetime.date

    def filtered(self, filters: Filters) -> list[Standing]:
        return [standing for standing in self.standings if filters.keep(standing)]

    def find(self, gss_code: str) -> Standing | None:
        return next((s for s in self.standings if s.gss_code == gss_code), None)


def league(*, today: datetime.date | None = None) -> League:
    today = today or datetime.date.today()
    ranked = standings(today=today)
    rows = [row for standing in ranked for row in standing.history]
    return League(
        standings=ranked,
        references=references(rows),
        reference_year=max((row.year for row in rows), default=None),
        regions=sorted({standing.region for standing in ranked}),
        today=today,
    )


def kind_label(kind: str) -> str:
    return dict(BoroughKind.choices).get(kind, kind)


def flags(standing: Standing, *, with_reporting: bool = True) -> list[str]:
    """What a reader must know to read the row right, in plain words. The
    table shows "not reported" as a tag instead (`with_reporting=False`)."""
    said = []
    if standing.combined_reporting:
        said.append(
            f"Reported together with its partner ({standing.dfe_la_name}): the figures "
            "and FTE are the combined service's, not this authority's alone"
        )
    if standing.latest_not_published:
        said.append(
            f"DfE {standing.latest_year} figures not available: "
            f"shows DfE {standing.dfe_year} figures"
        )
    if standing.nobody_in_post:
        said.append(
            "No social workers in post (FTE 0): the vacancy and agency rates are 100% by "
            "definition, so the index leaves them out"
        )
    if standing.small_numbers:
        said.append("Very few social workers: one person changes a rate a great deal")
    if with_reporting and not standing.reported:
        said.append(f"DfE figure; no own report in the last {OWN_REPORT_MONTHS} months")
    return said


def as_record(standing: Standing) -> dict:
    """One authority as the JSON gives it (the CSV flattens the same record)."""
    return {
        "rank": standing.rank,
        "gss_code": standing.gss_code,
        "name": standing.name,
        "region": standing.region,
        "kind": kind_label(standing.kind),
        "pressure_index": _number(standing.index),
        "fte": _number(standing.fte),
        "fte_source": f"DfE {standing.dfe_year}" if standing.dfe_year else "Not published",
        "measures": {
            measure: {
                "value": _number(standing.figures[measure].value),
                "source": standing.figures[measure].source,
            }
            for measure in MEASURES
        },
        "own_report_month": standing.own_report_month.strftime("%Y-%m")
        if standing.own_report_month
        else None,
        "combined_reporting": standing.combined_reporting,
        "notes": flags(standing) + ([standing.notes] if standing.notes else []),
        "trend": {str(year): _number(index) for year, index in standing.trend},
    }


def _number(value: Decimal | None) -> float | None:
    # JSON numbers: one decimal place, as published.
    return None if value is None else float(value)


CSV_HEADER = [
    "rank",
    "gss_code",
    "name",
    "region",
    "kind",
    "pressure_index",
    "fte",
    "fte_source",
    *[column for measure in MEASURES for column in (measure, f"{measure}_source")],
    "own_report_month",
    "combined_reporting",
    "notes",
]


def metadata(league_: League, filters: Filters) -> dict:
    return {
        "title": "Children's social work pressure league table",
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "sources": SOURCES,
        "generated_on": league_.today.isoformat(),
        "filters": filters.as_dict(),
        "formula": {
            "description": FORMULA_TEXT,
            "reference_year": league_.reference_year,
            "references": {m: _number(v) for m, v in league_.references.items()},
            "measure_labels": MEASURE_LABELS,
            "own_report_months": OWN_REPORT_MONTHS,
        },
    }


FORMULA_TEXT = (
    "For each measure take the authority's figure: from its own monthly report if it made one "
    f"in the last {OWN_REPORT_MONTHS} months (vacancy, agency, caseload), otherwise DfE's figure "
    "from the latest year DfE published figures for it. Divide by England's reference (the median "
    "of all authorities' DfE figures in the latest year) and multiply by 100. The pressure index "
    "is the mean of these scores over the measures the authority has, rounded to one decimal "
    "place. 100 is a typical authority; higher means more pressure. Where DfE counts no social "
    "worker in post (FTE 0), the vacancy, agency and turnover rates are left out."
)


# Kept for the authority page: the yearly figures in the order shown.
YEAR_COLUMNS = ("fte", *MEASURES)


def year_rows(standing: Standing) -> list[tuple[WorkforceFigure, Decimal | None]]:
    trend = dict(standing.trend)
    return [(row, trend.get(row.year)) for row in reversed(standing.history)]


def standing_context(user, borough) -> dict:
    """A borough page's league table section: its index, rank and who may report."""
    ranked = standings()
    standing = next((s for s in ranked if s.gss_code == borough.gss_code), None)
    return {
        "league_standing": standing,
        "league_total": sum(1 for s in ranked if s.rank),
        "may_report_pressure": user.coordinates(borough) or user.manages(borough),
    }
