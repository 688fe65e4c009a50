"""Load borough reference data (ONS codes, names, centroids, neighbours) from CSV files.

The files and their sources are described in boroughs/data/README.md.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from boroughs.models import Borough, BoroughKind

DATA_DIR = Path(__file__).resolve().parent / "data"
LONDON_FILE = "london_boroughs.csv"
ENGLAND_FILE = "english_childrens_services_authorities.csv"

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

KINDS = {
    "London borough": BoroughKind.LONDON_BOROUGH,
    "Metropolitan district": BoroughKind.METROPOLITAN_DISTRICT,
    "Unitary": BoroughKind.UNITARY,
    "County": BoroughKind.COUNTY,
}

# The model stores four decimal places; rounding here keeps a reload from
# reporting an "update" for a value the database had already rounded.
COORDINATE_PLACES = Decimal("0.0001")


class BoroughDataError(ValueError):
    """A reference file is missing or wrong. Nothing has been written."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    total: int
    neighbour_links_added: int = 0
    neighbour_links_removed: int = 0


@dataclass
class _Authority:
    """One authority as a file describes it: only the fields that file provides."""

    file: str
    row: int
    fields: dict[str, object]
    neighbours: tuple[str, ...] = ()
    outside_neighbours: tuple[str, ...] = ()
    code: str = field(init=False)

    def __post_init__(self) -> None:
        self.code = str(self.fields["gss_code"])

    @property
    def source(self) -> str:
        name = self.fields.get("name")
        return f"{self.file} row {self.row}" + (f" ({name})" if name else "")


def load_boroughs(*, include_england: bool = False, data_dir: Path | None = None) -> LoadResult:
    """Create or update boroughs and their neighbour links from the reference files.

    London's 33 authorities always; with include_england, all 153 English
    children's services authorities and London's links to the upper-tier
    authorities over its border. Every file is read and checked before anything
    is written, so bad data raises BoroughDataError and changes nothing. Running
    it again with the same files changes nothing either.
    """
    data_dir = DATA_DIR if data_dir is None else Path(data_dir)
    london = _index(_read_london(data_dir / LONDON_FILE))
    authorities = dict(london)
    if include_england:
        england = _index(_read_england(data_dir / ENGLAND_FILE))
        authorities = _merge(england, london)
    pairs = _neighbour_pairs(authorities, london, include_outside_london=include_england)

    with transaction.atomic():
        created, updated, ids = _save_authorities(authorities)
        added, removed = _save_neighbour_links(pairs, ids, london_codes=london.keys())
    return LoadResult(
        created=created,
        updated=updated,
        total=len(authorities),
        neighbour_links_added=added,
        neighbour_links_removed=removed,
    )


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


def _read_london(path: Path) -> list[_Authority]:
    authorities = []
    for row_number, row in read_rows(path, LONDON_COLUMNS):
        authority = _Authority(
            file=path.name,
            row=row_number,
            fields={
                "gss_code": row["gss_code"],
                "name": row["name"],
                "official_name": row["official_name"],
                "region": "London",
                "sub_region": row["sub_region"],
                "kind": BoroughKind.LONDON_BOROUGH.value,
                "dfe_la_code": row["dfe_la_code"],
            },
            neighbours=_codes(row["neighbours"]),
            outside_neighbours=_codes(row["neighbours_outside_london_upper_tier"]),
        )
        authority.fields["latitude"] = _coordinate(authority, "lat", row["lat"], limit=90)
        authority.fields["longitude"] = _coordinate(authority, "lon", row["lon"], limit=180)
        _check_fields(authority)
        authorities.append(authority)
    return authorities


def _read_england(path: Path) -> list[_Authority]:
    authorities = []
    for row_number, row in read_rows(path, ENGLAND_COLUMNS):
        # Centroids and sub-regions are not in this file, so they are left alone.
        authority = _Authority(
            file=path.name,
            row=row_number,
            fields={
                "gss_code": row["gss_code"],
                "name": row["name"],
                "official_name": row["official_name"],
                "region": row["region"],
                "dfe_la_code": row["dfe_la_code"],
            },
        )
        kind = KINDS.get(row["kind"])
        if kind is None:
            raise BoroughDataError(
                f"{authority.source}: unknown kind {row['kind']!r} "
                f"(expected one of: {', '.join(KINDS)})"
            )
        authority.fields["kind"] = kind.value
        _check_fields(authority)
        authorities.append(authority)
    return authorities


def _codes(cell: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in cell.split(";") if code.strip())


def _coordinate(authority: _Authority, column: str, text: str, *, limit: int) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) > limit:
        raise BoroughDataError(f"{authority.source}: {column} {text!r} is not a valid coordinate")
    return value.quantize(COORDINATE_PLACES)


def _check_fields(authority: _Authority) -> None:
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


def _index(authorities: list[_Authority]) -> dict[str, _Authority]:
    by_code: dict[str, _Authority] = {}
    by_name: dict[object, _Authority] = {}
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


