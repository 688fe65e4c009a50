"""A placement's first-day details: where to report, whom to ask for, when to
arrive, and how the secondment is worked. The host borough gives them once the
placement is agreed, and the worker is told each time they change."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from accounts.phone_numbers import normalise_uk_phone
from audit.services import audit_record
from notifications.services import managers_of, notify
from secondments.models import FIRST_DAY_FIELDS, Placement, Weekday

# How each field reads in "Changed: where to report and the start time".
FIRST_DAY_WORDS = {
    "report_to_address": "where to report",
    "host_contact_name": "who to ask for",
    "host_contact_phone": "their phone number",
    "first_day_starts_at": "the start time on day one",
    "working_pattern": "the working pattern",
    "working_days": "the working days",
    "induction_notes": "the induction",
    "supervision_arrangement": "supervision",
}

# The home borough plans around when and where its person goes, so its
# managers hear about these changes too; the rest is between host and worker.
HOME_MUST_KNOW = frozenset({"report_to_address", "first_day_starts_at"})

_TEXT_FIELDS = frozenset(FIRST_DAY_FIELDS) - {"first_day_starts_at", "working_days"}


@transaction.atomic
def placement_arrangements_update(*, placement: Placement, data: dict, by: User) -> Placement:
    """Save the first-day details given in `data` (only the keys given change).

    `working_days` is a list of weekday codes ("mon", ...), one per day a week
    agreed; `first_day_starts_at` a time or None; the phone number is kept as
    digits from 0. One audit event names the fields changed, never their
    values; nothing changed, nothing written and nobody told.
    """
    # The placement's own row only: see secondments.services.records._locked.
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("worker", "host", "help_request")
        .get(pk=placement.pk)
    )
    if not placement.arrangements_can_be_changed_by(by):
        raise PermissionDenied(
            "Only the host borough's managers or a coordinator can change the first-day details"
        )
    if not placement.is_booked:
        raise ValidationError(
            f"This placement is {placement.get_status_display().lower()}: "
            "its first-day details can no longer be changed"
        )
    values = _tidied(placement, {f: data[f] for f in FIRST_DAY_FIELDS if f in data})
    changed = [f for f in FIRST_DAY_FIELDS if f in values and getattr(placement, f) != values[f]]
    if not changed:
        return placement
    for field in changed:
        setattr(placement, field, values[field])
    unchecked = [f.name for f in Placement._meta.fields if f.name not in changed]
    placement.full_clean(exclude=unchecked, validate_unique=False, validate_constraints=False)
    placement.save(update_fields=[*changed, "updated_at"])
    event = audit_record(
        actor=by,
        action="placement_details_changed",
        obj=placement,
        from_state=placement.status,
        to_state=placement.status,
        changed_fields=changed,
    )
    _tell(placement, changed, key=f"{placement.pk}:{event.pk}")
    return placement


def _tidied(placement: Placement, values: dict) -> dict:
    """The values as stored: text trimmed, the phone number and days in one form."""
    errors = {}
    for field in _TEXT_FIELDS & set(values):
        values[field] = (values[field] or "").strip()
    phone = values.get("host_contact_phone")
    if phone:
        try:
            values["host_contact_phone"] = normalise_uk_phone(phone)
        except ValidationError as error:
            errors["host_contact_phone"] = error.messages
    if "working_days" in values:
        days = set(values["working_days"] or ())
        problem = placement.working_days_problem(days)
        if problem:
            errors["working_days"] = problem
        values["working_days"] = " ".join(code for code in Weekday.values if code in days)
    if errors:
        raise ValidationError(errors)
    return values


def _tell(placement: Placement, changed: list[str], *, key: str) -> None:
    words = [FIRST_DAY_WORDS[field] for field in changed]
    said = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    body = f"Changed: {said}. The placement starts on {placement.starts_on:%-d %B %Y}."
    link = placement.get_absolute_url()
    notify(
        recipients=[placement.worker],
        event="placement_details_changed",
        title=f"{placement.host} changed the details of your first day",
        body=body,
        link=link,
        key=key,
    )
    if HOME_MUST_KNOW & set(changed):
        notify(
            recipients=managers_of(placement.home_id),
            event="placement_details_changed",
            title=f"{placement.worker}'s first day in {placement.host} has changed",
            body=body,
            link=link,
            key=key,
        )
