"""The demo shows the practice library working: the Hackney social worker's
report on her finished Camden placement is published, anonymous, and found by
a search from any borough."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from home.demo.learning_reports import seed_reports
from learning.models import LearningReport
from tests.personas import TwoFactorClient

pytestmark = pytest.mark.django_db


def test_the_demo_library_has_a_published_report_found_by_search(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=io.StringIO())
    assert seed_reports() == 0  # seed_demo made it; safe to run again
    report = LearningReport.objects.get()
    assert report.is_published and report.placement.host.name == "Camden"
    client = TwoFactorClient()
    client.force_login(User.objects.get(email="manager1.haringey@demo.secondments.example"))
    page = client.get(reverse("library"), {"q": "huddles"}).content.decode()
    assert reverse("library_entry", args=[report.pk]) in page
    entry = client.get(reverse("library_entry", args=[report.pk])).content.decode()
    assert "Anonymous" in entry and report.author.get_full_name() not in entry
