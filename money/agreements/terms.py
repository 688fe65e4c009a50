"""The rules on an agreement's terms, shared by proposing, amending and recording:
each broken rule gets its own message, on the field it is about."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.input_limits import long_date, years_from
from boroughs.models import (
    MAX_AGREEMENT_DAY_RATE,
    Agreement,
    AgreementStatus,
    Borough,
    FundingModel,
)

# Terms agreed further ahead than this are a slip of the keyboard.
MAX_YEARS_AHEAD = 2


def check_terms(
    *,
    first: Borough,
    second: Borough,
    funding_model: str,
    day_rate: Decimal | None,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    replacing: Agreement | None = None,
) -> None:
    """Every rule on an agreement's terms, each with its own message naming its field."""
    errors: dict[str, str] = {}
    if first.pk == second.pk:
        errors["other_borough"] = "Select a borough other than your own"
    if funding_model not in FundingModel.values:
        errors["funding_model"] = "Select how secondments between the boroughs are funded"
    elif funding_model == FundingModel.DAY_RATE and day_rate is None:
        errors["day_rate"] = "Enter the agreed day rate"
    elif funding_model != FundingModel.DAY_RATE and day_rate is not None:
        errors["day_rate"] = "Leave the day rate empty unless the funding is an agreed day rate"
    if day_rate is not None and day_rate <= 0:
        errors["day_rate"] = "Day rate must be more than £0"
    elif day_rate is not None and day_rate > MAX_AGREEMENT_DAY_RATE:
        errors["day_rate"] = f"Day rate must be £{MAX_AGREEMENT_DAY_RATE:,} or less"
    latest = years_from(timezone.localdate(), MAX_YEARS_AHEAD)
    if starts_on > latest:
        errors["starts_on"] = f"Start date must be on or before {long_date(latest)}"
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "End date must be the same as or after the start date"
    if errors:
        raise ValidationError(errors)
    # The exclusion constraint is the real guard on PostgreSQL; this gives the
    # message first, and is the only guard where it is missing (SQLite demo).
    clash = (
        Agreement.objects.between(first.pk, second.pk)
        .live()
        .overlapping(starts_on, ends_on)
        .exclude(pk=replacing.pk if replacing else None)
        .first()
    )
    if clash is not None:
        raise ValidationError(overlap_message(first, second, clash))


def pounds(value) -> Decimal | None:
    """A day rate as given by a form (Decimal), a script or the demo (text, int)."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError as error:
        raise ValidationError({"day_rate": "Day rate must be an amount of money"}) from error


def overlap_message(first: Borough, second: Borough, clash: Agreement | None = None) -> str:
    what = "an agreement proposed or in force"
    if clash is not None:
        until = f" until {long_date(clash.ends_on)}" if clash.ends_on else ""
        what = (
            f"an agreement {'proposed' if clash.status == AgreementStatus.PROPOSED else 'in force'}"
            f" from {long_date(clash.starts_on)}{until}"
        )
    return f"{first} and {second} already have {what}: choose dates that do not overlap it"
