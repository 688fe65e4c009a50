"""A crisis call sent twice is raised once (crisis_call_raise calls this)."""

from django.core.exceptions import ValidationError

from boroughs.models import Borough
from pressure.models import CrisisCall, CrisisStatus


def refuse_duplicate_call(borough: Borough, data: dict) -> None:
    """A form sent twice (a double click, a refresh) must not ask every borough
    twice: while a call of the borough's for the same work and dates is not
    closed, an identical one is refused. The borough's row is locked so two
    submissions at once see each other."""
    Borough.objects.select_for_update().filter(pk=borough.pk).first()
    same = CrisisCall.objects.exclude(status=CrisisStatus.CLOSED).filter(
        borough=borough,
        help_request__purpose=data.get("purpose"),
        help_request__starts_on=data.get("starts_on"),
        help_request__ends_on=data.get("ends_on"),
        help_request__description=data.get("description"),
    )
    if same.exists():
        raise ValidationError(
            f"{borough} already has an open crisis call for this work and these dates: "
            "see it in your crisis calls, or close it before raising another"
        )
