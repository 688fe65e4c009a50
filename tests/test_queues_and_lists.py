"""The lists: a worker's own applications and placements, the release and
approval queues, and the placements in and out of a borough."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Availability, Role, User, WorkerProfile
from secondments import services
from secondments.models import (
    Application,
    ApplicationStatus,
    HelpRequest,
    Placement,
    PlacementStatus,
)
from tests import clock
from tests.factories import (
    ApplicationFactory,
    AvailabilityFactory,
    HelpRequestFactory,
    PlacementFactory,
    UserFactory,
    WorkerProfileFactory,
)
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
OVERLAP_WARNING = "Overlaps an existing placement"


# --- Walking applications through the workflow with the services -------------


def _published(manager, **overrides) -> HelpRequest:
    draft = services.help_request_create(by=manager, data=request_data(places=1, **overrides))
    return services.help_request_publish(help_request=draft, by=manager)


def _selected(help_request: HelpRequest, worker, host_manager) -> Application:
    application = services.application_volunteer(help_request=help_request, by=worker)
    return services.application_select(application=application, by=host_manager)


def _released(help_request: HelpRequest, worker, host_manager, home_manager) -> Application:
    application = _selected(help_request, worker, host_manager)
    return services.application_release(application=application, by=home_manager)


def _page(client, user, name: str, **params):
    client.force_login(user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str) -> list[str]:
    """The body rows of the page's table, as HTML."""
    body = page.split('<tbody class="govuk-table__body">', 1)[-1].split("</tbody>", 1)[0]
    return body.split('<tr class="govuk-table__row">')[1:]


def _row_for(page: str, url: str) -> str:
    (row,) = [row for row in _rows(page) if f'href="{url}"' in row]
    return row


def _result_count(page: str) -> str:
    return re.search(r'id="result-count">([^<]+)<', page).group(1)


# --- Rows built by the factories and saved in bulk, so hundreds are quick to make


def _workers(borough, count: int) -> list[User]:
    return User.objects.bulk_create(
        User(
            email=f"bulk{index}-{borough.gss_code}@example.gov.uk",
            full_name=f"Bulk Worker {index}",
            role=Role.WORKER,
            borough=borough,
        )
        for index in range(count)
    )


def _with_profiles(workers: list[User], willing) -> list[User]:
    """Each worker gets a profile, a period of availability and a borough they
    will work in: what a queue reads to warn about them."""
    profiles = WorkerProfile.objects.bulk_create(
        WorkerProfileFactory.build(user=worker, registration_number=f"SWQ{worker.pk}")
        for worker in workers
    )
    Availability.objects.bulk_create(AvailabilityFactory.build(profile=p) for p in profiles)
    WorkerProfile.willing_boroughs.through.objects.bulk_create(
        WorkerProfile.willing_boroughs.through(workerprofile=p, borough=willing) for p in profiles
    )
    return workers


def _requests(host, author, count: int, *, weeks_apart: int = 0) -> list[HelpRequest]:
    return HelpRequest.objects.bulk_create(
        HelpRequestFactory.build(
            borough=host,
            created_by=author,
            title=f"Bulk request {index}",
            starts_on=TODAY + datetime.timedelta(days=14 + 7 * weeks_apart * index),
            ends_on=TODAY + datetime.timedelta(days=18 + 7 * weeks_apart * index),
        )
        for index in range(count)
    )


def _applications(pairs, status: str) -> list[Application]:
    return Application.objects.bulk_create(
        ApplicationFactory.build(help_request=request, worker=worker, status=status)
        for request, worker in pairs
    )


def _placements(applications: list[Application]) -> list[Placement]:
    # Host, home and dates follow from the request and the worker.
    return Placement.objects.bulk_create(
        PlacementFactory.build(
            application=application,
            help_request=application.help_request,
            worker=application.worker,
        )
        for application in applications
    )


def _bulk_placements(workers, host, author, *, weeks_apart: int = 0) -> list[Placement]:
    requests = _requests(host, author, len(workers), weeks_apart=weeks_apart)
    return _placements(
        _applications(zip(requests, workers, strict=True), ApplicationStatus.APPROVED)
    )


# --- Your applications ----------------------------------------------------------


