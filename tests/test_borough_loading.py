import csv
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from boroughs.loading import DATA_DIR, load_boroughs
from boroughs.models import Borough, BoroughKind

HARINGEY = "E09000014"
ISLINGTON = "E09000019"
BARNET = "E09000003"
HILLINGDON = "E09000017"


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
    for source in DATA_DIR.glob("*.csv"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def edit_london_row(data_dir: Path, code: str, **changes: str) -> None:
    path = data_dir / "london_boroughs.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames
        rows = list(reader)
    for row in rows:
        if row["gss_code"] == code:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.django_db
def test_loads_the_33_london_authorities_with_their_details():
    run_command()

    assert Borough.objects.count() == 33
    assert Borough.objects.london().count() == 33
    assert set(Borough.objects.values_list("region", flat=True)) == {"London"}
    haringey = Borough.objects.get(gss_code=HARINGEY)
    assert haringey.name == "Haringey"
    assert haringey.official_name == "London Borough of Haringey"
    assert haringey.sub_region == "Inner London"
    assert haringey.dfe_la_code == "309"
    assert (haringey.latitude, haringey.longitude) == (Decimal("51.5904"), Decimal("-0.1075"))


@pytest.mark.django_db
def test_haringey_borders_exactly_its_six_neighbours():
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


@pytest.mark.django_db
def test_london_has_the_82_neighbouring_pairs_of_the_ons_list():
    run_command()

    # Each pair is stored once in each direction.
    assert Borough.neighbours.through.objects.count() == 2 * 82


@pytest.mark.django_db
@pytest.mark.parametrize("args", [(), ("--all-england",)], ids=["london", "all-england"])
def test_loading_twice_changes_nothing(args):
    run_command(*args)
    before = database_snapshot()

    output = run_command(*args)

    assert "(0 created, 0 updated)" in output
    assert database_snapshot() == before


@pytest.mark.django_db
def test_all_england_loads_153_authorities_and_still_33_in_london():
    output = run_command("--all-england")

    assert output == "Loaded 153 boroughs (153 created, 0 updated).\n"
    assert Borough.objects.count() == 153
    assert Borough.objects.london().count() == 33
    assert Borough.objects.filter(kind=BoroughKind.METROPOLITAN_DISTRICT).count() == 36
    assert Borough.objects.filter(kind=BoroughKind.UNITARY).count() == 63
    assert Borough.objects.filter(kind=BoroughKind.COUNTY).count() == 21
    surrey = Borough.objects.get(name="Surrey")
    assert (surrey.region, surrey.latitude) == ("South East", None)


@pytest.mark.django_db
def test_all_england_links_london_to_upper_tier_neighbours_outside_london():
    run_command()
    assert "Hertfordshire" not in neighbour_names(BARNET)

    run_command("--all-england")

    assert "Hertfordshire" in neighbour_names(BARNET)
    assert neighbour_names(HILLINGDON) == {
        "Ealing",
        "Harrow",
        "Hounslow",
        "Slough",
        "Buckinghamshire",
        "Hertfordshire",
        "Surrey",
    }
    assert neighbour_names(HARINGEY) == {
        "Barnet",
        "Camden",
        "Enfield",
        "Hackney",
        "Islington",
        "Waltham Forest",
    }


@pytest.mark.django_db
def test_london_only_reload_keeps_links_to_authorities_outside_london():
    run_command("--all-england")
    before = database_snapshot()

    output = run_command()

    assert output == "Loaded 33 boroughs (0 created, 0 updated).\n"
    assert database_snapshot() == before


@pytest.mark.django_db
def test_reload_restores_edited_details_and_neighbours():
    run_command()
    haringey = Borough.objects.get(gss_code=HARINGEY)
    Borough.objects.filter(pk=haringey.pk).update(name="Harringay", latitude=None)
    haringey.neighbours.remove(Borough.objects.get(name="Camden"))
    haringey.neighbours.add(Borough.objects.get(name="Westminster"))

    result = load_boroughs()

    assert (result.created, result.updated, result.total) == (0, 1, 33)
    assert (result.neighbour_links_added, result.neighbour_links_removed) == (1, 1)
    haringey.refresh_from_db()
    assert (haringey.name, haringey.latitude) == ("Haringey", Decimal("51.5904"))
    assert "Camden" in neighbour_names(HARINGEY)
    assert "Westminster" not in neighbour_names(HARINGEY)


@pytest.mark.django_db
def test_unknown_neighbour_code_fails_clearly_and_loads_nothing(tmp_path):
    data_dir = copy_of_data(tmp_path)
    edit_london_row(
        data_dir,
        HARINGEY,
        neighbours="E09000003;E09000007;E09000010;E09000012;E09000019;E09000031;E09999999",
    )

    with pytest.raises(CommandError) as raised:
        run_command("--data-dir", str(data_dir))

    assert str(raised.value) == (
        "london_boroughs.csv row 15 (Haringey): unknown neighbour code E09999999"
    )
    assert Borough.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "changes", "message"),
    [
        (
            HARINGEY,
            {"gss_code": "E0900001X"},
            "london_boroughs.csv row 15 (Haringey): gss_code 'E0900001X': "
            "Enter an ONS code for an English authority, like E09000014",
        ),
        (
            ISLINGTON,
            {"gss_code": HARINGEY},
            "london_boroughs.csv row 20 (Islington): duplicate ONS code E09000014 (also on row 15)",
        ),
        (
            HARINGEY,
            {"neighbours": "E09000003;E09000007;E09000010;E09000012;E09000019"},
            "london_boroughs.csv row 32 (Waltham Forest): lists E09000014 as a neighbour, "
            "but london_boroughs.csv row 15 (Haringey) does not list E09000031 back",
        ),
    ],
    ids=["malformed-code", "duplicate-code", "one-sided-neighbour"],
)
def test_bad_reference_data_fails_clearly_and_loads_nothing(tmp_path, code, changes, message):
    data_dir = copy_of_data(tmp_path)
    edit_london_row(data_dir, code, **changes)

    with pytest.raises(CommandError) as raised:
        run_command("--all-england", "--data-dir", str(data_dir))

    assert str(raised.value) == message
    assert Borough.objects.count() == 0


@pytest.mark.django_db
def test_command_prints_a_one_line_summary():
    assert run_command() == "Loaded 33 boroughs (33 created, 0 updated).\n"


@pytest.mark.django_db
def test_loading_all_england_takes_a_handful_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        load_boroughs(include_england=True)
