"""With the worker's consent a coordinator moderates a learning report:
publishes a copy cleared of personal details, or returns it with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from learning.models import LearningReport
from learning.reports import services
from notifications.models import Notification
from tests.learning_reports import written

pytestmark = pytest.mark.django_db


def test_consent_puts_the_report_in_the_queue_and_tells_coordinators(
    client, camden_worker, haringey, coordinator
):
    report = written(camden_worker, haringey)
    client.force_login(camden_worker)
    client.post(reverse("learning_report_consent", args=[report.pk]), {"consent": "give"})
    report.refresh_from_db()
    assert report.library_consent and report.consent_given_at
    assert report.library_status == "awaiting"
    assert Notification.objects.filter(
        recipient=coordinator, event="learning_report_offered"
    ).exists()
    client.force_login(coordinator)
    queue = client.get(reverse("library_moderation")).content.decode()
    assert reverse("learning_report_moderate", args=[report.pk]) in queue


def test_moderation_page_warns_about_personal_details(client, camden_worker, haringey, coordinator):
    report = written(camden_worker, haringey, consent=True)
    client.force_login(coordinator)
    page = client.get(reverse("learning_report_moderate", args=[report.pk])).content.decode()
    assert "govuk-warning-text" in page
    assert "names of children, families and workers, addresses and case numbers" in page


def test_coordinator_publishes_the_moderated_text_and_the_worker_is_told(
    client, camden_worker, haringey, coordinator
):
    report = written(camden_worker, haringey, consent=True)
    client.force_login(coordinator)
    response = client.post(
        reverse("learning_report_moderate", args=[report.pk]),
        {"action": "publish", "title": "Huddles", "text": "Daily huddles help."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.library_status == "published"
    assert report.moderated_by == coordinator and report.published_at
    entry = client.get(reverse("library_entry", args=[report.pk])).content.decode()
    assert "Daily huddles help." in entry
    assert "keep the assessment team on track" not in entry  # the raw answers stay private
    assert Notification.objects.filter(
        recipient=camden_worker, event="learning_report_published"
    ).exists()
    assert AuditEvent.objects.filter(action="learning_report_published").count() == 1


def test_publishing_without_consent_is_refused(client, camden_worker, haringey, coordinator):
    report = written(camden_worker, haringey)
    client.force_login(coordinator)
    response = client.post(
        reverse("learning_report_moderate", args=[report.pk]),
        {"action": "publish", "title": "Huddles", "text": "Daily huddles help."},
    )
    assert response.status_code == 409
    assert "has not agreed to this report joining the practice library" in response.content.decode()
    report.refresh_from_db()
    assert report.library_status == "not_offered" and not report.published_text


def test_only_coordinators_moderate(client, camden_worker, haringey, haringey_manager):
    report = written(camden_worker, haringey, consent=True)
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, by=haringey_manager, title="T", text="T")
    client.force_login(haringey_manager)
    assert client.get(reverse("learning_report_moderate", args=[report.pk])).status_code == 403
    assert client.get(reverse("library_moderation")).status_code == 403


def test_return_needs_a_reason_and_tells_the_worker(client, camden_worker, haringey, coordinator):
    report = written(camden_worker, haringey, consent=True)
    client.force_login(coordinator)
    url = reverse("learning_report_moderate", args=[report.pk])
    response = client.post(url, {"action": "return", "reason": ""})
    assert "Say why you are returning the report" in response.content.decode()
    client.post(url, {"action": "return", "reason": "Please remove the team manager's name"})
    report.refresh_from_db()
    assert report.library_status == "returned"
    note = Notification.objects.get(recipient=camden_worker, event="learning_report_returned")
    assert "team manager" in note.body
    # The worker's change sends it back to the queue.
    services.report_edit(
        report=report,
        by=camden_worker,
        what_works_well="Huddles",
        take_home=report.take_home,
        could_do_differently=report.could_do_differently,
        anonymous=False,
    )
    report.refresh_from_db()
    assert report.library_status == "awaiting"
    assert (
        Notification.objects.filter(recipient=coordinator, event="learning_report_offered").count()
        == 2
    )


def test_moderated_text_too_long_is_refused(camden_worker, haringey, coordinator):
    report = written(camden_worker, haringey, consent=True)
    with pytest.raises(ValidationError):
        services.report_publish(report=report, by=coordinator, title="T", text="x" * 12001)
    report.refresh_from_db()
    assert report.library_status == "awaiting"


def test_withdrawing_consent_unpublishes_at_once(client, camden_worker, haringey, coordinator):
    report = written(camden_worker, haringey, consent=True)
    services.report_publish(report=report, by=coordinator, title="T", text="Huddles")
    client.force_login(camden_worker)
    client.post(reverse("learning_report_consent", args=[report.pk]), {"consent": "withdraw"})
    report.refresh_from_db()
    assert report.library_status == "not_offered" and not report.library_consent
    assert client.get(reverse("library_entry", args=[report.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="learning_report_consent_withdrawn").count() == 1
    assert LearningReport.objects.published().count() == 0


def test_consent_is_the_authors_alone(client, camden_worker, haringey, haringey_manager):
    report = written(camden_worker, haringey)
    client.force_login(haringey_manager)
    url = reverse("learning_report_consent", args=[report.pk])
    assert client.post(url, {"consent": "give"}).status_code == 403
    report.refresh_from_db()
    assert not report.library_consent
