"""The facts to decide on, and the warnings a host, home manager or coordinator
sees before they select, release or approve (issue 8, acceptance 2).

Wendy Worker (Camden) offers to help Haringey. She is a social worker where a
senior practitioner is asked for, her availability covers half of Haringey's
dates, and Camden has already released her to Hackney for overlapping dates.
"""

import datetime
import html as html_module
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import JobLevel, Specialism
from secondments import services
from secondments.models import ApplicationStatus
from tests.factories import AvailabilityFactory, MatchFactory, WorkerFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

STARTS_ON = timezone.localdate() + datetime.timedelta(days=14)
ENDS_ON = STARTS_ON + datetime.timedelta(days=89)  # 90 days
HALF_WAY = STARTS_ON + datetime.timedelta(days=44)  # 45 days

LEVEL = "Wendy Worker's job level, social worker, is below the senior practitioner asked for"
HALF_AVAILABLE = "Wendy Worker's availability at 3 days a week covers only 45 of the 90 days (50%)"
RELEASED_ELSEWHERE = (
    "Wendy Worker is already released by Camden for “Crisis cover in Hackney” in Hackney"
)
WARNINGS = (LEVEL, HALF_AVAILABLE, RELEASED_ELSEWHERE)
CLASH = (
    f"Wendy Worker already has a placement in Hackney from {STARTS_ON:%-d %B %Y} "
    f"to {ENDS_ON + datetime.timedelta(days=10):%-d %B %Y}: "
    "reject this one or cancel that placement first"
)


def _published(manager, **overrides):
    data = request_data(**{"places": 1, "starts_on": STARTS_ON, "ends_on": ENDS_ON, **overrides})
    draft = services.help_request_create(by=manager, data=data)
    return services.help_request_publish(help_request=draft, by=manager)


def _text(html) -> str:
    """The page as a reader sees it: no tags, single spaces, one kind of apostrophe."""
    if not isinstance(html, str):
        html = html.content.decode()
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", html))
    return " ".join(text.split())


def _warnings(response) -> str:
    """Only the warnings beside the action buttons."""
    page = response.content.decode()
    if 'id="decision-warnings"' not in page:
        return ""
    return _text(page.split('id="decision-warnings"', 1)[1].split("<form", 1)[0])


def _get(client, user, application):
    client.force_login(user)
    response = client.get(application.get_absolute_url())
    assert response.status_code == 200
    return response


def _post(client, user, application, action: str):
    client.force_login(user)
    return client.post(reverse("application_action", args=[application.pk, action]))


@pytest.fixture
def wendy(camden_worker, haringey, hackney):
    profile = camden_worker.worker_profile
    profile.willing_boroughs.set([haringey, hackney])
    AvailabilityFactory(profile=profile, starts_on=STARTS_ON, ends_on=HALF_WAY, days_per_week=3)
    return camden_worker


@pytest.fixture
def hackney_request(hackney_manager):
    return _published(
        hackney_manager,
        title="Crisis cover in Hackney",
        ends_on=ENDS_ON + datetime.timedelta(days=10),
    )


@pytest.fixture
def released_to_hackney(wendy, hackney_request, hackney_manager, camden_manager):
    application = services.application_volunteer(help_request=hackney_request, by=wendy)
    services.application_select(application=application, by=hackney_manager)
    return services.application_release(application=application, by=camden_manager)


@pytest.fixture
def haringey_request(haringey_manager):
    return _published(
        haringey_manager,
        title="Assessment team cover",
        job_level=JobLevel.SENIOR_PRACTITIONER,
        min_years_qualified=2,
    )


@pytest.fixture
def offer(wendy, haringey_request, released_to_hackney):
    return services.application_volunteer(help_request=haringey_request, by=wendy)


def _to_stage(application, stage, haringey_manager, camden_manager):
    if stage in ("release", "approve"):
        services.application_select(application=application, by=haringey_manager)
    if stage == "approve":
        services.application_release(application=application, by=camden_manager)


# --- Acceptance 2: each warning at select, release and approve -------------------------