def test_worker_sees_own_applications_newest_first_with_their_next_step(
    client, camden, haringey_manager, hackney_manager, camden_worker
):
    first = _published(haringey_manager, title="Haringey assessment backlog")
    second = _published(hackney_manager, title="Hackney crisis cover")
    services.application_volunteer(help_request=first, by=camden_worker)
    selected = _selected(second, camden_worker, hackney_manager)

    page = _page(client, camden_worker, "my_applications")

    rows = _rows(page)
    assert len(rows) == 2
    assert "Hackney crisis cover" in rows[0] and "Haringey assessment backlog" in rows[1]
    assert f'href="{selected.get_absolute_url()}"' in rows[0]
    assert "Selected by host" in rows[0]
    assert "Waiting for Camden to release you" in rows[0]
    assert "Offered to help" in rows[1]
    assert _result_count(page) == "2 applications"


def test_another_workers_applications_are_not_in_my_list(
    client, camden, haringey_manager, camden_worker
):
    colleague = UserFactory(borough=camden, full_name="Colin Colleague")
    WorkerProfileFactory(user=colleague)
    mine = _published(haringey_manager, title="Mine to help with")
    theirs = _published(haringey_manager, title="Theirs to help with")
    services.application_volunteer(help_request=mine, by=camden_worker)
    services.application_volunteer(help_request=theirs, by=colleague)

    page = _page(client, camden_worker, "my_applications")

    assert "Mine to help with" in page
    assert "Theirs to help with" not in page


def test_worker_with_no_applications_is_told_so(client, camden_worker):
    page = _page(client, camden_worker, "my_applications")
    assert "You have not offered to help with any requests yet" in page
    assert _result_count(page) == "0 applications"


# --- Your placements ---------------------------------------------------------------


def test_worker_sees_only_their_own_placements(
    client, camden, haringey, haringey_manager, camden_worker
):
    colleague = UserFactory(borough=camden)
    (mine,) = _bulk_placements([camden_worker], haringey, haringey_manager)
    (theirs,) = _bulk_placements([colleague], haringey, haringey_manager)

    page = _page(client, camden_worker, "my_placements")

    row = _row_for(page, mine.get_absolute_url())
    assert "Haringey" in row and "Confirmed" in row
    assert theirs.get_absolute_url() not in page
    assert _result_count(page) == "1 placement"


def test_worker_with_no_placements_is_told_so(client, camden_worker):
    assert "You have no placements yet" in _page(client, camden_worker, "my_placements")


@pytest.mark.parametrize("name", ["my_applications", "my_placements"])
@pytest.mark.parametrize("person", ["camden_manager", "coordinator"])
def test_people_who_are_not_social_workers_get_404_on_the_worker_lists(
    client, request, name, person
):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse(name)).status_code == 404


# --- Releases waiting ------------------------------------------------------------------


@pytest.fixture
def two_selected(haringey_manager, camden_worker, hackney_worker):
    """A Camden and a Hackney social worker, both selected by Haringey."""
    camden_request = _published(haringey_manager, title="Camden worker wanted")
    hackney_request = _published(haringey_manager, title="Hackney worker wanted")
    return (
        _selected(camden_request, camden_worker, haringey_manager),
        _selected(hackney_request, hackney_worker, haringey_manager),
    )


def test_home_manager_sees_only_own_staff_waiting_for_release(client, two_selected, camden_manager):
    camden_application, hackney_application = two_selected

    page = _page(client, camden_manager, "release_queue")

    row = _row_for(page, camden_application.get_absolute_url())
    assert "Wendy Worker" in row and "Haringey" in row and "Camden worker wanted" in row
    assert hackney_application.get_absolute_url() not in page
    assert _result_count(page) == "1 release waiting"


def test_other_boroughs_manager_sees_nothing_of_camdens_staff(
    client, two_selected, hackney_manager
):
    camden_application, hackney_application = two_selected

    page = _page(client, hackney_manager, "release_queue")

    assert "Wendy Worker" not in page
    assert camden_application.get_absolute_url() not in page
    assert hackney_application.get_absolute_url() in page


def test_host_manager_is_not_asked_to_release_other_boroughs_staff(
    client, two_selected, haringey_manager
):
    page = _page(client, haringey_manager, "release_queue")
    assert _rows(page) == []
    assert "No releases are waiting for a decision" in page


