"""Everyone's own account area: what is set on their account, with a way to
change each thing, and the page to change their name and phone number.

Email addresses, the password and two-factor authentication are allauth's own
pages; notification choices are the notifications app's. This page links to
them all.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.input_limits import NAME_MAX, too_long
from accounts.models import CalendarFeed
from accounts.phone_numbers import UK_MOBILE_ERROR, UK_PHONE_MAX, normalise_uk_mobile, spaced
from notifications.events import event_types_for
from notifications.preferences import preferences_for
from people.account import account_details_update


class AccountDetailsForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": False}),
        error_messages={
            "required": "Enter your full name",
            "max_length": too_long("Full name", NAME_MAX),
        },
    )
    # The one number on a person's account: text messages go to it, so it is a mobile.
    phone_number = forms.CharField(
        label="Mobile phone number (optional)",
        required=False,
        max_length=UK_PHONE_MAX,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "data-width": "20"}),
        error_messages={"max_length": UK_MOBILE_ERROR},
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError("Enter your full name", code="required")
        return name

    def clean_phone_number(self) -> str:
        value = self.cleaned_data["phone_number"].strip()
        return normalise_uk_mobile(value) if value else ""


def account(request: HttpRequest) -> HttpResponse:
    person = request.user
    choices = preferences_for(person)
    events = event_types_for(person)
    address = EmailAddress.objects.filter(user=person, email__iexact=person.email).first()
    context = {
        "person": person,
        "phone": spaced(person.phone_number) if person.phone_number else "",
        "email_confirmed": bool(address and address.verified),
        "two_factor_on": is_mfa_enabled(person),
        "emails_on": sum(choices[event.name].email for event in events),
        "texts_on": sum(choices[event.name].sms for event in events) if person.phone_number else 0,
        "event_count": len(events),
        "calendar_feed": CalendarFeed.objects.filter(user=person).first(),
    }
    return render(request, "people/account.html", context)


def account_details(request: HttpRequest) -> HttpResponse:
    person = request.user
    form = AccountDetailsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "full_name": person.full_name,
            "phone_number": spaced(person.phone_number) if person.phone_number else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        changed = account_details_update(person=person, **form.cleaned_data)
        if changed:
            messages.success(request, "Your details have been saved")
        return redirect("account")
    return render(request, "people/account_details_form.html", {"form": form})