def _merge(england: dict[str, _Authority], london: dict[str, _Authority]) -> dict[str, _Authority]:
    """All authorities, taking London's from the London file, which has centroids."""
    for code, london_authority in london.items():
        england_authority = england.get(code)
        if england_authority is None:
            continue
        for name, value in england_authority.fields.items():
            london_value = london_authority.fields[name]
            if value != london_value:
                raise BoroughDataError(
                    f"{england_authority.source}: {name} {value!r} disagrees with "
                    f"{london_authority.source} ({london_value!r})"
                )
    merged = {**england, **london}
    _index(list(merged.values()))
    return merged


def _neighbour_pairs(
    authorities: dict[str, _Authority],
    london: dict[str, _Authority],
    *,
    include_outside_london: bool,
) -> set[tuple[str, str]]:
    """Neighbouring pairs of codes, each pair once in code order."""
    pairs = set()
    for code, authority in london.items():
        columns = {"neighbours": authority.neighbours}
        # Links over London's border only make sense when the other side is loaded.
        if include_outside_london:
            columns["neighbours_outside_london_upper_tier"] = authority.outside_neighbours
        for column, neighbour_codes in columns.items():
            in_column = "" if column == "neighbours" else f" in {column}"
            for other in neighbour_codes:
                if other not in authorities:
                    raise BoroughDataError(
                        f"{authority.source}: unknown neighbour code {other}{in_column}"
                    )
                if other == code:
                    raise BoroughDataError(f"{authority.source}: lists itself as a neighbour")
                listed_back = other not in london or code in london[other].neighbours
                if column == "neighbours" and not listed_back:
                    raise BoroughDataError(
                        f"{authority.source}: lists {other} as a neighbour, but "
                        f"{london[other].source} does not list {code} back"
                    )
                pairs.add((min(code, other), max(code, other)))
    return pairs


def _save_authorities(authorities: dict[str, _Authority]) -> tuple[int, int, dict[str, int]]:
    codes_by_name = {authority.fields["name"]: code for code, authority in authorities.items()}
    existing: dict[str, Borough] = {}
    for borough in Borough.objects.filter(
        Q(gss_code__in=authorities.keys()) | Q(name__in=codes_by_name.keys())
    ):
        if borough.gss_code not in authorities:
            source = authorities[codes_by_name[borough.name]].source
            raise BoroughDataError(
                f"{source}: the name {borough.name!r} already belongs to borough "
                f"{borough.gss_code} in the database"
            )
        existing[borough.gss_code] = borough

    to_create: list[Borough] = []
    to_update: list[Borough] = []
    changed_fields: set[str] = set()
    for code, authority in sorted(authorities.items()):
        borough = existing.get(code)
        if borough is None:
            to_create.append(Borough(**authority.fields))
            continue
        changed = {
            name for name, value in authority.fields.items() if getattr(borough, name) != value
        }
        if changed:
            for name in changed:
                setattr(borough, name, authority.fields[name])
            to_update.append(borough)
            changed_fields |= changed

    # Updates first, so a name freed by a rename can be taken by a new row.
    if to_update:
        Borough.objects.bulk_update(to_update, sorted(changed_fields))
    if to_create:
        Borough.objects.bulk_create(to_create)
    ids = {borough.gss_code: borough.pk for borough in [*existing.values(), *to_create]}
    return len(to_create), len(to_update), ids


def _save_neighbour_links(
    pairs: set[tuple[str, str]], ids: dict[str, int], *, london_codes: Iterable[str]
) -> tuple[int, int]:
    """Make the links touching a London borough match the files; leave all others alone.

    The files only describe London's borders, so links between two authorities
    outside London, or to authorities not being loaded, are not theirs to remove.
    Returns the number of neighbouring pairs added and removed.
    """
    link_model = Borough.neighbours.through
    # A symmetrical many-to-many stores each pair in both directions.
    wanted = {(ids[a], ids[b]) for a, b in pairs} | {(ids[b], ids[a]) for a, b in pairs}
    london_ids = [ids[code] for code in london_codes]
    loaded_ids = list(ids.values())
    existing = {
        (from_id, to_id): pk
        for pk, from_id, to_id in link_model.objects.filter(
            Q(from_borough_id__in=london_ids, to_borough_id__in=loaded_ids)
            | Q(to_borough_id__in=london_ids, from_borough_id__in=loaded_ids)
        ).values_list("pk", "from_borough_id", "to_borough_id")
    }
    missing = wanted - existing.keys()
    stale = {link: pk for link, pk in existing.items() if link not in wanted}
    if missing:
        link_model.objects.bulk_create(
            link_model(from_borough_id=from_id, to_borough_id=to_id)
            for from_id, to_id in sorted(missing)
        )
    if stale:
        link_model.objects.filter(pk__in=stale.values()).delete()
    return _pair_count(missing), _pair_count(stale)


def _pair_count(links: Iterable[tuple[int, int]]) -> int:
    return len({frozenset(link) for link in links})
