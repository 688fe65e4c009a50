import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.db import transaction

from accounts.models import Role, WorkerProfile
from accounts.session_limits import start_sign_in


class AccountAdapter(DefaultAccountAdapter):
    # GOV.UK style: say what went wrong and how to put it right.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "Enter the email address and password for your account",
        "email_taken": "An account already uses this email address: sign in or reset your password",
        "enter_current_password": "Enter your current password",
        "incorrect_code": "The code is not correct: check your email and try again",
        "incorrect_password": "The password is not correct",
        "invalid_or_expired_key": "This link has expired or has already been used",
        "too_many_login_attempts": "Too many attempts to sign in: wait 5 minutes and try again",
        "unknown_email": "No account uses this email address",
    }

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

    def login(self, request, user) -> None:
        super().login(request, user)
        # Idle and absolute limits count from here (accounts/session_limits.py).
        start_sign_in(request)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and self._signed_in_recently():
            # Managers are sent to set up their authenticator straight after
            # signing in, then shown their recovery codes; asking for the
            # password again seconds later only confuses. Later changes to
            # two-factor settings still ask.
            return False
        return required

    def get_login_stages(self) -> list[str]:
        # Single sign-on: the code step passes when the identity provider
        # vouched for the second factor (accounts/sso.py).
        return [
            "accounts.sso.AuthenticateStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    @staticmethod
    def _signed_in_recently() -> bool:
        request = context.request
        if request is None or not request.user.is_authenticated:
            return False
        records = get_authentication_records(request, request.user)
        return bool(records) and (
            time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
        )


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "The code is not correct: enter the 6-digit code your authenticator app shows now"
        ),
    }
