"""The host manager's pages for a help request, and who may see them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from secondments import services
from secondments.models import HelpRequest, RequestStatus
from tests.request_input import request_data, request_form

pytestmark = pytest.mark.django_db


def _days_ahead(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def draft(haringey_manager):
    return services.help_request_create(by=haringey_manager, data=request_data())


@pytest.fixture
def open_request(draft, haringey_manager):
    return services.help_request_publish(help_request=draft, by=haringey_manager)


def test_manager_posts_a_draft_and_publishes_it(client, camden_manager):
    client.force_login(camden_manager)
    response = client.post(reverse("request_create"), request_form())
    help_request = HelpRequest.objects.get()
    assert response["Location"] == help_request.get_absolute_url()
    page = client.get(help_request.get_absolute_url()).content.decode()
    assert "Draft saved" in page and "Publish request" in page

    client.post(reverse("request_publish", args=[help_request.pk]))

    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.OPEN
    page = client.get(help_request.get_absolute_url()).content.decode()
    assert "Your help request is published" in page
    assert "Draft to open" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on": _days_ahead(9)}, "End date must be after the start date"),
        ({"ends_on": _days_ahead(300)}, "A secondment can last at most 6 months"),
        ({"places": "0"}, "You need at least 1 place"),
        ({"days_per_week": "0"}, "Days per week must be between 1 and 5"),
        ({"days_per_week": "6"}, "Days per week must be between 1 and 5"),
        ({"funding_model": "day_rate"}, "Enter the agreed day rate"),
        (
            {"funding_model": "day_rate", "day_rate": "2000.01"},
            "The day rate must be £2,000 or less",
        ),
        ({"funding_model": "day_rate", "day_rate": "-5"}, "The day rate must be more than £0"),
        ({"newly_qualified_suitable": "on"}, "Enter the name of the person who will supervise"),
        ({"title": ""}, "Enter a title"),
    ],
)
def test_bad_request_input_gets_a_specific_error_and_saves_nothing(
    client, camden_manager, overrides, message
):
    client.force_login(camden_manager)
    response = client.post(reverse("request_create"), request_form(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert not HelpRequest.objects.exists()


def test_workers_cannot_ask_for_help(client, camden_worker):
    client.force_login(camden_worker)
    assert client.get(reverse("request_create")).status_code == 403
    assert client.post(reverse("request_create"), request_form()).status_code == 403
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize(
    "url_name",
    ["request_detail", "request_edit", "request_publish", "request_close", "request_cancel"],
)
def test_a_draft_is_invisible_outside_the_host_borough(
    client, draft, hackney_manager, camden_worker, url_name
):
    url = reverse(url_name, args=[draft.pk])
    for person in (hackney_manager, camden_worker):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
        assert client.post(url, {"reason": "x", **request_form()}).status_code == 404, person
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT


@pytest.mark.parametrize(
    "url_name", ["request_edit", "request_publish", "request_close", "request_cancel"]
)
def test_an_open_request_is_visible_but_not_changeable_by_others(
    client, open_request, hackney_manager, camden_worker, url_name
):
    url = reverse(url_name, args=[open_request.pk])
    for person in (hackney_manager, camden_worker):
        client.force_login(person)
        assert client.get(open_request.get_absolute_url()).status_code == 200
        assert (
            client.post(url, {"reason": "x", **request_form(title="Taken over")}).status_code == 403
        )
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.OPEN
    assert open_request.title == "Two social workers for the assessment team"


def test_host_closes_with_an_optional_reason_and_the_history_shows_it(
    client, open_request, haringey_manager
):
    client.force_login(haringey_manager)
    client.post(reverse("request_close", args=[open_request.pk]), {"reason": "We recruited"})
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.CLOSED
    page = client.get(open_request.get_absolute_url()).content.decode()
    assert "We recruited" in page and "History" in page
    assert "Change request" not in page


def test_coordinator_cancels_with_a_reason_but_cannot_edit(client, open_request, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("request_edit", args=[open_request.pk])).status_code == 403
    missing = client.post(reverse("request_cancel", args=[open_request.pk]), {"reason": ""})
    assert "Enter a reason" in missing.content.decode()

    client.post(reverse("request_cancel", args=[open_request.pk]), {"reason": "Posted twice"})

    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.CANCELLED


@pytest.mark.parametrize("applicants", [10, 200])
def test_request_detail_query_count_is_fixed(
    client, open_request, haringey_manager, camden, django_assert_num_queries, applicants
):
    from accounts.models import User, WorkerProfile
    from audit.models import AuditEvent
    from secondments.models import Application

    users = User.objects.bulk_create(
        User(email=f"applicant{n}@camden.gov.uk", full_name=f"Applicant {n}", borough=camden)
        for n in range(applicants)
    )
    WorkerProfile.objects.bulk_create(WorkerProfile(user=user) for user in users)
    made = Application.objects.bulk_create(
        Application(help_request=open_request, worker=user, status="interested") for user in users
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="application_interested",
            object_type="application",
            object_id=application.pk,
            to_state="interested",
        )
        for application in made
    )
    client.force_login(haringey_manager)
    with django_assert_num_queries(9):
        response = client.get(open_request.get_absolute_url())
    assert response.content.decode().count("Offered to help") == applicants
