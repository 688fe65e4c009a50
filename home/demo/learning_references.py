"""The demo's references: on each completed placement of the demo history, the
host's first manager gives a reference and the worker rates the placement,
through the services. Runs after home.demo.money.seed_money(); a second run
creates nothing. With fewer than 3 ratings for a borough its ratings page shows
that it is waiting for more, as it should.
"""

from django.db import transaction

from accounts.models import User
from home.demo.money import HISTORY_MARK
from home.demo.people import DEMO_EMAIL_DOMAIN
from learning.models import PlacementRating, Reference
from learning.references.services import placement_rate, reference_give
from secondments.models import Placement, PlacementStatus

DEMO_REFERENCE = {
    "practice": 5,
    "recording": 4,
    "teamwork": 5,
    "reliability": 5,
    "would_host_again": True,
    "comments": (
        "Settled into the team in days and took on complex court work with care. "
        "Recording was thorough and on time. We would welcome them back."
    ),
}
DEMO_RATING = {
    "induction": 4,
    "supervision": 5,
    "workload": 3,
    "support": 4,
    "would_recommend": True,
    "comments": "Weekly supervision and a team that made time for questions.",
}


@transaction.atomic
def seed_references() -> int:
    """Give a reference and a rating on each completed demo placement; how many were made."""
    completed = Placement.objects.filter(
        help_request__description__endswith=HISTORY_MARK, status=PlacementStatus.COMPLETED
    ).select_related("worker", "host", "home")
    made = 0
    for placement in completed:
        if not Reference.objects.filter(placement=placement).exists():
            host_manager = User.objects.get(
                email=f"manager1.{placement.host.name.lower()}@{DEMO_EMAIL_DOMAIN}"
            )
            reference_give(placement=placement, data=dict(DEMO_REFERENCE), by=host_manager)
            made += 1
        if not PlacementRating.objects.filter(placement=placement).exists():
            placement_rate(placement=placement, data=dict(DEMO_RATING), by=placement.worker)
            made += 1
    return made
