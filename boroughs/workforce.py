"""Load DfE's children's social work workforce figures for the 153 authorities.

The files, their columns and their sources are described in
boroughs/data/national/SOURCES.md. Every row of both files is read and checked
before anything is written: a bad row raises WorkforceDataError naming the
file, the line and the column, and the database is left as it was. Loading the
same files again changes nothing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from boroughs.loading import DATA_DIR, ENGLAND_FILE, KINDS, BoroughDataError, read_rows
from boroughs.models import MAX_AVERAGE_CASELOAD, WorkforceFigure

NATIONAL_DIR = DATA_DIR / "national"
LATEST_FILE = "csww_workforce_2025.csv"
LATEST_YEAR = 2025
TIMESERIES_FILE = "csww_workforce_timeseries_2017_2025.csv"
FIRST_YEAR = 2017

COLUMNS = (
    "gss_code",
    "name",
    "year",
    "fte",
    "vacancy_rate",
    "agency_rate",
    "turnover_rate",
    "caseload_per_fte",
    "dfe_la_code",
    "dfe_la_name",
    "combined_reporting",
    "notes",
)
RATES = ("vacancy_rate", "agency_rate", "turnover_rate")
MEASURES = ("fte", *RATES, "caseload_per_fte")
# England's largest authority employs under 1,000 FTE; ten times that is a typing slip.
MAX_FTE = Decimal("10000")
ONE_DP = Decimal("0.1")
BOOLEANS = {"true": True, "false": False}
SAVED_FIELDS = (
    "name",
    "region",
    "kind",
    "fte",
    *RATES,
    "caseload_per_fte",
    "dfe_la_code",
    "dfe_la_name",
    "combined_reporting",
    "notes",
)


class WorkforceDataError(BoroughDataError):
    """A workforce file is missing or wrong. Nothing has been written."""


@dataclass(frozen=True)
class WorkforceLoadResult:
    created: int
    updated: int
    total: int
    authorities: int


@dataclass(frozen=True)
class _Authority:
    name: str
    region: str
    kind: str


def load_workforce(
    *, data_dir: Path | None = None, authorities_file: Path | None = None
) -> WorkforceLoadResult:
    """Create or update a WorkforceFigure for every authority and year in the
    2025 file and the 2017-2025 time series (the same figures for 2025)."""
    data_dir = NATIONAL_DIR if data_dir is None else Path(data_dir)
    authorities = _read_authorities(authorities_file or DATA_DIR / ENGLAND_FILE)
    latest = _read_figures(data_dir / LATEST_FILE, authorities)
    series = _read_figures(data_dir / TIMESERIES_FILE, authorities)
    _check_latest(latest, authorities, data_dir / LATEST_FILE)
    _check_series_agrees(series, latest, data_dir / TIMESERIES_FILE)
    figures = {key: fields for key, (_, fields) in series.items()}
    with transaction.atomic():
        created, updated = _save(figures)
    return WorkforceLoadResult(
        created=created,
        updated=updated,
        total=len(figures),
        authorities=len({code for code, _ in figures}),
    )


def _error(path: Path, line: int, column: str, problem: str) -> WorkforceDataError:
    return WorkforceDataError(f"{path.name} line {line}, column {column}: {problem}")


def _read_authorities(path: Path) -> dict[str, _Authority]:
    """Region and kind come from the project's list of the 153 authorities."""
    authorities = {}
    for line, row in read_rows(path, ("gss_code", "name", "region", "kind")):
        kind = KINDS.get(row["kind"])
        if kind is None:
            raise _error(path, line, "kind", f"unknown kind {row['kind']!r}")
        authorities[row["gss_code"]] = _Authority(row["name"], row["region"], kind.value)
    return authorities