def test_coordinator_sees_every_boroughs_releases_labelled_by_home_borough(
    client, two_selected, coordinator
):
    camden_application, hackney_application = two_selected

    page = _page(client, coordinator, "release_queue")

    assert "Camden" in _row_for(page, camden_application.get_absolute_url())
    assert "Hackney" in _row_for(page, hackney_application.get_absolute_url())


def test_release_queue_puts_the_longest_waiting_first_and_says_for_how_long(
    client, two_selected, coordinator
):
    _, hackney_application = two_selected
    # Selected on Thursday 3 December 2026, seen on Tuesday 8 December: Friday,
    # Monday and Tuesday are 3 working days, the same count the dashboard and
    # the escalation use (the weekend does not count).
    selected = clock.at(datetime.date(2026, 12, 3))
    Application.objects.filter(pk=hackney_application.pk).update(
        updated_at=selected, selected_at=selected
    )
    Application.objects.exclude(pk=hackney_application.pk).update(
        updated_at=clock.at(datetime.date(2026, 12, 8), 8),
        selected_at=clock.at(datetime.date(2026, 12, 8), 8),
    )

    with time_machine.travel(clock.at(datetime.date(2026, 12, 8), 10), tick=False):
        rows = _rows(_page(client, coordinator, "release_queue"))

    assert hackney_application.get_absolute_url() in rows[0]
    assert "3 working days" in rows[0]
    assert "Since today" in rows[1]


def test_released_applications_leave_the_release_queue(client, two_selected, camden_manager):
    services.application_release(application=two_selected[0], by=camden_manager)
    assert _rows(_page(client, camden_manager, "release_queue")) == []


# --- Placements waiting for approval ---------------------------------------------------


def test_coordinator_sees_released_applications_oldest_first(
    client, two_selected, camden_manager, hackney_manager, coordinator
):
    camden_application, hackney_application = two_selected
    services.application_release(application=hackney_application, by=hackney_manager)
    services.application_release(application=camden_application, by=camden_manager)

    rows = _rows(_page(client, coordinator, "approvals_queue"))

    assert hackney_application.get_absolute_url() in rows[0]
    assert camden_application.get_absolute_url() in rows[1]


def test_overlap_warning_appears_only_for_the_overlapping_application(
    client, camden_worker, camden_manager, haringey_manager, hackney_manager, coordinator
):
    start = TODAY + datetime.timedelta(days=14)
    first = _published(haringey_manager, title="Approved first")
    overlapping = _published(
        hackney_manager,
        title="Same weeks in Hackney",
        starts_on=start + datetime.timedelta(days=30),
        ends_on=start + datetime.timedelta(days=60),
    )
    # The services refuse an offer of help over a booked placement, so the
    # clashing application is released before the first is approved.
    first_application = _released(first, camden_worker, haringey_manager, camden_manager)
    clashing = _released(overlapping, camden_worker, hackney_manager, camden_manager)
    services.application_approve(application=first_application, by=coordinator)
    later = _published(
        hackney_manager,
        title="After the first ends",
        starts_on=start + datetime.timedelta(days=100),
        ends_on=start + datetime.timedelta(days=130),
    )
    clear = _released(later, camden_worker, hackney_manager, camden_manager)

    page = _page(client, coordinator, "approvals_queue")

    assert page.count(OVERLAP_WARNING) == 1
    assert OVERLAP_WARNING in _row_for(page, clashing.get_absolute_url())
    assert OVERLAP_WARNING not in _row_for(page, clear.get_absolute_url())


def test_a_cancelled_placement_raises_no_overlap_warning(
    client, camden_worker, camden_manager, haringey_manager, hackney_manager, coordinator
):
    first = _published(haringey_manager, title="Approved then cancelled")
    second = _published(hackney_manager, title="Same dates in Hackney")
    first_application = _released(first, camden_worker, haringey_manager, camden_manager)
    second_application = _released(second, camden_worker, hackney_manager, camden_manager)
    placement = services.application_approve(application=first_application, by=coordinator)
    services.placement_cancel(placement=placement, by=coordinator, reason="Host recruited")

    page = _page(client, coordinator, "approvals_queue")

    assert second_application.get_absolute_url() in page
    assert OVERLAP_WARNING not in page


