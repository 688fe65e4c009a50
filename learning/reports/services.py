"""Writing learning reports, offering them to the practice library, moderating them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from learning.models import LearningReport, LibraryStatus
from learning.reports.search import search_vector
from notifications.services import coordinators, managers_of, notify
from secondments.models import Placement

ACTIONS = {
    "learning_report_written": "Learning report written",
    "learning_report_edited": "Learning report changed",
    "learning_report_consent_given": "Learning report offered to the practice library",
    "learning_report_consent_withdrawn": "Consent to the practice library withdrawn",
    "learning_report_published": "Learning report published in the practice library",
    "learning_report_returned": "Learning report returned to its author",
}

TEXT_FIELDS = ("what_works_well", "take_home", "could_do_differently")
# Characters the library's highlighting uses as markers: never stored in moderated text.
MARKERS = "\x02\x03"


def _checked(report: LearningReport) -> LearningReport:
    report.full_clean(exclude=["placement", "author", "moderated_by"])
    return report


@transaction.atomic
def report_write(
    *,
    placement: Placement,
    by: User,
    what_works_well: str,
    take_home: str,
    could_do_differently: str,
    anonymous: bool,
    library_consent: bool = False,
) -> LearningReport:
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.worker_id != by.pk:
        raise PermissionDenied("Only the placement's social worker writes its learning report")
    if not LearningReport.may_be_written_for(placement, timezone.localdate()):
        raise ValidationError(
            "You can write a learning report from the last week of the placement onwards"
        )
    if LearningReport.objects.filter(placement=placement).exists():
        raise ValidationError("There is already a learning report for this placement")
    report = _checked(
        LearningReport(
            placement=placement,
            author=by,
            what_works_well=what_works_well,
            take_home=take_home,
            could_do_differently=could_do_differently,
            anonymous=anonymous,
        )
    )
    report.save()
    audit_record(actor=by, action="learning_report_written", obj=report)
    notify(
        recipients=managers_of(placement.host_id),
        event="learning_report_written",
        title=f"A learning report about a placement in {placement.host.name}",
        link=report.get_absolute_url(),
        key=f"report:{report.pk}",
    )
    if library_consent:
        report_consent_give(report=report, by=by)
    return report


@transaction.atomic
def report_edit(
    *,
    report: LearningReport,
    by: User,
    what_works_well: str,
    take_home: str,
    could_do_differently: str,
    anonymous: bool,
) -> LearningReport:
    report = LearningReport.objects.select_for_update().get(pk=report.pk)
    if report.author_id != by.pk:
        raise PermissionDenied("Only the report's author can change it")
    if report.is_published:
        raise ValidationError("A published report cannot be changed: withdraw consent first")
    values = {
        "what_works_well": what_works_well,
        "take_home": take_home,
        "could_do_differently": could_do_differently,
        "anonymous": anonymous,
    }
    changed = [name for name, value in values.items() if getattr(report, name) != value]
    if not changed:
        return report
    for name, value in values.items():
        setattr(report, name, value)
    before = report.library_status
    if before == LibraryStatus.RETURNED:
        # The author's answer to the coordinator's reason: back in the queue.
        report.library_status = LibraryStatus.AWAITING_MODERATION
    _checked(report).save()
    audit_record(
        actor=by,
        action="learning_report_edited",
        obj=report,
        changed_fields=changed,
        from_state=before,
        to_state=report.library_status,
    )
    if before == LibraryStatus.RETURNED:
        _tell_coordinators(report)
    return report


@transaction.atomic
def report_consent_give(*, report: LearningReport, by: User) -> LearningReport:
    report = LearningReport.objects.select_for_update().get(pk=report.pk)
    if report.author_id != by.pk:
        raise PermissionDenied("Only the report's author can offer it to the library")
    if report.library_consent:
        return report
    before = report.library_status
    report.library_consent = True
    report.consent_given_at = timezone.now()
    report.library_status = LibraryStatus.AWAITING_MODERATION
    report.save()
    audit_record(
        actor=by,
        action="learning_report_consent_given",
        obj=report,
        from_state=before,
        to_state=report.library_status,
    )
    _tell_coordinators(report)
    return report


def _tell_coordinators(report: LearningReport) -> None:
    """The coordinators of the host's and the home's regions (and national ones)."""
    placement = report.placement
    notify(
        recipients=coordinators(placement.host, placement.home),
        event="learning_report_offered",
        title="A learning report is waiting for moderation",
        link=reverse("learning_report_moderate", args=[report.pk]),
        key=f"report:{report.pk}:{report.updated_at.isoformat()}",
    )


@transaction.atomic
def report_consent_withdraw(*, report: LearningReport, by: User) -> LearningReport:
    """Withdrawing takes the report out of the library at once."""
    report = LearningReport.objects.select_for_update().get(pk=report.pk)
    if report.author_id != by.pk:
        raise PermissionDenied("Only the report's author can withdraw consent")
    if not report.library_consent:
        return report
    before = report.library_status
    report.library_consent = False
    report.consent_given_at = None
    report.library_status = LibraryStatus.NOT_OFFERED
    report.published_at = None
    report.search_vector = None
    report.save()
    audit_record(
        actor=by,
        action="learning_report_consent_withdrawn",
        obj=report,
        from_state=before,
        to_state=report.library_status,
    )
    return report


def _for_moderation(report: LearningReport, by: User) -> LearningReport:
    if not by.is_coordinator:
        raise PermissionDenied("Only coordinators moderate the practice library")
    report = (
        LearningReport.objects.select_for_update(of=("self",))
        .select_related("placement__host", "placement__home")
        .get(pk=report.pk)
    )
    if not by.coordinates(report.placement.host, report.placement.home):
        raise PermissionDenied(
            "Only the coordinators of the placement's regions moderate this report"
        )
    if not report.library_consent:
        raise ValidationError(
            "The author has not agreed to this report joining the practice library"
        )
    return report


@transaction.atomic
def report_publish(*, report: LearningReport, by: User, title: str, text: str) -> LearningReport:
    report = _for_moderation(report, by)
    if report.is_published:
        raise ValidationError("This report is already published")
    before = report.library_status
    report.published_title = title.strip().translate({ord(c): None for c in MARKERS})
    report.published_text = text.strip().translate({ord(c): None for c in MARKERS})
    if not report.published_title or not report.published_text:
        raise ValidationError("Give the published report a title and text")
    report.library_status = LibraryStatus.PUBLISHED
    report.published_at = timezone.now()
    report.moderated_by = by
    report.returned_reason = ""
    _checked(report).save()
    if connection.vendor == "postgresql":
        LearningReport.objects.filter(pk=report.pk).update(search_vector=search_vector())
    audit_record(
        actor=by,
        action="learning_report_published",
        obj=report,
        from_state=before,
        to_state=report.library_status,
    )
    notify(
        recipients=[report.author],
        event="learning_report_published",
        title="Your learning report is in the practice library",
        link=report.get_absolute_url(),
        key=f"report:{report.pk}:{report.published_at.isoformat()}",
    )
    return report


@transaction.atomic
def report_return(*, report: LearningReport, by: User, reason: str) -> LearningReport:
    report = _for_moderation(report, by)
    if report.library_status != LibraryStatus.AWAITING_MODERATION:
        raise ValidationError("Only a report awaiting moderation can be returned")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the report is being returned")
    before = report.library_status
    report.library_status = LibraryStatus.RETURNED
    report.returned_reason = reason
    report.moderated_by = by
    _checked(report).save()
    audit_record(
        actor=by,
        action="learning_report_returned",
        obj=report,
        from_state=before,
        to_state=report.library_status,
        reason=reason,
    )
    notify(
        recipients=[report.author],
        event="learning_report_returned",
        title="A coordinator has returned your learning report",
        body=reason,
        link=report.get_absolute_url(),
        key=f"report:{report.pk}:returned:{timezone.now().isoformat()}",
    )
    return report
