"""Load the 153 English children's services authorities: ONS codes, names,
regions, kinds, centroids and neighbours, from the reference files.

The files and their sources are described in boroughs/data/README.md and
boroughs/data/national/README.md; reference_files.py reads and checks them.

- Identity (code, names, region, kind, DfE number): the England file.
- Centroid: the national geography file's area centroid, or ONS's label point
  for the four authorities whose centroid falls outside them; London's 33 keep
  the GLA centroids of the London file (whole-borough polygons to mid-Thames,
  within 262 m of the national ones), as they always had.
- Neighbours: authorities that meet anywhere, by land or only in an estuary or
  tidal river (the national file's two lists together). London's file says the
  same for London, and is checked to.
- Sub-region (Inner/Outer London): the London file; blank elsewhere.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from boroughs.models import Borough, BoroughKind, Region
from boroughs.reference_files import (
    ENGLAND_FILE,
    GEOGRAPHY_FILE,
    KINDS,
    LONDON_FILE,
    Authority,
    BoroughDataError,
    read_england,
    read_geography,
    read_london,
    read_rows,
)

# The workforce loader reads the England file's codes and kinds through here too.
__all__ = [
    "DATA_DIR",
    "ENGLAND_FILE",
    "KINDS",
    "BoroughDataError",
    "LoadResult",
    "load_boroughs",
    "read_rows",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
# London's GLA centroid and the national one are two computations of one
# borough's middle: further apart than this, a row has gone astray.
LONDON_CENTROIDS_AGREE_KM = 1.0
# What the London file says of a borough that the England file says too.
IDENTITY_FIELDS = ("name", "official_name", "dfe_la_code")


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    total: int
    neighbour_pairs: int = 0
    neighbour_links_added: int = 0
    neighbour_links_removed: int = 0


def load_boroughs(*, data_dir: Path | None = None) -> LoadResult:
    """Create or update all 153 authorities and their neighbour links.

    Every file is read and checked before anything is written, so bad data
    raises BoroughDataError and changes nothing. Running it again with the same
    files changes nothing either. Boroughs in the database that the files do not
    name (none, in a real deployment) are left alone, and so are their links.
    """
    data_dir = DATA_DIR if data_dir is None else Path(data_dir)
    england = read_england(data_dir / ENGLAND_FILE)
    geography = read_geography(data_dir / GEOGRAPHY_FILE)
    london = read_london(data_dir / LONDON_FILE)
    authorities = _combine(england, geography, london)
    pairs = {
        (min(code, other), max(code, other))
        for code, place in geography.items()
        for other in (*place.neighbours, *place.other_neighbours)
    }

    with transaction.atomic():
        created, updated, ids = _save_authorities(authorities)
        added, removed = _save_neighbour_links(pairs, ids)
    return LoadResult(
        created=created,
        updated=updated,
        total=len(authorities),
        neighbour_pairs=len(pairs),
        neighbour_links_added=added,
        neighbour_links_removed=removed,
    )


def _combine(
    england: dict[str, Authority], geography: dict[str, Authority], london: dict[str, Authority]
) -> dict[str, dict[str, object]]:
    """Each authority's fields for the database, by code, the files checked against
    each other."""
    _same_codes(england, geography)
    combined = {}
    for code, authority in england.items():
        place = geography[code]
        if place.fields["name"] != authority.fields["name"]:
            raise BoroughDataError(f"{place.source}: name differs from {authority.source}")
        fields = {**authority.fields, **place.fields}
        in_london = authority.fields["kind"] == BoroughKind.LONDON_BOROUGH
        if in_london != (authority.fields["region"] == Region.LONDON):
            raise BoroughDataError(f"{authority.source}: only London boroughs are in London")
        if in_london:
            if code not in london:
                raise BoroughDataError(f"{authority.source}: not in {LONDON_FILE}")
            fields.update(_london_fields(london[code], authority, place))
        combined[code] = fields
    for code, borough in london.items():
        if code not in england:
            raise BoroughDataError(f"{borough.source}: not in {ENGLAND_FILE}")
    return combined


def _same_codes(england: dict[str, Authority], geography: dict[str, Authority]) -> None:
    for name, missing in (
        (GEOGRAPHY_FILE, england.keys() - geography.keys()),
        (ENGLAND_FILE, geography.keys() - england.keys()),
    ):
        if missing:
            raise BoroughDataError(f"{name} has no row for {', '.join(sorted(missing))}")


def _london_fields(borough: Authority, authority: Authority, place: Authority) -> dict:
    """The London file's sub-region and centroid, once it agrees with the others."""
    for name in IDENTITY_FIELDS:
        value = borough.fields[name]
        if authority.fields[name] != value:
            raise BoroughDataError(
                f"{authority.source}: {name} {authority.fields[name]!r} disagrees with "
                f"{borough.source} ({value!r})"
            )
    listed = {*borough.neighbours, *borough.other_neighbours}
    meets = {*place.neighbours, *place.other_neighbours}
    if listed != meets:
        only_london = ", ".join(sorted(listed - meets)) or "none"
        only_national = ", ".join(sorted(meets - listed)) or "none"
        raise BoroughDataError(
            f"{borough.source}: neighbours disagree with {place.source} "
            f"(only in {LONDON_FILE}: {only_london}; only in {GEOGRAPHY_FILE}: {only_national})"
        )
    apart = _km(borough.point, place.point)
    if apart > LONDON_CENTROIDS_AGREE_KM:
        raise BoroughDataError(
            f"{borough.source}: centroid is {apart:.1f} km from {place.source}'s"
        )
    return {
        "sub_region": borough.fields["sub_region"],
        "latitude": borough.fields["latitude"],
        "longitude": borough.fields["longitude"],
        "centroid_source": borough.fields["centroid_source"],
    }