@pytest.mark.parametrize(
    ("stage", "decider"),
    [("select", "haringey_manager"), ("release", "camden_manager"), ("approve", "coordinator")],
)
def test_each_warning_is_shown_to_whoever_decides_next(
    client, request, offer, haringey_manager, camden_manager, stage, decider
):
    _to_stage(offer, stage, haringey_manager, camden_manager)

    response = _get(client, request.getfixturevalue(decider), offer)

    warnings = _warnings(response)
    assert f"3 things to know before you {stage} Wendy Worker" in warnings
    for warning in WARNINGS:
        assert warning in warnings
    # She will work in Haringey, and nothing is booked yet: no other warning.
    assert "is not one of the boroughs" not in warnings
    assert "You cannot" not in warnings
    assert f'formaction="{reverse("application_action", args=[offer.pk, stage])}"' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "viewer", ["haringey_manager", "camden_manager", "coordinator", "camden_worker"]
)
def test_no_warnings_for_someone_with_nothing_to_decide(
    client, request, offer, haringey_manager, camden_manager, viewer
):
    # Selected: only the home manager decides now.
    services.application_select(application=offer, by=haringey_manager)
    if viewer == "camden_manager":
        services.application_release(application=offer, by=camden_manager)

    response = _get(client, request.getfixturevalue(viewer), offer)

    assert _warnings(response) == ""


def test_a_worker_who_fits_raises_no_warning(client, haringey_request, haringey_manager, wendy):
    AvailabilityFactory(
        profile=wendy.worker_profile,
        starts_on=HALF_WAY + datetime.timedelta(days=1),
        ends_on=ENDS_ON,
        days_per_week=4,
    )
    profile = wendy.worker_profile
    profile.job_level = JobLevel.ADVANCED_PRACTITIONER
    profile.save(update_fields=["job_level"])
    application = services.application_volunteer(help_request=haringey_request, by=wendy)

    response = _get(client, haringey_manager, application)

    assert _warnings(response) == ""
    assert "Covers 90 of the 90 days asked for (100%)" in _text(response)


def test_host_outside_the_workers_boroughs_is_a_warning(
    client, haringey, hackney, haringey_request, haringey_manager, wendy
):
    wendy.worker_profile.willing_boroughs.set([hackney])
    application = services.application_volunteer(help_request=haringey_request, by=wendy)

    response = _get(client, haringey_manager, application)

    assert "Haringey is not one of the boroughs Wendy Worker will work in" in _warnings(response)


# --- The overlapping placement blocks at select and release ----------------------------


@pytest.fixture
def booked_in_hackney(released_to_hackney, coordinator):
    return services.application_approve(application=released_to_hackney, by=coordinator)


def test_an_overlapping_placement_blocks_select_with_409(
    client, offer, booked_in_hackney, haringey_manager
):
    page = _get(client, haringey_manager, offer)
    assert f"You cannot select: {CLASH}" in _warnings(page)

    response = _post(client, haringey_manager, offer, "select")

    assert response.status_code == 409
    assert CLASH in _text(response)
    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.INTERESTED


def test_an_overlapping_placement_blocks_release_with_409(
    client, offer, released_to_hackney, haringey_manager, camden_manager, coordinator
):
    services.application_select(application=offer, by=haringey_manager)
    services.application_approve(application=released_to_hackney, by=coordinator)
    assert f"You cannot release: {CLASH}" in _warnings(_get(client, camden_manager, offer))

    response = _post(client, camden_manager, offer, "release")

    assert response.status_code == 409
    assert CLASH in _text(response)
    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.SELECTED


def test_an_overlapping_placement_blocks_approve_with_409(
    client, offer, released_to_hackney, haringey_manager, camden_manager, coordinator
):
    _to_stage(offer, "approve", haringey_manager, camden_manager)
    services.application_approve(application=released_to_hackney, by=coordinator)
    assert f"You cannot approve: {CLASH}" in _warnings(_get(client, coordinator, offer))

    response = _post(client, coordinator, offer, "approve")

    assert response.status_code == 409
    page = response.content.decode()
    assert "<title>Error: " in page
    # The error summary names the clash and leads to the actions.
    summary = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    assert 'href="#actions"' in summary
    assert CLASH in _text(summary)
    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.RELEASED


def test_select_release_and_approve_refuse_with_the_same_message(
    offer, released_to_hackney, haringey_request, haringey_manager, camden_manager, coordinator
):
    services.application_select(application=offer, by=haringey_manager)
    services.application_release(application=offer, by=camden_manager)
    services.application_approve(application=released_to_hackney, by=coordinator)

    with pytest.raises(services.PlacementConflict) as approving:
        services.application_approve(application=offer, by=coordinator)

    assert approving.value.messages == [CLASH]


