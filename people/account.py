"""Each person's own account: their name and phone number.

Everyone signed in changes their own, and nobody else's; the change is audited
like every other, naming the fields that changed and never their values.
"""

from django.db import transaction

from accounts.models import User
from audit.services import audit_record

ACTIONS = {"account_details_changed": "Name or phone number changed"}


@transaction.atomic
def account_details_update(*, person: User, full_name: str, phone_number: str) -> list[str]:
    """Save a person's own name and (mobile) phone number; the names of what changed.

    `phone_number` is as accounts.phone_numbers.normalise_uk_mobile leaves it,
    or "" for none. Nothing changed, nothing written.
    """
    person = User.objects.select_for_update().get(pk=person.pk)
    wanted = {"full_name": full_name, "phone_number": phone_number}
    changed = [field for field, value in wanted.items() if getattr(person, field) != value]
    if not changed:
        return []
    for field in changed:
        setattr(person, field, wanted[field])
    person.save(update_fields=changed)
    audit_record(actor=person, action="account_details_changed", obj=person, changed_fields=changed)
    return changed