def _decimal(path: Path, line: int, column: str, text: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _error(path, line, column, f"{text!r} is not a number") from None
    if not value.is_finite():
        raise _error(path, line, column, f"{text!r} is not a number")
    if value < 0:
        raise _error(path, line, column, f"{text} is negative")
    if column in RATES and value > 100:
        raise _error(path, line, column, f"{text} is not a percentage from 0 to 100")
    if column == "caseload_per_fte" and value > MAX_AVERAGE_CASELOAD:
        raise _error(path, line, column, f"{text} cases per worker is over {MAX_AVERAGE_CASELOAD}")
    if column == "fte" and value > MAX_FTE:
        raise _error(path, line, column, f"{text} FTE is over {MAX_FTE}")
    if value != value.quantize(ONE_DP):
        raise _error(path, line, column, f"{text} has more than one decimal place")
    return value.quantize(ONE_DP)


def _read_figures(
    path: Path, authorities: dict[str, _Authority]
) -> dict[tuple[str, int], tuple[int, dict]]:
    """Each row checked and turned into a WorkforceFigure's fields, by (code, year)."""
    this_year = datetime.date.today().year
    figures: dict[tuple[str, int], tuple[int, dict]] = {}
    for line, row in read_rows(path, COLUMNS):
        code = row["gss_code"]
        authority = authorities.get(code)
        if authority is None:
            raise _error(path, line, "gss_code", f"{code!r} is not one of the 153 authorities")
        if row["name"] != authority.name:
            raise _error(
                path, line, "name", f"{row['name']!r} is not {code}'s name ({authority.name!r})"
            )
        try:
            year = int(row["year"])
        except ValueError:
            raise _error(path, line, "year", f"{row['year']!r} is not a year") from None
        if not FIRST_YEAR <= year <= min(LATEST_YEAR, this_year):
            raise _error(path, line, "year", f"{year} is outside {FIRST_YEAR}-{LATEST_YEAR}")
        if (code, year) in figures:
            other = figures[(code, year)][0]
            raise _error(path, line, "year", f"{code} {year} is also on line {other}")
        combined = BOOLEANS.get(row["combined_reporting"])
        if combined is None:
            raise _error(
                path, line, "combined_reporting", f"{row['combined_reporting']!r} is not true/false"
            )
        if not row["dfe_la_code"] or not row["dfe_la_name"]:
            column = "dfe_la_code" if not row["dfe_la_code"] else "dfe_la_name"
            raise _error(path, line, column, "is blank")
        for column in ("dfe_la_code", "dfe_la_name", "notes"):
            limit = WorkforceFigure._meta.get_field(column).max_length
            if len(row[column]) > limit:
                raise _error(path, line, column, f"is longer than {limit} characters")
        fields: dict = {
            "gss_code": code,
            "year": year,
            "name": authority.name,
            "region": authority.region,
            "kind": authority.kind,
            "dfe_la_code": row["dfe_la_code"],
            "dfe_la_name": row["dfe_la_name"],
            "combined_reporting": combined,
            "notes": row["notes"],
        }
        for column in MEASURES:
            value = _decimal(path, line, column, row[column])
            # DfE's symbol for a blank (x, z, u, low) is kept in notes.
            if value is None and f"{column}:" not in row["notes"]:
                raise _error(path, line, column, "is blank and notes do not say why")
            fields[column] = value
        figures[(code, year)] = (line, fields)
    return figures


def _check_latest(
    latest: dict[tuple[str, int], tuple[int, dict]], authorities: dict[str, _Authority], path: Path
) -> None:
    for (_code, year), (line, _) in latest.items():
        if year != LATEST_YEAR:
            raise _error(path, line, "year", f"{year} in the {LATEST_YEAR} file")
    missing = sorted(set(authorities) - {code for code, _ in latest})
    if missing:
        raise WorkforceDataError(f"{path.name}: no row for {', '.join(missing)}")


def _check_series_agrees(
    series: dict[tuple[str, int], tuple[int, dict]],
    latest: dict[tuple[str, int], tuple[int, dict]],
    path: Path,
) -> None:
    """The time series' last year must be the 2025 file, figure for figure."""
    for key, (_, latest_fields) in latest.items():
        if key not in series:
            raise WorkforceDataError(f"{path.name}: no {key[1]} row for {key[0]}")
        line, fields = series[key]
        for column in COLUMNS:
            if column in ("gss_code", "year"):
                continue
            if fields[column] != latest_fields[column]:
                raise _error(
                    path,
                    line,
                    column,
                    f"{fields[column]!r} differs from {LATEST_FILE} ({latest_fields[column]!r})",
                )


def _save(figures: dict[tuple[str, int], dict]) -> tuple[int, int]:
    existing = {(f.gss_code, f.year): f for f in WorkforceFigure.objects.all()}
    to_create, to_update = [], []
    changed_fields: set[str] = set()
    for key, fields in sorted(figures.items()):
        figure = existing.get(key)
        if figure is None:
            to_create.append(WorkforceFigure(**fields))
            continue
        changed = {name for name in SAVED_FIELDS if getattr(figure, name) != fields[name]}
        if changed:
            for name in changed:
                setattr(figure, name, fields[name])
            to_update.append(figure)
            changed_fields |= changed
    if to_update:
        WorkforceFigure.objects.bulk_update(to_update, sorted(changed_fields))
    if to_create:
        WorkforceFigure.objects.bulk_create(to_create)
    return len(to_create), len(to_update)
