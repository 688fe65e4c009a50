"""The demo shows the league table with both sources: DfE's figures for every
authority and a few demo boroughs' own monthly reports; seeding twice makes
nothing more."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from boroughs.models import PressureReport, WorkforceFigure
from home.demo.pressure_league import seed_league

pytestmark = pytest.mark.django_db


def test_the_demo_league_table_shows_dfe_figures_and_own_reports(client, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo")

    # seed_demo made them; a second run makes nothing more.
    assert seed_league() == 0
    assert WorkforceFigure.objects.count() == 1353
    reports = PressureReport.objects.select_related("borough")
    assert {r.borough.name for r in reports} == {"Haringey", "Camden", "Hackney"}
    assert reports.count() == 4
    assert AuditEvent.objects.filter(action="pressure_report_created").count() == 4

    html = client.get(reverse("league_table")).content.decode()
    assert html.count('id="E0') + html.count('id="E1') == 153
    assert "Own report, " in html
    assert "Not reported" in html


def test_seeding_the_league_again_makes_nothing(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo")
    before = (WorkforceFigure.objects.count(), PressureReport.objects.count())
    call_command("seed_demo")
    assert (WorkforceFigure.objects.count(), PressureReport.objects.count()) == before
