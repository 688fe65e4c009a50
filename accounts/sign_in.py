"""Signing in always goes through allauth, so the second factor is always asked for.

The admin's own login form would check a password alone, with no rate limit,
so it only sends people to allauth's sign-in page. Setting up an
authenticator app counts as using it: the person has just typed a code from
it in this session (accounts/middleware.py signs out sessions that have not).
"""

from urllib.parse import urlencode

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """Django's admin login (GET or POST): never checks a password, sends to allauth's."""
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if next_url.startswith(request.path) or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect(next_url)
        # Redirecting would loop: the admin sends people without access back here.
        raise PermissionDenied("Only the service's administrators can use the admin")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


class ActivateTOTPAndRecordView(ActivateTOTPView):
    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        authenticator = Authenticator.objects.get(
            user=self.request.user, type=Authenticator.Type.TOTP
        )
        # What allauth records when a code is entered at sign-in.
        record_authentication(
            self.request, self.request.user, "mfa", id=authenticator.pk, type=authenticator.type
        )
        return response


activate_totp = ActivateTOTPAndRecordView.as_view()
