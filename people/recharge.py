"""A borough's recharge salaries: what it charges per job level for lending staff."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from audit.services import audit_record
from boroughs.models import Borough, JobLevel, RechargeSalary

ACTIONS = {
    "recharge_salary_set": "Recharge salary set",
    "recharge_salary_removed": "Recharge salary cleared",
}


@transaction.atomic
def recharge_salaries_set(
    *,
    borough: Borough,
    salaries: dict[int, tuple[Decimal, Decimal] | None],
    by: User,
) -> int:
    """Set, change or (with None) clear the annual salary and on-cost
    percentage for each job level given; returns how many levels changed.

    Placements already approved keep the figures they copied then.
    """
    if not (by.coordinates(borough) or by.manages(borough)):
        raise PermissionDenied("Only the borough's managers can set its recharge salaries")
    current = {
        row.job_level: row
        for row in RechargeSalary.objects.select_for_update().filter(borough=borough)
    }
    changes = 0
    for level, figures in salaries.items():
        row = current.get(level)
        if figures is None:
            if row is not None:
                audit_record(actor=by, action="recharge_salary_removed", obj=row)
                row.delete()
                changes += 1
            continue
        if row is None:
            row = RechargeSalary(borough=borough, job_level=JobLevel(level))
        annual_salary, on_cost_percent = figures
        changed = [
            name
            for name, value in (
                ("annual_salary", annual_salary),
                ("on_cost_percent", on_cost_percent),
            )
            if row.pk is None or getattr(row, name) != value
        ]
        if not changed:
            continue
        row.annual_salary, row.on_cost_percent = annual_salary, on_cost_percent
        row.full_clean()
        row.save()
        audit_record(actor=by, action="recharge_salary_set", obj=row, changed_fields=changed)
        changes += 1
    return changes
