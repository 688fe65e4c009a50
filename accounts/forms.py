from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from accounts.input_limits import (
    NAME_MAX,
    too_long,
)
from boroughs.models import Borough


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=NAME_MAX,
        error_messages={
            "required": "Enter your full name",
            "max_length": too_long("Full name", NAME_MAX),
        },
    )
    borough = forms.ModelChoiceField(
        label="Which borough employs you?",
        queryset=Borough.objects.all(),
        empty_label="Choose your borough",
        error_messages={"required": "Choose the borough that employs you"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _govuk_errors(self)
        # The page's order, so the error summary lists the errors in it too.
        self.order_fields(["full_name", "email", "borough", "password1", "password2"])

    def clean(self):
        cleaned = super().clean()
        borough = cleaned.get("borough")
        email = cleaned.get("email")
        if borough and email and not borough.accepts_email(email):
            domains = ", ".join(f"@{d}" for d in borough.allowed_email_domains)
            self.add_error(
                "email",
                f"{borough.name} only accepts sign-ups with a work email address ending {domains}",
            )
        return cleaned


_ERRORS = {
    "email": {
        "required": "Enter your email address",
        "invalid": "Enter an email address in the correct format, like name@camden.gov.uk",
    },
    "login": {
        "required": "Enter your email address",
        "invalid": "Enter an email address in the correct format, like name@camden.gov.uk",
    },
    "password": {"required": "Enter your password"},
    "password1": {"required": "Enter a password"},
    "password2": {"required": "Enter the password again to confirm it"},
}


def _govuk_errors(form: forms.Form) -> None:
    for name, messages in _ERRORS.items():
        if name in form.fields:
            form.fields[name].error_messages.update(messages)


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _govuk_errors(self)
        if "remember" in self.fields:
            self.fields["remember"].label = "Remember me on this device"
