"""Forms for learning reports, their moderation and the library's search."""

from django import forms

from accounts.models import Specialism
from boroughs.models import Borough
from learning.models import LearningReport
from learning.models.reports import PUBLISHED_TEXT_MAX, PUBLISHED_TITLE_MAX, RETURN_REASON_MAX
from learning.reports.search import MAX_QUERY, LibraryFilters
from secondments.models import Purpose

ANONYMOUS_CHOICES = [
    ("named", "Show my name"),
    ("anonymous", "Keep my name from the host borough"),
]


class ReportForm(forms.ModelForm):
    shown_as = forms.ChoiceField(
        label="Can the host borough see who wrote this?",
        choices=ANONYMOUS_CHOICES,
        widget=forms.RadioSelect,
        help_text="Your own borough's managers always see your name.",
        error_messages={"required": "Say whether the host borough may see your name"},
    )

    class Meta:
        model = LearningReport
        fields = ["what_works_well", "take_home", "could_do_differently"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
        error_messages = {
            name: {
                "required": f"Enter {label.lower()}",
                "max_length": f"{label} must be 4,000 characters or fewer",
            }
            for name, label in (
                ("what_works_well", "What works well"),
                ("take_home", "What you will take home"),
                ("could_do_differently", "What the host could do differently"),
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["shown_as"] = "anonymous" if self.instance.anonymous else "named"

    @property
    def anonymous(self) -> bool:
        return self.cleaned_data["shown_as"] == "anonymous"


class NewReportForm(ReportForm):
    library_consent = forms.BooleanField(
        label="I agree that a coordinator may publish a moderated copy in the practice library",
        required=False,
        help_text="A coordinator removes personal and case details first. "
        "You can withdraw your consent at any time.",
    )


class PublishForm(forms.Form):
    title = forms.CharField(
        label="Title in the library",
        max_length=PUBLISHED_TITLE_MAX,
        error_messages={
            "required": "Enter a title for the library",
            "max_length": f"The title must be {PUBLISHED_TITLE_MAX} characters or fewer",
        },
    )
    text = forms.CharField(
        label="Text in the library",
        max_length=PUBLISHED_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={
            "required": "Enter the text for the library",
            "max_length": f"The text must be {PUBLISHED_TEXT_MAX:,} characters or fewer",
        },
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why are you returning it?",
        max_length=RETURN_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The author sees this.",
        error_messages={
            "required": "Say why you are returning the report",
            "max_length": f"The reason must be {RETURN_REASON_MAX:,} characters or fewer",
        },
    )


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label="Search the library", max_length=MAX_QUERY, required=False)
    specialism = forms.ModelChoiceField(
        queryset=Specialism.objects.order_by("name"), required=False, empty_label="Any"
    )
    purpose = forms.ChoiceField(choices=[("", "Any"), *Purpose.choices], required=False)
    host = forms.ModelChoiceField(
        label="Host borough",
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label="Any",
    )
    year = forms.IntegerField(
        label="Year the placement ended", min_value=2000, max_value=2100, required=False
    )

    def filters(self) -> LibraryFilters:
        if not self.is_valid():
            return LibraryFilters()
        data = self.cleaned_data
        return LibraryFilters(
            words=data["q"],
            specialism=data["specialism"].pk if data["specialism"] else None,
            purpose=data["purpose"],
            host=data["host"].pk if data["host"] else None,
            year=data["year"],
        )