def _km(one, other) -> float:
    """Great-circle distance, as Borough.distance_km works it out."""
    return Borough(latitude=one[0], longitude=one[1]).distance_km(
        Borough(latitude=other[0], longitude=other[1])
    )


def _save_authorities(authorities: dict[str, dict[str, object]]) -> tuple[int, int, dict[str, int]]:
    codes_by_name = {fields["name"]: code for code, fields in authorities.items()}
    existing: dict[str, Borough] = {}
    for borough in Borough.objects.filter(
        Q(gss_code__in=authorities.keys()) | Q(name__in=codes_by_name.keys())
    ):
        if borough.gss_code not in authorities:
            raise BoroughDataError(
                f"{ENGLAND_FILE}: the name {borough.name!r} of {codes_by_name[borough.name]} "
                f"already belongs to borough {borough.gss_code} in the database"
            )
        existing[borough.gss_code] = borough

    to_create: list[Borough] = []
    to_update: list[Borough] = []
    changed_fields: set[str] = set()
    for code, fields in sorted(authorities.items()):
        borough = existing.get(code)
        if borough is None:
            to_create.append(Borough(**fields))
            continue
        changed = {name for name, value in fields.items() if getattr(borough, name) != value}
        if changed:
            for name in changed:
                setattr(borough, name, fields[name])
            to_update.append(borough)
            changed_fields |= changed

    # Updates first, so a name freed by a rename can be taken by a new row.
    if to_update:
        Borough.objects.bulk_update(to_update, sorted(changed_fields))
    if to_create:
        Borough.objects.bulk_create(to_create)
    ids = {borough.gss_code: borough.pk for borough in [*existing.values(), *to_create]}
    return len(to_create), len(to_update), ids


def _save_neighbour_links(pairs: set[tuple[str, str]], ids: dict[str, int]) -> tuple[int, int]:
    """Make the links between the loaded authorities match the files.

    Links to a borough the files do not name are not theirs to remove.
    Returns the number of neighbouring pairs added and removed.
    """
    link_model = Borough.neighbours.through
    # A symmetrical many-to-many stores each pair in both directions.
    wanted = {(ids[a], ids[b]) for a, b in pairs} | {(ids[b], ids[a]) for a, b in pairs}
    loaded_ids = list(ids.values())
    existing = {
        (from_id, to_id): pk
        for pk, from_id, to_id in link_model.objects.filter(
            from_borough_id__in=loaded_ids, to_borough_id__in=loaded_ids
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


def _pair_count(links) -> int:
    return len({frozenset(link) for link in links})
