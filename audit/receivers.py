"""Sign-in, sign-out and two-factor events, written to the audit log.

These flows belong to Django and allauth, which announce them by signal;
listening is the only way to record them in the same request. Nothing here
copies personal values: a failed sign-in names the account it was tried
against (when there is one), never the address or password typed.
"""

from allauth.account.signals import password_changed, password_reset, user_signed_up
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import (
    authentication_failed,
    authenticator_added,
    authenticator_removed,
    authenticator_reset,
)
from allauth.socialaccount.signals import social_account_added, social_account_removed
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action="signed_in", obj=user)


@receiver(user_logged_out, dispatch_uid="audit_signed_out")
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(actor=user, action="signed_out", obj=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    typed = credentials.get("email") or credentials.get("username") or ""
    user = (
        get_user_model().objects.filter(email__iexact=typed.strip()).first()
        if isinstance(typed, str) and typed.strip() and "\x00" not in typed
        else None
    )
    audit_record(actor=None, action="sign_in_failed", obj=user, object_type="user")


@receiver(user_signed_up, dispatch_uid="audit_signed_up")
def _signed_up(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action="signed_up", obj=user)


@receiver(password_changed, dispatch_uid="audit_password_changed")
def _password_changed(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action="password_changed", obj=user)


@receiver(password_reset, dispatch_uid="audit_password_reset")
def _password_reset(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action="password_reset", obj=user)


# Recovery codes come and go with the authenticator app they back up: adding
# or removing the app is the one change a person made, so it is one event.
@receiver(authenticator_added, dispatch_uid="audit_mfa_added")
def _mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        audit_record(actor=user, action="mfa_added", obj=user, to_state=authenticator.type)


@receiver(authenticator_removed, dispatch_uid="audit_mfa_removed")
def _mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        audit_record(actor=user, action="mfa_removed", obj=user, from_state=authenticator.type)


@receiver(authenticator_reset, dispatch_uid="audit_mfa_reset")
def _mfa_reset(sender, request, user, authenticator, **kwargs) -> None:
    audit_record(actor=user, action="mfa_reset", obj=user, to_state=authenticator.type)


@receiver(authentication_failed, dispatch_uid="audit_mfa_failed")
def _mfa_failed(sender, request, user, **kwargs) -> None:
    audit_record(actor=None, action="mfa_code_failed", obj=user)


# Single sign-on (issue 12): an organisation's account linked to, or
# removed from, a person's account; what it may sign in to changes.
@receiver(social_account_added, dispatch_uid="audit_sso_account_linked")
def _sso_account_linked(sender, request, sociallogin, **kwargs) -> None:
    account = sociallogin.account
    audit_record(
        actor=account.user, action="sso_account_linked", obj=account.user, to_state=account.provider
    )


@receiver(social_account_removed, dispatch_uid="audit_sso_account_removed")
def _sso_account_removed(sender, request, socialaccount, **kwargs) -> None:
    audit_record(
        actor=request.user,
        action="sso_account_removed",
        obj=socialaccount.user,
        from_state=socialaccount.provider,
    )


ACTIONS = {
    "signed_up": "Signed up",
    "signed_in": "Signed in",
    "signed_out": "Signed out",
    "sign_in_failed": "Sign-in failed",
    "mfa_code_failed": "Wrong authentication code",
    "mfa_added": "Two-factor method added",
    "mfa_removed": "Two-factor method removed",
    "mfa_reset": "Recovery codes replaced",
    "password_changed": "Password changed",
    "password_reset": "Password reset",
    "sso_account_linked": "Organisation sign-in linked",
    "sso_account_removed": "Organisation sign-in removed",
}
