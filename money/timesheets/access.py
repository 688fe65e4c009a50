"""Who may see and decide on a placement's timesheets (DESIGN.md, "Who may do what").

The placement's social worker, its host and home boroughs' managers and the
coordinators of either's region see its weeks; anyone else is told there is
nothing there (404). Only the host's managers and the host region's
coordinators sign off or query (403 for the others who can see).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from money.models import Timesheet
from money.timesheets.listing import timesheets_visible_to
from money.timesheets.services import may_decide
from secondments.access import get_placement_for_user
from secondments.models import Placement


def get_placement_timesheets_for_user(user: User, pk: int) -> Placement:
    """The placement whose timesheets the user may see, or 404."""
    placement = get_placement_for_user(user, pk)
    if user.is_coordinator and not user.coordinates(placement.host, placement.home):
        raise Http404("No such placement")
    return placement


def get_timesheet_for_user(user: User, pk: int, *, write: bool = False) -> Timesheet:
    timesheet = (
        timesheets_visible_to(user)
        .filter(pk=pk)
        .select_related("placement__worker", "placement__host", "placement__home", "signed_off_by")
        .first()
    )
    if timesheet is None:
        raise Http404("No such timesheet")
    if write and not may_decide(user, timesheet.placement):
        raise PermissionDenied(
            "Only the host borough's managers or a coordinator can sign off or query a timesheet"
        )
    return timesheet