def test_the_release_queue_sends_a_warned_release_to_the_page(
    client, offer, haringey_manager, camden_manager
):
    services.application_select(application=offer, by=haringey_manager)
    client.force_login(camden_manager)

    page = client.get(reverse("release_queue")).content.decode()

    assert "3 warnings" in page
    assert "Check the warnings and decide" in page
    assert reverse("application_action", args=[offer.pk, "release"]) not in page


def test_the_approvals_queue_tags_warned_rows(
    client, offer, haringey_manager, camden_manager, coordinator
):
    _to_stage(offer, "approve", haringey_manager, camden_manager)
    client.force_login(coordinator)

    page = client.get(reverse("approvals_queue")).content.decode()

    row = next(r for r in page.split("<tr") if f'href="{offer.get_absolute_url()}"' in r)
    assert "3 warnings" in row


# --- The facts, and who sees them ------------------------------------------------------


def test_host_sees_the_facts_to_decide_on(client, offer, haringey_request, haringey_manager):
    child_protection, _ = Specialism.objects.get_or_create(
        name="Child protection", defaults={"area": Specialism.Area.CHILDREN}
    )
    court, _ = Specialism.objects.get_or_create(
        name="Court work", defaults={"area": Specialism.Area.CHILDREN}
    )
    haringey_request.specialisms.set([child_protection, court])
    offer.worker.worker_profile.specialisms.set([child_protection])
    MatchFactory(help_request=haringey_request, worker=offer.worker, score=72)

    page = _text(_get(client, haringey_manager, offer))

    assert "Social worker Asked for: Senior practitioner Below the level asked" in page
    assert "Covers 1 of 2 asked for: Child protection Not covered: Court work" in page
    assert "Covers 45 of the 90 days asked for (50%)" in page
    assert "Includes Haringey" in page
    assert "72 out of 100 Covers 3 of 3 specialisms" in page
    assert "Crisis cover in Hackney, Hackney" in page
    assert "released by home borough Overlaps these dates" in page


@pytest.mark.parametrize("viewer", ["haringey_manager", "camden_manager", "coordinator"])
def test_contact_details_appear_only_once_the_worker_is_selected(
    client, request, offer, haringey_manager, viewer
):
    offer.worker.phone_number = "07700 900123"
    offer.worker.save(update_fields=["phone_number"])
    person = request.getfixturevalue(viewer)

    before = _get(client, person, offer).content.decode()
    services.application_select(application=offer, by=haringey_manager)
    after = _get(client, person, offer).content.decode()

    assert "worker@camden.gov.uk" not in before
    assert "07700 900123" not in before
    assert 'href="mailto:worker@camden.gov.uk"' in after
    assert "07700 900123" in after


@pytest.mark.parametrize(
    ("viewer", "sees_link"),
    [("haringey_manager", False), ("camden_manager", True), ("coordinator", True)],
)
def test_profile_link_only_for_those_who_may_see_the_profile(
    client, request, offer, viewer, sees_link
):
    page = _get(client, request.getfixturevalue(viewer), offer).content.decode()

    assert (f'href="{reverse("person_detail", args=[offer.worker.pk])}"' in page) is sees_link


def test_worker_sees_their_own_facts_without_warnings(client, offer, wendy):
    response = _get(client, wendy, offer)

    assert "How you fit this request" in _text(response)
    assert "Covers 45 of the 90 days asked for (50%)" in _text(response)
    assert _warnings(response) == ""


def test_worker_never_sees_another_applicants_facts(
    client, offer, haringey_request, hackney, camden_worker
):
    rival = WorkerFactory(borough=hackney, full_name="Rita Rival")
    AvailabilityFactory(profile=rival.worker_profile, starts_on=STARTS_ON, ends_on=ENDS_ON)
    rivals_offer = services.application_volunteer(help_request=haringey_request, by=rival)
    client.force_login(camden_worker)

    assert client.get(rivals_offer.get_absolute_url()).status_code == 404
    request_page = client.get(haringey_request.get_absolute_url()).content.decode()
    own_page = client.get(offer.get_absolute_url()).content.decode()
    assert "Rita Rival" not in request_page
    assert "Rita Rival" not in own_page
