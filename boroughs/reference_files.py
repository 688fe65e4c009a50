"""Read and check the three reference files `load_boroughs` loads.

What each file is and where it came from: boroughs/data/README.md and
boroughs/data/national/README.md. Every problem raises BoroughDataError
naming the file, the row and the authority; nothing here writes.
"""

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError

from boroughs.models import Borough, BoroughKind, CentroidSource

LONDON_FILE = "london_boroughs.csv"
ENGLAND_FILE = "english_childrens_services_authorities.csv"
GEOGRAPHY_FILE = "national/ctyua_geography.csv"

LONDON_COLUMNS = (
    "gss_code",
    "name",
    "official_name",
    "sub_region",
    "dfe_la_code",
    "lat",
    "lon",
    "neighbours",
    "neighbours_outside_london_upper_tier",
)
ENGLAND_COLUMNS = ("gss_code", "name", "official_name", "region", "kind", "dfe_la_code")
GEOGRAPHY_COLUMNS = (
    "gss_code",
    "name",
    "lat",
    "lon",
    "centroid_kind",
    "neighbours",
    "neighbours_water_only",
    "centroid_in_area",
    "ons_label_lat",
    "ons_label_lon",
)

KINDS = {
    "London borough": BoroughKind.LONDON_BOROUGH,
    "Metropolitan district": BoroughKind.METROPOLITAN_DISTRICT,
    "Unitary": BoroughKind.UNITARY,
    "County": BoroughKind.COUNTY,
}
# The geography file's one kind of centroid (its SOURCES.md, "Columns").
CENTROID_KINDS = {"area_centroid_clipped": CentroidSource.ONS_AREA_CENTROID}
BOOLEANS = {"true": True, "false": False}

# The model stores four decimal places; rounding here keeps a reload from
# reporting an "update" for a value the database had already rounded.
COORDINATE_PLACES = Decimal("0.0001")
# England and its islands, with a margin: a point outside is a typing slip
# (latitude and longitude swapped, a sign lost).
ENGLAND_LATITUDES = (Decimal("49.8"), Decimal("55.9"))
ENGLAND_LONGITUDES = (Decimal("-6.5"), Decimal("1.8"))


class BoroughDataError(ValueError):
    """A reference file is missing or wrong. Nothing has been written."""


@dataclass
class Authority:
    """One authority as a file describes it: only the fields that file provides."""

    file: str
    row: int
    fields: dict[str, object]
    neighbours: tuple[str, ...] = ()
    # The geography file's second list; London's file: its upper-tier neighbours
    # outside London.
    other_neighbours: tuple[str, ...] = ()
    code: str = field(init=False)

    def __post_init__(self) -> None:
        self.code = str(self.fields["gss_code"])

    @property
    def source(self) -> str:
        name = self.fields.get("name")
        return f"{self.file} row {self.row}" + (f" ({name})" if name else "")

    @property
    def point(self) -> tuple[Decimal, Decimal]:
        return self.fields["latitude"], self.fields["longitude"]


def read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Each row's line number and its named columns, stripped; BoroughDataError
    for a missing file or column or a file that is not UTF-8 CSV."""
    try:
        # utf-8-sig: a file saved from Excel starts with a byte-order mark.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in columns if column not in (reader.fieldnames or [])]
            if missing:
                raise BoroughDataError(f"{path.name}: missing column(s) {', '.join(missing)}")
            # The row number is the line number, as in a text editor or spreadsheet.
            return [
                (reader.line_num, {column: (row[column] or "").strip() for column in columns})
                for row in reader
            ]
    except FileNotFoundError:
        raise BoroughDataError(f"{path.name} not found in {path.parent}") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise BoroughDataError(f"{path.name} cannot be read as UTF-8 CSV: {error}") from None


def read_england(path: Path) -> dict[str, Authority]:
    """Every authority's identity: code, names, region, kind, DfE number."""
    authorities = []
    for row_number, row in read_rows(path, ENGLAND_COLUMNS):
        authority = Authority(
            file=path.name,
            row=row_number,
            fields={
                "gss_code": row["gss_code"],
                "name": row["name"],
                "official_name": row["official_name"],
                "region": row["region"],
                "dfe_la_code": row["dfe_la_code"],
                # London's file gives London's; nobody else has one.
                "sub_region": "",
            },
        )
        kind = KINDS.get(row["kind"])
        if kind is None:
            raise BoroughDataError(
                f"{authority.source}: unknown kind {row['kind']!r} "
                f"(expected one of: {', '.join(KINDS)})"
            )
        authority.fields["kind"] = kind.value
        check_fields(authority)
        authorities.append(authority)
    return index(authorities)


