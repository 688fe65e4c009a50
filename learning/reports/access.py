"""Who may see learning reports and library entries."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from learning.models import LearningReport

RELATED = ("placement__host", "placement__home", "placement__help_request", "author")


def get_report_for_user(
    user: User, pk: int, *, write: bool = False, moderate: bool = False
) -> LearningReport:
    """The host borough's managers, the worker's home managers, the author and
    the coordinators of the host's or home's region see a report (404 for
    anyone else); only its author changes it and only those coordinators
    moderate it (403)."""
    report = LearningReport.objects.visible_to(user).select_related(*RELATED).filter(pk=pk).first()
    if report is None:
        raise Http404("No such learning report")
    if write and report.author_id != user.pk:
        raise PermissionDenied("Only the report's author can change it")
    if moderate and not user.coordinates(report.placement.host, report.placement.home):
        raise PermissionDenied("Only coordinators moderate the practice library")
    return report


def get_library_entry(pk: int) -> LearningReport:
    """Every signed-in user reads a published entry; nothing else is in the library."""
    report = (
        LearningReport.objects.published()
        .select_related("placement__host", "placement__help_request", "author")
        .prefetch_related("placement__help_request__specialisms")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such library entry")
    return report
