"""Loading England's 153 children's services authorities with their centroids
and neighbours (`manage.py load_boroughs`), again and again, and refusing bad files."""

import csv
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from boroughs.loading import DATA_DIR, load_boroughs
from boroughs.models import Borough, BoroughKind, CentroidSource
from tests.factories import BoroughFactory

HARINGEY = "E09000014"
ISLINGTON = "E09000019"
HILLINGDON = "E09000017"
NORFOLK = "E10000020"
LEICESTERSHIRE = "E10000018"
ISLE_OF_WIGHT = "E06000046"
ISLES_OF_SCILLY = "E06000053"
GEOGRAPHY = "national/ctyua_geography.csv"
FIRST_LOAD = "Loaded 153 boroughs (153 created, 0 updated) and 386 neighbouring pairs (386 added, 0 removed).\n"
RELOAD = (
    "Loaded 153 boroughs (0 created, 0 updated) and 386 neighbouring pairs (0 added, 0 removed).\n"
)


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("load_boroughs", *args, stdout=out)
    return out.getvalue()


def database_snapshot() -> tuple[list[dict], list[tuple[str, str]]]:
    boroughs = list(Borough.objects.order_by("gss_code").values())
    links = sorted(
        Borough.neighbours.through.objects.values_list(
            "from_borough__gss_code", "to_borough__gss_code"
        )
    )
    return boroughs, links


def neighbour_names(code: str) -> set[str]:
    return set(Borough.objects.get(gss_code=code).neighbours.values_list("name", flat=True))


def copy_of_data(tmp_path: Path) -> Path:
    for source in [*DATA_DIR.glob("*.csv"), DATA_DIR / GEOGRAPHY]:
        target = tmp_path / source.relative_to(DATA_DIR)
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
    return tmp_path


