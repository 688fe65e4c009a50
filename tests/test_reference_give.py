"""The host's manager gives a reference on the worker once the placement has
completed; its author may correct it for 14 days, then it is locked; the
worker and their home managers see it, another borough does not."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from learning.models import Reference
from learning.references.services import FeedbackConflict, reference_give
from notifications.models import Notification
from secondments.models import PlacementStatus
from tests.factories import PlacementFactory, UserFactory
from tests.personas import with_totp

pytestmark = pytest.mark.django_db

DASH = "\N{EN DASH}"

GOOD = {
    "practice": "5",
    "recording": "4",
    "teamwork": "5",
    "reliability": "3",
    "would_host_again": "yes",
    "comments": "Thorough assessments, warm with families.",
}


@pytest.fixture
def placement(camden_worker, haringey):
    """The Camden worker's completed placement in Haringey."""
    return PlacementFactory(
        worker=camden_worker, help_request__borough=haringey, status=PlacementStatus.COMPLETED
    )


def _give(client, user, placement, **changes):
    client.force_login(user)
    return client.post(reverse("placement_reference", args=[placement.pk]), GOOD | changes)


def test_host_manager_gives_a_reference_the_worker_and_home_manager_see(
    client, placement, haringey_manager, camden_worker, camden_manager
):
    response = _give(client, haringey_manager, placement)

    assert response.status_code == 302
    reference = Reference.objects.get()
    assert (reference.author, reference.practice, reference.would_host_again) == (
        haringey_manager,
        5,
        True,
    )
    assert AuditEvent.objects.filter(action="reference_given", actor=haringey_manager).count() == 1
    told = set(
        Notification.objects.filter(event="reference_given").values_list("recipient", flat=True)
    )
    assert told == {camden_worker.pk, camden_manager.pk}
    for viewer in (camden_worker, camden_manager):
        client.force_login(viewer)
        page = client.get(reverse("person_references", args=[camden_worker.pk])).content.decode()
        assert "Thorough assessments, warm with families." in page
        assert f"5 {DASH} Excellent" in page
        assert "Haringey" in page


def test_the_form_offers_ratings_one_to_five(client, placement, haringey_manager):
    client.force_login(haringey_manager)
    page = client.get(reverse("placement_reference", args=[placement.pk])).content.decode()
    assert f"1 {DASH} Poor" in page and f"5 {DASH} Excellent" in page
    assert 'type="radio"' in page
    assert placement.help_request.title in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("practice", "6", "Select a rating for quality of social work practice, from 1 to 5"),
        ("recording", "0", "Select a rating for case recording, from 1 to 5"),
        ("teamwork", "", "Select a rating for working with the team, from 1 to 5"),
        ("would_host_again", "maybe", "Select yes if you would host them again"),
        ("comments", "x" * 2001, "Comments must be 2,000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    client, placement, haringey_manager, field, value, message
):
    response = _give(client, haringey_manager, placement, **{field: value})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Reference.objects.exists()


def test_no_reference_before_the_placement_has_completed(
    client, camden_worker, haringey, haringey_manager
):
    active = PlacementFactory(
        worker=camden_worker, help_request__borough=haringey, status=PlacementStatus.ACTIVE
    )
    client.force_login(haringey_manager)
    page = client.get(reverse("placement_reference", args=[active.pk])).content.decode()
    assert "once the placement has completed" in page

    response = _give(client, haringey_manager, active)

    assert response.status_code == 409
    assert "once the placement has completed" in response.content.decode()
    assert not Reference.objects.exists()


def test_a_second_reference_is_refused(client, placement, haringey_manager, haringey):
    _give(client, haringey_manager, placement)
    # One reference for each placement: a colleague's is refused too.
    colleague = with_totp(UserFactory(role=Role.MANAGER, borough=haringey))

    response = _give(client, colleague, placement, practice="1")

    assert response.status_code == 409
    assert "there is one for each placement" in response.content.decode()
    with pytest.raises(FeedbackConflict, match="You have already given a reference"):
        reference_give(
            placement=placement,
            data={
                "practice": 1,
                "recording": 1,
                "teamwork": 1,
                "reliability": 1,
                "would_host_again": False,
            },
            by=haringey_manager,
        )
    assert Reference.objects.get().practice == 5


def test_the_author_corrects_within_14_days_then_it_locks(client, placement, haringey_manager):
    _give(client, haringey_manager, placement)
    reference = Reference.objects.get()

    with time_machine.travel(reference.created_at + datetime.timedelta(days=13), tick=False):
        response = _give(client, haringey_manager, placement, practice="4")
    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.practice == 4
    event = AuditEvent.objects.get(action="reference_corrected")
    assert event.changed_fields == ["practice"]

    with time_machine.travel(
        reference.created_at + datetime.timedelta(days=14, minutes=1), tick=False
    ):
        client.force_login(haringey_manager)
        page = client.get(reverse("placement_reference", args=[placement.pk])).content.decode()
        assert "can no longer be changed" in page
        response = _give(client, haringey_manager, placement, practice="1")
    assert response.status_code == 409
    assert "is now locked" in response.content.decode()
    reference.refresh_from_db()
    assert reference.practice == 4


def test_only_the_host_gives_it(client, placement, camden_manager, camden_worker, hackney_manager):
    assert _give(client, camden_manager, placement).status_code == 403
    assert _give(client, camden_worker, placement).status_code == 403
    assert _give(client, hackney_manager, placement).status_code == 404
    client.force_login(hackney_manager)
    assert client.get(reverse("placement_reference", args=[placement.pk])).status_code == 404
    assert client.get(reverse("person_references", args=[camden_worker.pk])).status_code == 404
    assert not Reference.objects.exists()


def test_a_coordinator_may_give_it(client, placement, coordinator):
    assert _give(client, coordinator, placement).status_code == 302
    assert Reference.objects.get().author == coordinator


def test_the_host_manager_does_not_see_the_worker_s_other_references(
    client, placement, haringey_manager, camden_worker
):
    client.force_login(haringey_manager)
    assert client.get(reverse("person_references", args=[camden_worker.pk])).status_code == 404


def test_the_placement_page_links_to_after_the_placement(client, placement, camden_worker):
    client.force_login(camden_worker)
    page = client.get(placement.get_absolute_url()).content.decode()
    assert "After the placement" in page
    assert reverse("placement_rating", args=[placement.pk]) in page
    assert reverse("person_references", args=[camden_worker.pk]) in page
    assert timezone.localdate()  # the page renders on any day
