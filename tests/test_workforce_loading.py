"""Loading DfE's workforce figures: all 153 authorities and 1,353 yearly rows,
idempotent, and every row checked before anything is written."""

import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from boroughs.models import BoroughKind, WorkforceFigure
from boroughs.workforce import LATEST_FILE, NATIONAL_DIR, TIMESERIES_FILE

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_workforce", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[dict]:
    return list(WorkforceFigure.objects.order_by("gss_code", "year").values())


def copy_with(tmp_path: Path, file: str, line: int, column: str, value: str) -> Path:
    """A copy of the data files with one cell changed (line as in an editor)."""
    for name in (LATEST_FILE, TIMESERIES_FILE):
        shutil.copy(NATIONAL_DIR / name, tmp_path / name)
    path = tmp_path / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].strip().split(",")
    cells = lines[line - 1].rstrip("\r\n").split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return tmp_path


def test_loads_every_authority_and_year():
    assert "1353 workforce figures for 153 authorities (1353 created, 0 updated)" in run()
    assert WorkforceFigure.objects.count() == 1353
    assert WorkforceFigure.objects.filter(year=2025).count() == 153
    assert WorkforceFigure.objects.values("gss_code").distinct().count() == 153
    haringey = WorkforceFigure.objects.get(gss_code="E09000014", year=2025)
    assert (haringey.name, haringey.region, haringey.kind) == (
        "Haringey",
        "London",
        BoroughKind.LONDON_BOROUGH,
    )
    assert (haringey.fte, haringey.vacancy_rate, haringey.caseload_per_fte) == (
        Decimal("214.2"),
        Decimal("12.6"),
        Decimal("14.6"),
    )
    essex = WorkforceFigure.objects.get(gss_code="E10000012", year=2025)
    assert essex.kind == BoroughKind.COUNTY and essex.region == "East of England"


def test_the_data_files_peculiarities_are_kept():
    run()
    westminster = WorkforceFigure.objects.get(gss_code="E09000033", year=2025)
    assert westminster.fte is None and "fte: x=not available" in westminster.notes
    assert WorkforceFigure.objects.get(gss_code="E09000033", year=2024).fte == Decimal("148.4")
    kingston, richmond = WorkforceFigure.objects.filter(
        gss_code__in=["E09000021", "E09000027"], year=2025
    ).order_by("gss_code")
    assert kingston.combined_reporting and richmond.combined_reporting
    assert kingston.fte == richmond.fte == Decimal("137.4")
    assert kingston.dfe_la_code == "314 / 318"


def test_a_second_run_changes_nothing():
    run()
    before = snapshot()
    assert "(0 created, 0 updated)" in run()
    assert snapshot() == before


def test_a_changed_figure_is_updated_in_place(tmp_path):
    run()
    # Hartlepool 2025 is line 2 of the 2025 file; the series repeats it later.
    series_line = next(
        number
        for number, text in enumerate(
            (NATIONAL_DIR / TIMESERIES_FILE).read_text().splitlines(), start=1
        )
        if text.startswith("E06000001,Hartlepool,2025,")
    )
    data = copy_with(tmp_path, LATEST_FILE, 2, "vacancy_rate", "2.5")
    copy_with_same = data / TIMESERIES_FILE
    lines = copy_with_same.read_text().splitlines(keepends=True)
    lines[series_line - 1] = lines[series_line - 1].replace(",151.4,1.3,", ",151.4,2.5,")
    copy_with_same.write_text("".join(lines))
    assert "(0 created, 1 updated)" in run("--data-dir", str(data))
    assert WorkforceFigure.objects.get(gss_code="E06000001", year=2025).vacancy_rate == Decimal(
        "2.5"
    )


@pytest.mark.parametrize(
    ("file", "line", "column", "value", "message"),
    [
        (LATEST_FILE, 5, "vacancy_rate", "101", "not a percentage from 0 to 100"),
        (LATEST_FILE, 5, "agency_rate", "-1", "negative"),
        (LATEST_FILE, 5, "caseload_per_fte", "75", "over 60"),
        (LATEST_FILE, 5, "turnover_rate", "lots", "not a number"),
        (LATEST_FILE, 5, "fte", "", "blank and notes do not say why"),
        (LATEST_FILE, 5, "gss_code", "E06999999", "not one of the 153 authorities"),
        (TIMESERIES_FILE, 40, "year", "2031", "outside 2017-2025"),
        (TIMESERIES_FILE, 40, "combined_reporting", "maybe", "not true/false"),
        (TIMESERIES_FILE, 1300, "caseload_per_fte", "99", "over 60"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_nothing_is_saved(
    tmp_path, file, line, column, value, message
):
    data = copy_with(tmp_path, file, line, column, value)
    with pytest.raises(CommandError, match=rf"{file} line {line}, column {column}: .*{message}"):
        run("--data-dir", str(data))
    assert WorkforceFigure.objects.count() == 0


def test_a_bad_row_leaves_earlier_figures_as_they_were(tmp_path):
    run()
    before = snapshot()
    data = copy_with(tmp_path, TIMESERIES_FILE, 1353, "vacancy_rate", "250")
    with pytest.raises(CommandError, match=rf"{TIMESERIES_FILE} line 1353, column vacancy_rate"):
        run("--data-dir", str(data))
    assert snapshot() == before


def test_the_series_must_agree_with_the_2025_file(tmp_path):
    data = copy_with(tmp_path, LATEST_FILE, 2, "fte", "999.9")
    with pytest.raises(CommandError, match=r"column fte: .*differs from csww_workforce_2025"):
        run("--data-dir", str(data))
    assert WorkforceFigure.objects.count() == 0


def test_a_missing_file_is_named(tmp_path):
    shutil.copy(NATIONAL_DIR / LATEST_FILE, tmp_path / LATEST_FILE)
    with pytest.raises(CommandError, match=rf"{TIMESERIES_FILE} not found"):
        run("--data-dir", str(tmp_path))
    assert WorkforceFigure.objects.count() == 0