def read_london(path: Path) -> dict[str, Authority]:
    """London's sub-regions and GLA centroids, and its neighbours to check against."""
    authorities = []
    for row_number, row in read_rows(path, LONDON_COLUMNS):
        authority = Authority(
            file=path.name,
            row=row_number,
            fields={
                "gss_code": row["gss_code"],
                "name": row["name"],
                "official_name": row["official_name"],
                "dfe_la_code": row["dfe_la_code"],
                "sub_region": row["sub_region"],
            },
            neighbours=codes(row["neighbours"]),
            other_neighbours=codes(row["neighbours_outside_london_upper_tier"]),
        )
        _read_point(authority, row["lat"], row["lon"])
        authority.fields["centroid_source"] = CentroidSource.GLA_AREA_CENTROID.value
        check_fields(authority)
        authorities.append(authority)
    return index(authorities)


def read_geography(path: Path) -> dict[str, Authority]:
    """Every authority's centroid and its land and water-only neighbours.

    Where the area centroid falls outside the authority (Leicestershire's is in
    Leicester; Sefton's and Torbay's are in the sea; the Isles of Scilly's
    between the islands) ONS's label point, always inside, stands for it.
    """
    authorities = []
    for row_number, row in read_rows(path, GEOGRAPHY_COLUMNS):
        authority = Authority(
            file=path.name,
            row=row_number,
            fields={"gss_code": row["gss_code"], "name": row["name"]},
            neighbours=codes(row["neighbours"]),
            other_neighbours=codes(row["neighbours_water_only"]),
        )
        source = CENTROID_KINDS.get(row["centroid_kind"])
        in_area = BOOLEANS.get(row["centroid_in_area"])
        if source is None:
            raise BoroughDataError(
                f"{authority.source}: unknown centroid_kind {row['centroid_kind']!r}"
            )
        if in_area is None:
            raise BoroughDataError(
                f"{authority.source}: centroid_in_area {row['centroid_in_area']!r} "
                "is not true or false"
            )
        if in_area:
            _read_point(authority, row["lat"], row["lon"])
        else:
            _read_point(authority, row["ons_label_lat"], row["ons_label_lon"])
            source = CentroidSource.ONS_LABEL_POINT
        authority.fields["centroid_source"] = source.value
        check_fields(authority)
        authorities.append(authority)
    by_code = index(authorities)
    _check_neighbour_lists(by_code)
    return by_code


def codes(cell: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in cell.split(";") if code.strip())


def _read_point(authority: Authority, lat: str, lon: str) -> None:
    for name, column, text, bounds in (
        ("latitude", "lat", lat, ENGLAND_LATITUDES),
        ("longitude", "lon", lon, ENGLAND_LONGITUDES),
    ):
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not bounds[0] <= value <= bounds[1]:
            raise BoroughDataError(
                f"{authority.source}: {column} {text!r} is not a {name} in England"
            )
        authority.fields[name] = value.quantize(COORDINATE_PLACES)


def check_fields(authority: Authority) -> None:
    """Apply the model's own field rules (ONS code pattern, lengths, choices)."""
    borough = Borough(**authority.fields)
    unchecked = [f.name for f in Borough._meta.concrete_fields if f.name not in authority.fields]
    try:
        borough.clean_fields(exclude=unchecked)
    except ValidationError as error:
        problems = "; ".join(
            f"{name} {authority.fields[name]!r}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
        raise BoroughDataError(f"{authority.source}: {problems}") from None


def index(authorities: list[Authority]) -> dict[str, Authority]:
    """By code; BoroughDataError for a code or a name given twice."""
    by_code: dict[str, Authority] = {}
    by_name: dict[object, Authority] = {}
    for authority in authorities:
        for key, seen, label in (
            (authority.code, by_code, "ONS code"),
            (authority.fields["name"], by_name, "name"),
        ):
            if key in seen:
                raise BoroughDataError(
                    f"{authority.source}: duplicate {label} {key} (also on row {seen[key].row})"
                )
            seen[key] = authority
    return by_code


def _check_neighbour_lists(by_code: dict[str, Authority]) -> None:
    """Both lists name known authorities other than itself, each list is
    symmetric, and no pair is in both."""
    for code, authority in by_code.items():
        both = set(authority.neighbours) & set(authority.other_neighbours)
        if both:
            raise BoroughDataError(
                f"{authority.source}: {', '.join(sorted(both))} in both neighbours "
                "and neighbours_water_only"
            )
        for column, listed in (
            ("neighbours", authority.neighbours),
            ("neighbours_water_only", authority.other_neighbours),
        ):
            for other in listed:
                if other == code:
                    raise BoroughDataError(f"{authority.source}: lists itself in {column}")
                if other not in by_code:
                    raise BoroughDataError(f"{authority.source}: unknown code {other} in {column}")
                back = by_code[other]
                if code not in (
                    back.neighbours if column == "neighbours" else back.other_neighbours
                ):
                    raise BoroughDataError(
                        f"{authority.source}: lists {other} in {column}, but "
                        f"{back.source} does not list {code} back"
                    )
