"""Acceptance 4 (first half): a newly qualified social worker sees the requests
that suit them first, and is refused elsewhere with a clear message; a request
marked suitable must say who supervises, the protected caseload and how often."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from secondments import services
from secondments.models import Application, HelpRequest
from secondments.newly_qualified import NOT_SUITABLE
from tests.factories import HelpRequestFactory, MatchFactory
from tests.request_input import request_data, request_form
from tests.supervision_setup import NEWLY_QUALIFIED_TERMS

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def newly_qualified(camden_worker):
    """Camden's worker, qualified four months ago: in their assessed and supported year."""
    profile = camden_worker.worker_profile
    profile.qualified_on = TODAY() - datetime.timedelta(days=120)
    profile.save()
    return camden_worker


def _request(haringey_manager, title, *, suitable, starts_in=14):
    start = TODAY() + datetime.timedelta(days=starts_in)
    terms = NEWLY_QUALIFIED_TERMS if suitable else {}
    data = request_data(
        title=title,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=60),
        min_years_qualified=0,
        **terms,
    )
    draft = services.help_request_create(by=haringey_manager, data=data)
    return services.help_request_publish(help_request=draft, by=haringey_manager)


def _titles(page: str, *titles: str) -> list[str]:
    return sorted(titles, key=page.index)


def test_a_newly_qualified_worker_sees_suitable_requests_first(
    client, newly_qualified, hackney_worker, haringey_manager
):
    _request(haringey_manager, "Soonest, not suitable", suitable=False, starts_in=7)
    _request(haringey_manager, "Later, suitable", suitable=True, starts_in=30)
    _request(haringey_manager, "Latest, suitable", suitable=True, starts_in=40)

    client.force_login(newly_qualified)
    page = client.get(reverse("request_list")).content.decode()
    assert _titles(page, "Soonest, not suitable", "Later, suitable", "Latest, suitable") == [
        "Later, suitable",
        "Latest, suitable",
        "Soonest, not suitable",
    ]
    assert "Suitable for newly qualified" in page

    # An experienced worker keeps the soonest first.
    client.force_login(hackney_worker)
    page = client.get(reverse("request_list")).content.decode()
    assert _titles(page, "Soonest, not suitable", "Later, suitable")[0] == "Soonest, not suitable"


def test_a_newly_qualified_worker_is_refused_a_request_not_marked_suitable(
    client, newly_qualified, haringey_manager
):
    help_request = _request(haringey_manager, "Not for the newly qualified", suitable=False)
    client.force_login(newly_qualified)
    page = client.get(help_request.get_absolute_url()).content.decode()
    assert "not marked as suitable for newly qualified social workers" in page
    assert "Offer to help" not in page

    response = client.post(reverse("request_volunteer", args=[help_request.pk]), {"note": "Hi"})
    assert "you cannot apply in your assessed and supported year" in response.content.decode()
    assert not Application.objects.exists()
    with pytest.raises(Exception, match="not marked as suitable"):
        services.application_volunteer(help_request=help_request, by=newly_qualified)
    assert not Application.objects.exists()


def test_a_newly_qualified_worker_may_apply_to_a_suitable_request(
    client, newly_qualified, haringey_manager
):
    help_request = _request(haringey_manager, "For the newly qualified", suitable=True)
    client.force_login(newly_qualified)
    page = client.get(help_request.get_absolute_url()).content.decode()
    assert "Offer to help" in page
    assert "No more than 12 cases, supervision fortnightly" in page
    client.post(reverse("request_volunteer", args=[help_request.pk]), {"note": "Keen"})
    assert Application.objects.filter(worker=newly_qualified).count() == 1


def test_the_host_cannot_invite_a_newly_qualified_worker_to_an_unsuitable_request(
    client, newly_qualified, haringey_manager
):
    help_request = _request(haringey_manager, "Not for the newly qualified", suitable=False)
    MatchFactory(help_request=help_request, worker=newly_qualified, score=60)
    client.force_login(haringey_manager)
    response = client.post(
        reverse("request_invite", args=[help_request.pk]), {"worker": newly_qualified.pk}
    )
    assert "is newly qualified and this request is not marked as suitable" in (
        response.content.decode()
    )
    assert not Application.objects.exists()


def test_the_message_names_what_to_look_for():
    assert "Suitable for newly qualified" in NOT_SUITABLE


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"supervisor_name": ""}, "Enter the name of the person who will supervise"),
        ({"protected_caseload": ""}, "Enter the most cases a newly qualified social worker"),
        ({"protected_caseload": "0"}, "The protected caseload must be at least 1 case"),
        ({"protected_caseload": "31"}, "The protected caseload must be 30 cases or fewer"),
        ({"protected_caseload": "lots"}, "Enter the protected caseload as a whole number"),
        ({"supervision_frequency": ""}, "Select how often a newly qualified social worker"),
        ({"supervision_frequency": "yearly"}, "Select how often they are supervised"),
    ],
)
def test_a_suitable_request_needs_supervisor_caseload_and_frequency(
    client, camden_manager, overrides, message
):
    client.force_login(camden_manager)
    form = request_form(
        newly_qualified_suitable="on",
        supervisor_name="Sam Patel",
        protected_caseload="12",
        supervision_frequency="weekly",
    )
    form.update(overrides)
    response = client.post(reverse("request_create"), form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert not HelpRequest.objects.exists()


def test_the_form_saves_the_terms(client, camden_manager):
    client.force_login(camden_manager)
    client.post(
        reverse("request_create"),
        request_form(
            newly_qualified_suitable="on",
            supervisor_name="Sam Patel",
            protected_caseload="12",
            supervision_frequency="monthly",
        ),
    )
    help_request = HelpRequest.objects.get()
    assert (help_request.protected_caseload, help_request.supervision_frequency) == (12, "monthly")


def test_the_database_refuses_a_suitable_request_without_terms(camden):
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpRequestFactory(
            borough=camden,
            newly_qualified_suitable=True,
            supervisor_name="Sam Patel",
            protected_caseload=None,
            supervision_frequency="",
        )


@pytest.mark.parametrize("sort", ["soonest", "newest", "nearest"])
def test_suitable_requests_come_first_whatever_the_sort(
    client, newly_qualified, haringey_manager, sort
):
    _request(haringey_manager, "Front door cover", suitable=False, starts_in=7)
    _request(haringey_manager, "Care leavers visit", suitable=True, starts_in=30)
    client.force_login(newly_qualified)
    response = client.get(reverse("request_list"), {"sort": sort})
    assert response.status_code == 200
    page = response.content.decode()
    assert _titles(page, "Front door cover", "Care leavers visit")[0] == "Care leavers visit"
