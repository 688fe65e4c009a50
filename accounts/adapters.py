import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.utils import is_mfa_enabled
from django.db import transaction

from accounts.models import Role, WorkerProfile


class AccountAdapter(DefaultAccountAdapter):
    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data["full_name"]
        user.borough = form.cleaned_data["borough"]
        # Sign-up only ever makes a social worker. Manager and coordinator
        # roles are granted by a coordinator, whatever the form was sent.
        user.role = Role.WORKER
        if commit:
            user.save()
            WorkerProfile.objects.create(user=user)
        return user

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and self._first_factor_just_given():
            # Managers are sent to set up their first authenticator straight
            # after signing in; asking for the password again seconds later
            # only confuses. Changing an existing set-up still asks.
            return False
        return required

    @staticmethod
    def _first_factor_just_given() -> bool:
        request = context.request
        if request is None or not request.user.is_authenticated or is_mfa_enabled(request.user):
            return False
        records = get_authentication_records(request, request.user)
        return bool(records) and (
            time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
        )
