"""Everyone signed in browses open help requests, filters, sorts and pages through them."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import JobLevel, Specialism
from boroughs.models import FundingModel
from secondments.models import HelpRequest, Purpose, RequestStatus, Urgency, WorkingPattern
from tests.factories import (
    ApplicationFactory,
    AvailabilityFactory,
    BoroughFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("request_list")
# Session, user, whether they have an authenticator, home borough, worker
# profile, the chosen specialism, the borough and specialism selects, the
# result count, the page of results and the header's count of unread
# notifications.
QUERIES_FOR_A_FILTERED_PAGE = 11
TODAY = timezone.localdate()


def help_request(
    borough, *, created_by, status: str = RequestStatus.OPEN, save: bool = True, **overrides
) -> HelpRequest:
    """An unsaved or saved request; straight through the ORM so hundreds are quick to make."""
    start = overrides.pop("starts_on", TODAY + datetime.timedelta(days=14))
    fields = {
        "borough": borough,
        "created_by": created_by,
        "title": "Two social workers for the assessment team",
        "purpose": Purpose.BACKLOG,
        "job_level": JobLevel.SOCIAL_WORKER,
        "places": 2,
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=90),
        "days_per_week": 3,
        "working_pattern": WorkingPattern.HYBRID,
        "location": "Civic centre",
        "funding_model": FundingModel.HOME_FUNDED,
        "urgency": Urgency.ROUTINE,
        "description": "A backlog of assessments after an inspection.",
        "status": status,
        "published_at": None if status == RequestStatus.DRAFT else timezone.now(),
    }
    fields.update(overrides)
    instance = HelpRequest(**fields)
    if save:
        instance.save()
    return instance


@pytest.fixture
def author(haringey_manager):
    return haringey_manager


def titles(response) -> list[str]:
    """The titles of the requests listed, in order: each links to its request."""
    page = response.content.decode()
    results = page[page.index('id="result-count"') :]
    return [
        html.unescape(title) for title in re.findall(r'href="/requests/\d+/">([^<]+)</a>', results)
    ]


def squeezed(response) -> str:
    """The page with the whitespace between tags taken out."""
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", response.content.decode()))


def browse(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_worker_next_to_my_borough_sees_neighbours_open_requests_only(
    client, camden_worker, camden, haringey, hackney, author
):
    camden.neighbours.add(haringey)
    help_request(haringey, created_by=author, title="Haringey open")
    help_request(hackney, created_by=author, title="Hackney open")
    help_request(camden, created_by=author, title="Camden open")
    for status in (RequestStatus.DRAFT, RequestStatus.CANCELLED, RequestStatus.CLOSED):
        help_request(haringey, created_by=author, status=status, title=f"Haringey {status}")

    response = browse(client, camden_worker, neighbours="on")

    assert titles(response) == ["Haringey open"]
    assert "Only boroughs next to mine" in response.text


def test_only_open_requests_are_listed_without_filters(client, camden_worker, haringey, author):
    help_request(haringey, created_by=author, title="Open one")
    for status in (
        RequestStatus.DRAFT,
        RequestStatus.FILLED,
        RequestStatus.CLOSED,
        RequestStatus.CANCELLED,
        RequestStatus.EXPIRED,
    ):
        help_request(haringey, created_by=author, status=status, title=status)

    assert titles(browse(client, camden_worker)) == ["Open one"]


@pytest.mark.parametrize(
    ("param", "value", "wanted", "unwanted"),
    [
        ("purpose", Purpose.CRISIS_COVER, {"purpose": Purpose.CRISIS_COVER}, {}),
        (
            "job_level",
            str(JobLevel.SENIOR_PRACTITIONER),
            {"job_level": JobLevel.SENIOR_PRACTITIONER},
            {},
        ),
        (
            "working_pattern",
            WorkingPattern.REMOTE,
            {"working_pattern": WorkingPattern.REMOTE},
            {"working_pattern": WorkingPattern.ON_SITE},
        ),
        ("urgency", Urgency.CRISIS, {"urgency": Urgency.CRISIS}, {"urgency": Urgency.URGENT}),
    ],
)
def test_each_choice_filter_keeps_only_matching_requests(
    client, camden_worker, haringey, author, param, value, wanted, unwanted
):
    help_request(haringey, created_by=author, title="Wanted", **wanted)
    help_request(haringey, created_by=author, title="Unwanted", **unwanted)

    assert titles(browse(client, camden_worker, **{param: value})) == ["Wanted"]


def test_host_borough_filter_keeps_only_that_boroughs_requests(
    client, camden_worker, haringey, hackney, author
):
    help_request(haringey, created_by=author, title="Haringey")
    help_request(hackney, created_by=author, title="Hackney")

    assert titles(browse(client, camden_worker, borough=hackney.pk)) == ["Hackney"]


def test_specialism_filter_keeps_only_requests_asking_for_it(
    client, camden_worker, haringey, author
):
    protection, _ = Specialism.objects.get_or_create(
        name="Child protection", defaults={"area": "children"}
    )
    other, _ = Specialism.objects.get_or_create(
        name="Mental health (adults)", defaults={"area": "adults"}
    )
    help_request(haringey, created_by=author, title="Protection").specialisms.add(protection, other)
    help_request(haringey, created_by=author, title="Other").specialisms.add(other)
    help_request(haringey, created_by=author, title="None")

    assert titles(browse(client, camden_worker, specialism=protection.pk)) == ["Protection"]


def test_filters_combine(client, camden_worker, haringey, hackney, author):
    help_request(haringey, created_by=author, title="Both", urgency=Urgency.CRISIS)
    help_request(haringey, created_by=author, title="Borough only")
    help_request(hackney, created_by=author, title="Urgency only", urgency=Urgency.CRISIS)

    response = browse(client, camden_worker, borough=haringey.pk, urgency=Urgency.CRISIS)

    assert titles(response) == ["Both"]


@pytest.mark.parametrize("text", ["fostering", "FOSTERING", "Tottenham", "panel reports", "haring"])
def test_free_text_matches_title_description_location_or_borough_name(
    client, camden_worker, haringey, hackney, author, text
):
    help_request(
        haringey,
        created_by=author,
        title="Fostering assessments",
        description="Writing panel reports",
        location="Tottenham Green",
    )
    help_request(hackney, created_by=author, title="Duty desk")

    assert titles(browse(client, camden_worker, q=text)) == ["Fostering assessments"]


def test_sort_by_soonest_start_is_the_default(client, camden_worker, haringey, author):
    for days, title in ((30, "Later"), (7, "Soonest"), (60, "Latest")):
        help_request(
            haringey,
            created_by=author,
            title=title,
            starts_on=TODAY + datetime.timedelta(days=days),
        )

    assert titles(browse(client, camden_worker)) == ["Soonest", "Later", "Latest"]
    assert titles(browse(client, camden_worker, sort="soonest")) == ["Soonest", "Later", "Latest"]


def test_sort_by_newest_puts_the_latest_published_first(client, camden_worker, haringey, author):
    now = timezone.now()
    for hours, title in ((5, "Older"), (1, "Newest"), (9, "Oldest")):
        help_request(
            haringey,
            created_by=author,
            title=title,
            published_at=now - datetime.timedelta(hours=hours),
        )

    assert titles(browse(client, camden_worker, sort="newest")) == ["Newest", "Older", "Oldest"]


def test_sort_by_nearest_orders_by_centroid_distance_with_unknown_centroids_last(
    client, camden_worker, camden, haringey, hackney, author
):
    def place(borough, latitude: str, longitude: str) -> None:
        borough.latitude, borough.longitude = Decimal(latitude), Decimal(longitude)
        borough.save()

    place(camden, "51.5455", "-0.1628")
    place(haringey, "51.5906", "-0.1110")
    place(hackney, "51.5450", "-0.0553")
    nowhere = BoroughFactory(name="Nowhere")
    help_request(nowhere, created_by=author, title="No centroid", starts_on=TODAY)
    help_request(hackney, created_by=author, title="Hackney")
    help_request(haringey, created_by=author, title="Haringey")
    help_request(camden, created_by=author, title="Camden")

    response = browse(client, camden_worker, sort="nearest")

    assert titles(response) == ["Camden", "Haringey", "Hackney", "No centroid"]


def test_availability_filter_keeps_requests_overlapping_any_period(
    client, camden_worker, haringey, author
):
    profile = camden_worker.worker_profile
    AvailabilityFactory(
        profile=profile,
        starts_on=TODAY + datetime.timedelta(days=10),
        ends_on=TODAY + datetime.timedelta(days=20),
    )
    AvailabilityFactory(
        profile=profile,
        starts_on=TODAY + datetime.timedelta(days=200),
        ends_on=TODAY + datetime.timedelta(days=220),
    )
    help_request(
        haringey,
        created_by=author,
        title="Overlaps first",
        starts_on=TODAY + datetime.timedelta(days=20),
    )
    help_request(
        haringey,
        created_by=author,
        title="Overlaps second",
        starts_on=TODAY + datetime.timedelta(days=150),
    )
    help_request(
        haringey,
        created_by=author,
        title="Between periods",
        starts_on=TODAY + datetime.timedelta(days=21),
        ends_on=TODAY + datetime.timedelta(days=199),
    )
    help_request(
        haringey,
        created_by=author,
        title="Before",
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=9),
    )

    response = browse(client, camden_worker, available="on")

    assert titles(response) == ["Overlaps first", "Overlaps second"]


def test_availability_filter_is_only_offered_to_workers_with_a_profile(
    client, camden_manager, coordinator
):
    for user in (camden_manager, coordinator):
        response = browse(client, user)
        assert "Only dates that overlap my availability" not in response.text


def test_coordinator_without_a_home_borough_is_not_offered_neighbours_or_nearest(
    client, coordinator, haringey, author
):
    help_request(haringey, created_by=author, title="Haringey")

    response = browse(client, coordinator, neighbours="on", sort="nearest")

    assert "Only boroughs next to mine" not in response.text
    assert "Select how to sort the help requests from the list" in response.text


def test_result_count_and_fill_status_are_shown(client, camden_worker, haringey, author):
    first = help_request(haringey, created_by=author, title="Two places", places=2)
    help_request(haringey, created_by=author, title="One place", places=1)

    response = browse(client, camden_worker)

    assert "2 help requests" in response.text
    assert "0 of 2 places filled" in response.text
    assert "0 of 1 place filled" in response.text
    assert f'href="{first.get_absolute_url()}"' in response.text
    assert "1 help request<" in browse(client, camden_worker, q="One place").text


def test_urgency_is_shown_as_a_coloured_tag(client, camden_worker, haringey, author):
    help_request(haringey, created_by=author, urgency=Urgency.CRISIS)
    help_request(haringey, created_by=author, urgency=Urgency.URGENT)
    help_request(haringey, created_by=author, urgency=Urgency.ROUTINE)

    text = squeezed(browse(client, camden_worker))

    assert 'govuk-tag govuk-tag--red">Crisis' in text
    assert 'govuk-tag govuk-tag--orange">Urgent' in text
    assert 'govuk-tag govuk-tag--grey">Routine' in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"borough": "999999"}, "Select a host borough from the list"),
        ({"borough": "camden"}, "Select a host borough from the list"),
        ({"urgency": "whenever"}, "Select an urgency from the list"),
        ({"job_level": "99"}, "Select a job level from the list"),
    ],
)
def test_an_invalid_filter_shows_an_error_summary_not_a_server_error(
    client, camden_worker, params, message
):
    response = browse(client, camden_worker, **params)

    assert "There is a problem" in response.text
    assert message in response.text
    assert "<title>Error: Find help requests" in response.text


def test_pages_hold_20_requests_and_page_links_keep_the_filters(
    client, camden_worker, haringey, author
):
    HelpRequest.objects.bulk_create(
        help_request(haringey, created_by=author, urgency=Urgency.CRISIS, save=False)
        for _ in range(21)
    )

    response = browse(client, camden_worker, urgency=Urgency.CRISIS)

    assert len(titles(response)) == 20
    assert "21 help requests" in response.text
    assert "?urgency=crisis&amp;page=2" in response.text
    assert len(titles(browse(client, camden_worker, urgency=Urgency.CRISIS, page=2))) == 1


@pytest.mark.parametrize("size", [10, 200])
def test_query_count_does_not_grow_with_the_number_of_requests(
    client, camden_worker, camden, haringey, author, django_assert_num_queries, size
):
    camden.neighbours.add(haringey)
    specialism, _ = Specialism.objects.get_or_create(
        name="Child protection", defaults={"area": "children"}
    )
    created = HelpRequest.objects.bulk_create(
        help_request(haringey, created_by=author, save=False) for _ in range(size)
    )
    HelpRequest.specialisms.through.objects.bulk_create(
        HelpRequest.specialisms.through(helprequest_id=item.pk, specialism_id=specialism.pk)
        for item in created
    )
    # Some the worker answered (each marked on the page), some with places filled.
    for item in created[::3]:
        ApplicationFactory(help_request=item, worker=camden_worker)
    for item in created[1::5]:
        PlacementFactory(help_request=item)
    AvailabilityFactory(profile=camden_worker.worker_profile)
    client.force_login(camden_worker)
    params = {
        "neighbours": "on",
        "specialism": specialism.pk,
        "available": "on",
        "q": "assessment",
        "sort": "nearest",
    }

    with django_assert_num_queries(QUERIES_FOR_A_FILTERED_PAGE):
        response = client.get(URL, params)

    assert response.status_code == 200
    assert len(titles(response)) == min(size, 20)
    assert ">Applied</strong>" in response.content.decode()
    assert "1 of 2 places filled" in response.content.decode()