@pytest.mark.parametrize("person", ["camden_worker", "camden_manager", "haringey_manager"])
def test_only_coordinators_see_the_approvals_queue(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("approvals_queue")).status_code == 404


def test_workers_get_404_on_the_release_queue(client, camden_worker):
    client.force_login(camden_worker)
    assert client.get(reverse("release_queue")).status_code == 404


# --- Placements in and out of a borough ----------------------------------------------------


@pytest.fixture
def three_placements(camden, haringey, hackney, camden_worker, haringey_manager, camden_manager):
    """Camden lends one worker to Haringey, hosts one from Haringey; Hackney hosts one
    from Haringey that is nothing to do with Camden."""
    haringey_worker = UserFactory(borough=haringey, full_name="Harriet Haringey")
    (going_out,) = _bulk_placements([camden_worker], haringey, haringey_manager)
    (coming_in,) = _bulk_placements([haringey_worker], camden, camden_manager)
    other_worker = UserFactory(borough=haringey, full_name="Otto Other")
    hackney_author = UserFactory(borough=hackney, role=Role.MANAGER)
    (elsewhere,) = _bulk_placements([other_worker], hackney, hackney_author)
    Placement.objects.filter(pk=elsewhere.pk).update(status=PlacementStatus.COMPLETED)
    return going_out, coming_in, elsewhere


def _urls(page: str) -> set[str]:
    return set(re.findall(r'href="(/placements/\d+/)"', page))


def test_manager_sees_placements_in_and_out_of_their_borough_only(
    client, three_placements, camden_manager
):
    going_out, coming_in, _ = three_placements

    page = _page(client, camden_manager, "placement_list")

    assert _urls(page) == {going_out.get_absolute_url(), coming_in.get_absolute_url()}
    row = _row_for(page, going_out.get_absolute_url())
    assert "Wendy Worker" in row and "Haringey" in row and "Camden" in row
    assert "Placements in and out of Camden" in page


@pytest.mark.parametrize(
    ("direction", "expected"), [("in", "coming_in"), ("out", "going_out"), ("", "both")]
)
def test_manager_filters_by_direction(
    client, three_placements, camden_manager, direction, expected
):
    going_out, coming_in, _ = three_placements
    wanted = {"going_out": {going_out}, "coming_in": {coming_in}, "both": {going_out, coming_in}}

    page = _page(client, camden_manager, "placement_list", direction=direction)

    assert _urls(page) == {placement.get_absolute_url() for placement in wanted[expected]}


def test_other_boroughs_manager_sees_none_of_camdens_placements(
    client, three_placements, hackney_manager
):
    *_, elsewhere = three_placements
    page = _page(client, hackney_manager, "placement_list")
    assert _urls(page) == {elsewhere.get_absolute_url()}


def test_coordinator_sees_all_placements_and_filters_by_host_home_and_status(
    client, three_placements, coordinator, camden, haringey, hackney
):
    going_out, coming_in, elsewhere = three_placements
    every = {p.get_absolute_url() for p in three_placements}

    assert _urls(_page(client, coordinator, "placement_list")) == every
    assert _urls(_page(client, coordinator, "placement_list", host=haringey.pk)) == {
        going_out.get_absolute_url()
    }
    assert _urls(_page(client, coordinator, "placement_list", home=haringey.pk)) == {
        coming_in.get_absolute_url(),
        elsewhere.get_absolute_url(),
    }
    assert _urls(
        _page(client, coordinator, "placement_list", home=haringey.pk, status="completed")
    ) == {elsewhere.get_absolute_url()}


def test_no_matching_placements_says_so(client, three_placements, coordinator, camden):
    page = _page(client, coordinator, "placement_list", host=camden.pk, status="cancelled")
    assert "No placements match your filters" in page
    assert _result_count(page) == "0 placements"


def test_an_unknown_filter_value_is_an_error_not_a_crash(client, coordinator):
    page = _page(client, coordinator, "placement_list", status="sunk")
    assert "Select a status from the list" in page


