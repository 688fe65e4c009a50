"""The account page where a person makes, sees and revokes their API tokens.

A new token's secret is kept in the session for one page view after the
POST, so it is shown once and a refresh does not show it again.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.input_limits import too_long
from api.models import ApiToken
from api.tokens import NAME_MAX, api_token_create, api_token_revoke, get_token_for_user

NEW_SECRET_KEY = "api_token_new_secret"
PERIODS = [("7", "7 days"), ("30", "30 days"), ("90", "90 days"), ("365", "1 year (365 days)")]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="What the token is for, for example Payroll export",
        max_length=NAME_MAX,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": too_long("Name", NAME_MAX),
        },
    )
    days = forms.TypedChoiceField(
        label="How long should it work?",
        choices=PERIODS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how long the token should work",
            "invalid_choice": "Select how long the token should work",
        },
    )


def api_tokens(request: HttpRequest) -> HttpResponse:
    person = request.user
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = api_token_create(person=person, **form.cleaned_data)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            request.session[NEW_SECRET_KEY] = {"pk": token.pk, "secret": secret}
            return redirect("api_tokens")
    new = request.session.pop(NEW_SECRET_KEY, None)
    tokens = list(ApiToken.objects.filter(user=person).order_by("-created_at", "-pk"))
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "new_secret": new["secret"] if new else "",
            "new_token": next((t for t in tokens if new and t.pk == new["pk"]), None),
            "now": timezone.now(),
        },
    )


def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_token_for_user(request.user, pk)
    if request.method == "POST":
        if api_token_revoke(token=token, by=request.user):
            messages.success(request, f"Token revoked: {token.name} no longer works")
        return redirect("api_tokens")
    if token.revoked_at is not None:
        return redirect("api_tokens")
    return render(request, "api/token_revoke.html", {"token": token})
