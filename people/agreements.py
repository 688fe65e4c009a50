"""Agreements between boroughs: how a secondment between two of them is funded."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from audit.services import audit_record
from boroughs.models import Agreement, Borough


@transaction.atomic
def agreement_create(
    *,
    borough_a: Borough,
    borough_b: Borough,
    funding_model: str,
    starts_on: datetime.date,
    day_rate=None,
    notes: str = "",
    by: User,
) -> Agreement:
    """Record a reciprocal arrangement between two boroughs (coordinators, and the demo).

    The full propose/accept workflow between boroughs' managers comes with
    the money side of the service; until then only coordinators record them.
    """
    if not by.is_coordinator:
        raise PermissionDenied("Only a coordinator can record an agreement")
    if borough_a.pk == borough_b.pk:
        raise ValidationError("An agreement is between two different boroughs")
    first, second = sorted((borough_a, borough_b), key=lambda borough: borough.pk)
    agreement = Agreement(
        borough_a=first,
        borough_b=second,
        funding_model=funding_model,
        day_rate=day_rate,
        starts_on=starts_on,
        notes=notes,
    )
    agreement.full_clean()
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError as error:
        raise ValidationError(f"{first} and {second} already have an agreement") from error
    audit_record(
        actor=by,
        action="agreement_created",
        obj=agreement,
        changed_fields=["funding_model", "day_rate", "starts_on", "notes"],
    )
    return agreement