def test_worker_is_sent_to_their_own_placements(client, camden_worker):
    client.force_login(camden_worker)
    response = client.get(reverse("placement_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("my_placements")


# --- Finding the lists ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "links"),
    [
        ("camden_worker", ["my_applications", "my_placements"]),
        ("camden_manager", ["release_queue", "placement_list"]),
        ("coordinator", ["approvals_queue", "release_queue", "placement_list"]),
    ],
)
def test_dashboards_link_to_each_persons_lists(client, request, person, links):
    page = _page(client, request.getfixturevalue(person), "dashboard")
    for name in links:
        assert f'href="{reverse(name)}"' in page


# --- Query counts at two sizes ---------------------------------------------------------------


@pytest.mark.parametrize("size", [10, 200])
def test_my_applications_query_count_does_not_grow(
    client, camden_worker, haringey, haringey_manager, django_assert_num_queries, size
):
    requests = _requests(haringey, haringey_manager, size)
    _applications(((request, camden_worker) for request in requests), ApplicationStatus.INTERESTED)
    client.force_login(camden_worker)

    with django_assert_num_queries(7):
        response = client.get(reverse("my_applications"))

    assert len(_rows(response.content.decode())) == min(size, 25)


@pytest.mark.parametrize("size", [10, 200])
def test_my_placements_query_count_does_not_grow(
    client, camden_worker, haringey, haringey_manager, django_assert_num_queries, size
):
    _bulk_placements([camden_worker] * size, haringey, haringey_manager, weeks_apart=1)
    client.force_login(camden_worker)

    with django_assert_num_queries(7):
        response = client.get(reverse("my_placements"))

    assert len(_rows(response.content.decode())) == min(size, 25)


@pytest.mark.parametrize("size", [10, 200])
def test_release_queue_query_count_does_not_grow(
    client, camden, haringey, hackney, haringey_manager, camden_manager,
    django_assert_num_queries, size,
):  # fmt: skip
    # Each will work in Hackney only: one warning on every row.
    workers = _with_profiles(_workers(camden, size), hackney)
    requests = _requests(haringey, haringey_manager, size)
    _applications(zip(requests, workers, strict=True), ApplicationStatus.SELECTED)
    client.force_login(camden_manager)

    # The warnings read each worker's availability, willing boroughs, and open
    # applications with their placements: three queries for the whole page.
    with django_assert_num_queries(10):
        response = client.get(reverse("release_queue"))

    page = response.content.decode()
    assert len(_rows(page)) == min(size, 25)
    assert page.count(">1 warning<") == min(size, 25)


@pytest.mark.parametrize("size", [10, 200])
def test_approvals_queue_query_count_does_not_grow(
    client, camden, haringey, hackney, haringey_manager, coordinator,
    django_assert_num_queries, size,
):  # fmt: skip
    workers = _with_profiles(_workers(camden, size), haringey)
    released = _applications(
        zip(_requests(haringey, haringey_manager, size), workers, strict=True),
        ApplicationStatus.RELEASED,
    )
    # Every other worker is already booked on the same dates elsewhere.
    hackney_author = UserFactory(borough=hackney, role=Role.MANAGER)
    _bulk_placements(workers[::2], hackney, hackney_author)
    client.force_login(coordinator)

    # As the release queue: three queries for the warnings of the whole page.
    with django_assert_num_queries(9):
        response = client.get(reverse("approvals_queue"))

    page = response.content.decode()
    assert len(_rows(page)) == min(size, 25)
    assert page.count(OVERLAP_WARNING) == (min(size, 25) + 1) // 2
    assert OVERLAP_WARNING in _row_for(page, released[0].get_absolute_url())


@pytest.mark.parametrize("size", [10, 200])
# The coordinator's filter lists the boroughs twice (host and home).
@pytest.mark.parametrize(("person", "queries"), [("camden_manager", 7), ("coordinator", 8)])
def test_placement_list_query_count_does_not_grow(
    client, request, camden, haringey, haringey_manager, django_assert_num_queries,
    person, queries, size,
):  # fmt: skip
    _bulk_placements(_workers(camden, size), haringey, haringey_manager)
    client.force_login(request.getfixturevalue(person))

    with django_assert_num_queries(queries):
        response = client.get(reverse("placement_list"), {"direction": "out"})

    assert len(_rows(response.content.decode())) == min(size, 25)
