"""A worker writes a learning report on their placement; the host's managers
read it (anonymous if the worker chose), the worker's home managers read every
report their staff write; nobody else knows it exists."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from learning.models import LearningReport
from learning.reports import services
from notifications.models import Notification
from secondments.models import PlacementStatus
from tests.factories import PlacementFactory, WorkerFactory
from tests.learning_reports import ANSWERS, completed_placement, written

pytestmark = pytest.mark.django_db


def _form(**overrides):
    return {**ANSWERS, "shown_as": "named", **overrides}


def test_worker_writes_a_report_and_the_host_managers_are_told(
    client, camden_worker, haringey, haringey_manager
):
    placement = completed_placement(camden_worker, haringey)
    client.force_login(camden_worker)
    page = client.get(reverse("learning_report_edit", args=[placement.pk]))
    assert page.status_code == 200
    response = client.post(reverse("learning_report_edit", args=[placement.pk]), _form())
    report = LearningReport.objects.get(placement=placement)
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert report.author == camden_worker
    assert report.library_status == "not_offered"
    note = Notification.objects.get(recipient=haringey_manager)
    assert note.event == "learning_report_written"
    assert note.link == report.get_absolute_url()
    assert AuditEvent.objects.filter(action="learning_report_written", object_id=report.pk).exists()


def test_host_manager_sees_anonymous_report_without_the_name(
    client, camden_worker, haringey, haringey_manager, camden_manager
):
    report = written(camden_worker, haringey, anonymous=True)
    client.force_login(haringey_manager)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Daily huddles keep the assessment team on track." in page
    assert "Anonymous" in page
    assert "Wendy Worker" not in page
    client.force_login(camden_manager)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Wendy Worker" in page


def test_named_report_shows_the_name_to_the_host(client, camden_worker, haringey, haringey_manager):
    report = written(camden_worker, haringey)
    client.force_login(haringey_manager)
    assert "Wendy Worker" in client.get(report.get_absolute_url()).content.decode()


def test_other_boroughs_and_other_workers_get_404(
    client, camden_worker, haringey, hackney_manager, hackney_worker
):
    report = written(camden_worker, haringey)
    for person in (hackney_manager, hackney_worker):
        client.force_login(person)
        assert client.get(report.get_absolute_url()).status_code == 404
        assert client.get(reverse("learning_report_moderate", args=[report.pk])).status_code == 404


def test_managers_list_has_reports_about_and_by_their_borough(
    client, camden_worker, haringey, camden, camden_manager, haringey_manager
):
    written(camden_worker, haringey, anonymous=True)
    haringey_worker = WorkerFactory(borough=haringey, full_name="Harry Visitor")
    written(haringey_worker, camden, anonymous=True)
    client.force_login(camden_manager)
    page = client.get(reverse("learning_report_list")).content.decode()
    about, by = page.split("s staff</h2>")
    assert "About Camden" in about and "Anonymous" in about and "Harry Visitor" not in about
    assert "Wendy Worker" in by


def test_a_placement_that_is_not_the_workers_is_404(
    client, camden_worker, hackney_worker, haringey
):
    placement = completed_placement(hackney_worker, haringey)
    client.force_login(camden_worker)
    url = reverse("learning_report_edit", args=[placement.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form()).status_code == 404
    assert not LearningReport.objects.exists()


def test_a_second_report_for_the_same_placement_is_refused(camden_worker, haringey):
    report = written(camden_worker, haringey)
    with pytest.raises(ValidationError, match="already a learning report"):
        services.report_write(
            placement=report.placement, by=camden_worker, anonymous=False, **ANSWERS
        )
    assert LearningReport.objects.count() == 1


def test_text_too_long_is_refused_with_a_specific_error(client, camden_worker, haringey):
    placement = completed_placement(camden_worker, haringey)
    client.force_login(camden_worker)
    response = client.post(
        reverse("learning_report_edit", args=[placement.pk]), _form(take_home="x" * 4001)
    )
    assert response.status_code == 200
    assert "What you will take home must be 4,000 characters or fewer" in response.content.decode()
    assert not LearningReport.objects.exists()


def test_too_early_in_the_placement_is_refused(client, camden_worker, haringey):
    placement = PlacementFactory(
        worker=camden_worker, help_request__borough=haringey, status=PlacementStatus.ACTIVE
    )
    client.force_login(camden_worker)
    response = client.get(reverse("learning_report_edit", args=[placement.pk]))
    assert response.status_code == 409
    assert "You cannot write a learning report yet" in response.content.decode()
    assert (
        client.post(reverse("learning_report_edit", args=[placement.pk]), _form()).status_code
        == 409
    )
    assert not LearningReport.objects.exists()


def test_last_week_of_an_active_placement_is_allowed(camden_worker, haringey):
    today = timezone.localdate()
    placement = PlacementFactory(
        worker=camden_worker,
        help_request__borough=haringey,
        help_request__starts_on=today - datetime.timedelta(days=30),
        help_request__ends_on=today + datetime.timedelta(days=3),
        status=PlacementStatus.ACTIVE,
    )
    report = services.report_write(placement=placement, by=camden_worker, anonymous=True, **ANSWERS)
    assert report.anonymous


def test_author_edits_until_published(client, camden_worker, haringey, coordinator):
    report = written(camden_worker, haringey, consent=True)
    client.force_login(camden_worker)
    url = reverse("learning_report_edit", args=[report.placement_id])
    client.post(url, _form(take_home="Something new", shown_as="anonymous"))
    report.refresh_from_db()
    assert report.take_home == "Something new" and report.anonymous
    event = AuditEvent.objects.get(action="learning_report_edited")
    assert set(event.changed_fields) == {"take_home", "anonymous"}
    services.report_publish(report=report, by=coordinator, title="T", text="Text")
    response = client.post(url, _form(take_home="Later"))
    assert "A published report cannot be changed" in response.content.decode()
    report.refresh_from_db()
    assert report.take_home == "Something new"


def test_list_page_query_count_does_not_grow(client, camden_manager, camden, haringey):
    counts = []
    for size in (2, 12):
        for _ in range(size):
            written(WorkerFactory(borough=camden), haringey)
            written(WorkerFactory(borough=haringey), camden, anonymous=True)
        client.force_login(camden_manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("learning_report_list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_workers_placement_page_links_to_the_report(client, camden_worker, haringey):
    placement = completed_placement(camden_worker, haringey)
    client.force_login(camden_worker)
    page = client.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert reverse("learning_report_edit", args=[placement.pk]) in page
