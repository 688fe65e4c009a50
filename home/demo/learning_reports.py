"""Demo learning reports: the Hackney social worker's report on her finished
placement in Camden, consented to and published in the practice library.

Runs after home.demo.money.seed_money(), whose finished Camden placement it
needs; the other demo placements are still weeks from their last week, so
there is no second report to leave awaiting moderation.
"""

from django.db import transaction

from accounts.models import User
from home.demo.money import HISTORY_MARK
from home.demo.people import COORDINATOR_EMAIL
from learning.models import LearningReport
from learning.reports.services import report_publish, report_write
from secondments.models import Placement, PlacementStatus

WHAT_WORKS_WELL = (
    "The disabled children's team holds a short case huddle every morning, so nobody "
    "carries a worry alone overnight. Court statements are read by a senior before filing, "
    "which kept my assessments tight and on time."
)
TAKE_HOME = (
    "The morning huddle, and the habit of writing each assessment's analysis first and the "
    "history second. Our court team could try the peer read of statements."
)
COULD_DO_DIFFERENTLY = (
    "Give visiting workers a laptop and system access on day one: I lost most of my first "
    "two days waiting for a login."
)
PUBLISHED_TITLE = "Morning huddles and peer-read court statements"
PUBLISHED_TEXT = (
    "A visiting social worker spent seven weeks with a disabled children's team.\n"
    "What works well: a short case huddle every morning, so nobody carries a worry alone "
    "overnight, and court statements read by a senior practitioner before filing, which kept "
    "assessments tight and on time.\n"
    "What they took home: the morning huddle, and writing each assessment's analysis before "
    "its history.\n"
    "What the host could do differently: have a laptop and system access ready on the "
    "first day."
)


@transaction.atomic
def seed_reports() -> int:
    """Create the demo's learning reports once; returns how many were made."""
    placement = (
        Placement.objects.filter(
            help_request__description__endswith=HISTORY_MARK,
            status=PlacementStatus.COMPLETED,
            host__name="Camden",
            home__name="Hackney",
            learning_report__isnull=True,
        )
        .select_related("worker", "host")
        .first()
    )
    if placement is None:
        return 0
    report = report_write(
        placement=placement,
        by=placement.worker,
        what_works_well=WHAT_WORKS_WELL,
        take_home=TAKE_HOME,
        could_do_differently=COULD_DO_DIFFERENTLY,
        anonymous=True,
        library_consent=True,
    )
    report_publish(
        report=report,
        by=User.objects.get(email=COORDINATOR_EMAIL),
        title=PUBLISHED_TITLE,
        text=PUBLISHED_TEXT,
    )
    return LearningReport.objects.filter(pk=report.pk).count()
