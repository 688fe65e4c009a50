from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from boroughs.models import Borough


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(label="Full name", max_length=150)
    borough = forms.ModelChoiceField(
        label="Which borough employs you?",
        queryset=Borough.objects.all(),
        empty_label="Choose your borough",
        error_messages={"required": "Choose the borough that employs you"},
    )

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
