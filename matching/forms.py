"""The filters on a request's candidates page."""

from django import forms
from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import JobLevel, Specialism, WorkerProfile
from boroughs.models import Borough


class CandidateFilterForm(forms.Form):
    """Narrow the applicants, candidates and near matches. Every field is
    optional; GET, so no side effects. An invalid value is reported and left out."""

    specialism = forms.ModelChoiceField(
        label="Specialism",
        queryset=Specialism.objects.all(),
        required=False,
        empty_label="Any specialism",
        error_messages={"invalid_choice": "Select a specialism from the list"},
    )
    borough = forms.ModelChoiceField(
        label="Home borough",
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label="Any borough",
        error_messages={"invalid_choice": "Select a home borough from the list"},
    )
    job_level = forms.TypedChoiceField(
        label="Job level",
        choices=[("", "Any job level"), *JobLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select a job level from the list"},
    )

    def workers(self) -> QuerySet | None:
        """The user ids of the workers the valid filters keep, as a subquery;
        None when nothing is filtered."""
        if not self.is_filtered:
            return None
        filters = self.cleaned_data
        profiles = WorkerProfile.objects.all()
        if filters.get("specialism"):
            profiles = profiles.filter(
                Exists(
                    WorkerProfile.specialisms.through.objects.filter(
                        workerprofile_id=OuterRef("pk"), specialism=filters["specialism"]
                    )
                )
            )
        if filters.get("borough"):
            profiles = profiles.filter(user__borough=filters["borough"])
        if filters.get("job_level"):
            profiles = profiles.filter(job_level=filters["job_level"])
        return profiles.values("user_id")

    @property
    def is_filtered(self) -> bool:
        return any(getattr(self, "cleaned_data", {}).values())