def edit_row(data_dir: Path, file: str, code: str, **changes: str) -> None:
    """Change a row's cells; with `drop=""`, remove the row."""
    path = data_dir / file
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames
        rows = list(reader)
    kept = []
    for row in rows:
        if row["gss_code"] == code:
            if "drop" in changes:
                continue
            row.update(changes)
        kept.append(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(kept)


@pytest.mark.django_db
def test_loads_all_153_authorities_with_region_kind_and_centroid():
    assert run_command() == FIRST_LOAD

    assert Borough.objects.count() == 153
    assert Borough.objects.london().count() == 33
    assert Borough.objects.filter(kind=BoroughKind.METROPOLITAN_DISTRICT).count() == 36
    assert Borough.objects.filter(kind=BoroughKind.UNITARY).count() == 63
    assert Borough.objects.filter(kind=BoroughKind.COUNTY).count() == 21
    assert Borough.objects.filter(region="East of England").count() == 11
    assert not Borough.objects.filter(latitude=None).exists()
    assert not Borough.objects.filter(centroid_source="").exists()
    norfolk = Borough.objects.get(gss_code=NORFOLK)
    assert (norfolk.name, norfolk.region, norfolk.kind) == ("Norfolk", "East of England", "county")
    assert (norfolk.official_name, norfolk.dfe_la_code, norfolk.sub_region) == (
        "Norfolk County Council",
        "926",
        "",
    )
    assert (norfolk.latitude, norfolk.longitude) == (Decimal("52.6711"), Decimal("0.9538"))
    assert norfolk.centroid_source == CentroidSource.ONS_AREA_CENTROID


@pytest.mark.django_db
def test_london_boroughs_keep_their_sub_region_and_gla_centroid():
    run_command()

    haringey = Borough.objects.get(gss_code=HARINGEY)
    assert (haringey.name, haringey.region, haringey.sub_region) == (
        "Haringey",
        "London",
        "Inner London",
    )
    assert haringey.official_name == "London Borough of Haringey"
    assert haringey.dfe_la_code == "309"
    assert (haringey.latitude, haringey.longitude) == (Decimal("51.5904"), Decimal("-0.1075"))
    assert haringey.centroid_source == CentroidSource.GLA_AREA_CENTROID
    assert set(Borough.objects.london().values_list("sub_region", flat=True)) == {
        "Inner London",
        "Outer London",
    }


@pytest.mark.django_db
def test_neighbours_are_authorities_that_meet_anywhere():
    run_command()

    assert neighbour_names(HARINGEY) == {
        "Barnet",
        "Camden",
        "Enfield",
        "Hackney",
        "Islington",
        "Waltham Forest",
    }
    assert "Haringey" in neighbour_names(ISLINGTON)
    assert neighbour_names(NORFOLK) == {"Cambridgeshire", "Lincolnshire", "Suffolk"}
    assert neighbour_names(HILLINGDON) == {
        "Ealing",
        "Harrow",
        "Hounslow",
        "Slough",
        "Buckinghamshire",
        "Hertfordshire",
        "Surrey",
    }
    # Meeting only in an estuary or a tidal river counts, as across the Thames in London.
    assert "Wirral" in neighbour_names("E08000012")  # Liverpool
    assert "Cornwall" in neighbour_names("E06000026")  # Plymouth
    assert "Gateshead" in neighbour_names("E08000021")  # Newcastle upon Tyne
    assert "Wandsworth" in neighbour_names("E09000033")  # Westminster
    # 359 land and 27 water-only pairs, each stored in both directions.
    assert Borough.neighbours.through.objects.count() == 2 * 386


@pytest.mark.django_db
def test_the_islands_have_no_neighbours():
    run_command()

    assert neighbour_names(ISLE_OF_WIGHT) == set()
    assert neighbour_names(ISLES_OF_SCILLY) == set()
    no_neighbours = Borough.objects.filter(neighbours=None).values_list("name", flat=True)
    assert set(no_neighbours) == {"Isle of Wight", "Isles of Scilly"}


@pytest.mark.django_db
def test_a_centroid_outside_its_authority_gives_way_to_the_ons_label_point():
    run_command()

    # Leicestershire's area centroid is in Leicester: it would put the county
    # a couple of kilometres from the city it surrounds.
    leicestershire = Borough.objects.get(gss_code=LEICESTERSHIRE)
    assert (leicestershire.latitude, leicestershire.longitude) == (
        Decimal("52.6878"),
        Decimal("-1.3779"),
    )
    assert leicestershire.centroid_source == CentroidSource.ONS_LABEL_POINT
    assert leicestershire.distance_km(Borough.objects.get(name="Leicester")) > 15
    labelled = Borough.objects.filter(centroid_source=CentroidSource.ONS_LABEL_POINT)
    assert set(labelled.values_list("name", flat=True)) == {
        "Leicestershire",
        "Sefton",
        "Torbay",
        "Isles of Scilly",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("args", [(), ("--all-england",)], ids=["default", "old-flag"])
def test_loading_twice_changes_nothing(args):
    run_command(*args)
    before = database_snapshot()

    assert run_command(*args) == RELOAD
    assert database_snapshot() == before


@pytest.mark.django_db
def test_loading_over_the_london_only_data_of_old_adds_the_rest():
    """A deployment that loaded London's 33 before the national data came in."""
    run_command()
    outside = Borough.objects.exclude(kind=BoroughKind.LONDON_BOROUGH)
    Borough.neighbours.through.objects.filter(from_borough__in=outside).delete()
    Borough.neighbours.through.objects.filter(to_borough__in=outside).delete()
    outside.delete()
    Borough.objects.update(centroid_source="")

    result = load_boroughs()

    assert (result.created, result.updated, result.total) == (120, 33, 153)
    assert (result.neighbour_links_added, result.neighbour_links_removed) == (386 - 82, 0)
    assert "Hertfordshire" in neighbour_names("E09000003")  # Barnet


@pytest.mark.django_db
def test_reload_restores_edited_details_and_neighbours():
    run_command()
    norfolk = Borough.objects.get(gss_code=NORFOLK)
    Borough.objects.filter(pk=norfolk.pk).update(name="Norfolk and Good", latitude=None)
    norfolk.neighbours.remove(Borough.objects.get(name="Suffolk"))
    norfolk.neighbours.add(Borough.objects.get(name="Essex"))

    result = load_boroughs()

    assert (result.created, result.updated, result.total) == (0, 1, 153)
    assert (result.neighbour_links_added, result.neighbour_links_removed) == (1, 1)
    norfolk.refresh_from_db()
    assert (norfolk.name, norfolk.latitude) == ("Norfolk", Decimal("52.6711"))
    assert neighbour_names(NORFOLK) == {"Cambridgeshire", "Lincolnshire", "Suffolk"}


@pytest.mark.django_db
def test_boroughs_the_files_do_not_name_are_left_alone():
    run_command()
    elsewhere = BoroughFactory(name="Elsewhere", gss_code="E06000999", region="South West")
    elsewhere.neighbours.add(Borough.objects.get(gss_code=HARINGEY))

    assert run_command() == RELOAD
    assert set(elsewhere.neighbours.values_list("name", flat=True)) == {"Haringey"}


LONDON = "london_boroughs.csv"
ENGLAND = "english_childrens_services_authorities.csv"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "code", "changes", "message"),
    [
        (
            GEOGRAPHY,
            NORFOLK,
            {"neighbours": "E10000003;E10000019;E10000029;E10999999"},
            "ctyua_geography.csv row 146 (Norfolk): unknown code E10999999 in neighbours",
        ),
        (
            GEOGRAPHY,
            NORFOLK,
            {"neighbours": "E10000003;E10000019"},
            "ctyua_geography.csv row 150 (Suffolk): lists E10000020 in neighbours, "
            "but ctyua_geography.csv row 146 (Norfolk) does not list E10000029 back",
        ),
        (
            GEOGRAPHY,
            NORFOLK,
            {"neighbours_water_only": "E10000003"},
            "ctyua_geography.csv row 146 (Norfolk): E10000003 in both neighbours "
            "and neighbours_water_only",
        ),
        (
            GEOGRAPHY,
            NORFOLK,
            {"lat": "0.9538", "lon": "52.6711"},
            "ctyua_geography.csv row 146 (Norfolk): lat '0.9538' is not a latitude in England",
        ),
        (
            GEOGRAPHY,
            LEICESTERSHIRE,
            {"ons_label_lat": ""},
            "ctyua_geography.csv row 144 (Leicestershire): lat '' is not a latitude in England",
        ),
        (
            GEOGRAPHY,
            NORFOLK,
            {"centroid_in_area": "mostly"},
            "ctyua_geography.csv row 146 (Norfolk): centroid_in_area 'mostly' is not true or false",
        ),
        (
            GEOGRAPHY,
            ISLE_OF_WIGHT,
            {"drop": ""},
            "national/ctyua_geography.csv has no row for E06000046",
        ),
        (
            GEOGRAPHY,
            NORFOLK,
            {"name": "North Folk"},
            "ctyua_geography.csv row 146 (North Folk): name differs from "
            "english_childrens_services_authorities.csv row 146 (Norfolk)",
        ),
        (
            ENGLAND,
            NORFOLK,
            {"kind": "Shire"},
            "english_childrens_services_authorities.csv row 146 (Norfolk): unknown kind "
            "'Shire' (expected one of: London borough, Metropolitan district, Unitary, County)",
        ),
        (
            ENGLAND,
            NORFOLK,
            {"region": "London"},
            "english_childrens_services_authorities.csv row 146 (Norfolk): "
            "only London boroughs are in London",
        ),
        (
            LONDON,
            HARINGEY,
            {"gss_code": "E0900001X"},
            "london_boroughs.csv row 15 (Haringey): gss_code 'E0900001X': "
            "Enter an ONS code for an English authority, like E09000014",
        ),
        (
            LONDON,
            ISLINGTON,
            {"gss_code": HARINGEY},
            "london_boroughs.csv row 20 (Islington): duplicate ONS code E09000014 (also on row 15)",
        ),
        (
            LONDON,
            HARINGEY,
            {"neighbours": "E09000003;E09000007;E09000010;E09000012;E09000019"},
            "london_boroughs.csv row 15 (Haringey): neighbours disagree with "
            "ctyua_geography.csv row 114 (Haringey) (only in london_boroughs.csv: none; "
            "only in national/ctyua_geography.csv: E09000031)",
        ),
        (
            LONDON,
            HARINGEY,
            {"lat": "51.6904"},
            "london_boroughs.csv row 15 (Haringey): centroid is 11.2 km from "
            "ctyua_geography.csv row 114 (Haringey)'s",
        ),
    ],
    ids=[
        "unknown-neighbour",
        "one-sided-neighbour",
        "land-and-water",
        "swapped-coordinates",
        "no-label-point",
        "not-a-boolean",
        "missing-authority",
        "other-name",
        "unknown-kind",
        "county-in-london",
        "malformed-code",
        "duplicate-code",
        "london-neighbours-disagree",
        "london-centroid-astray",
    ],
)
def test_bad_reference_data_fails_clearly_and_writes_nothing(
    tmp_path, file, code, changes, message
):
    data_dir = copy_of_data(tmp_path)
    edit_row(data_dir, file, code, **changes)

    with pytest.raises(CommandError) as raised:
        run_command("--data-dir", str(data_dir))

    assert str(raised.value) == message
    assert Borough.objects.count() == 0


@pytest.mark.django_db
def test_bad_data_leaves_loaded_boroughs_as_they_were(tmp_path):
    run_command()
    before = database_snapshot()
    data_dir = copy_of_data(tmp_path)
    edit_row(data_dir, GEOGRAPHY, NORFOLK, neighbours="E10000003;E10000019")
    edit_row(data_dir, ENGLAND, HARINGEY, official_name="Haringey Council")

    with pytest.raises(CommandError):
        run_command("--data-dir", str(data_dir))

    assert database_snapshot() == before


@pytest.mark.django_db
def test_a_missing_file_is_named(tmp_path):
    data_dir = copy_of_data(tmp_path)
    (data_dir / GEOGRAPHY).unlink()

    with pytest.raises(CommandError, match=r"^ctyua_geography.csv not found in .*national$"):
        run_command("--data-dir", str(data_dir))


@pytest.mark.django_db
def test_loading_all_of_england_takes_a_handful_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        load_boroughs()
    with django_assert_max_num_queries(4):
        load_boroughs()
