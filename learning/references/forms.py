"""The reference and placement rating forms: GOV.UK radios for each 1 to 5 rating."""

from django import forms

from learning.models import COMMENTS_MAX, SCORE_CHOICES

YES_NO = [("yes", "Yes"), ("no", "No")]


def _score(label: str, missing: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"small": True}),
        error_messages={
            "required": f"Select a rating for {missing}, from 1 to 5",
            "invalid_choice": f"Select a rating for {missing}, from 1 to 5",
        },
    )


def _yes_no(label: str, missing: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": missing, "invalid_choice": missing},
    )


def _comments(hint: str) -> forms.CharField:
    return forms.CharField(
        label="Comments (optional)",
        help_text=hint,
        required=False,
        max_length=COMMENTS_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"Comments must be {COMMENTS_MAX:,} characters or fewer"},
    )


class _FeedbackForm(forms.Form):
    YES_NO_FIELD = ""

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            initial = {name: getattr(instance, name) for name in self.base_fields}
            initial[self.YES_NO_FIELD] = "yes" if initial[self.YES_NO_FIELD] else "no"
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ReferenceForm(_FeedbackForm):
    YES_NO_FIELD = "would_host_again"

    practice = _score("Quality of social work practice", "quality of social work practice")
    recording = _score("Case recording", "case recording")
    teamwork = _score("Working with the team", "working with the team")
    reliability = _score("Reliability", "reliability")
    would_host_again = _yes_no(
        "Would you host them again?", "Select yes if you would host them again"
    )
    comments = _comments(
        "What they did well, and anything to work on. Their home managers and they will read it."
    )


class RatingForm(_FeedbackForm):
    YES_NO_FIELD = "would_recommend"

    induction = _score("Induction", "induction")
    supervision = _score("Supervision", "supervision")
    workload = _score("Workload", "workload")
    support = _score("Support from the team", "support from the team")
    would_recommend = _yes_no(
        "Would you recommend this placement to another social worker?",
        "Select yes if you would recommend this placement",
    )
    comments = _comments("Only you will see your comments: the host sees averages only.")
