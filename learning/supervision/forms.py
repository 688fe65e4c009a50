from django import forms

from accounts.input_limits import too_long
from config.forms import GovUKDateField
from learning.models import SUPERVISION_NOTE_MAX


class SupervisionSessionForm(forms.Form):
    held_on = GovUKDateField(
        label="Date of the session",
        help_text="During the placement, today or earlier. For example, 14 3 2027",
        error_messages={"required": "Enter the date of the session"},
    )
    note = forms.CharField(
        label="Note",
        help_text=(
            "What was discussed and agreed, briefly. Leave out the names and details of "
            "the people the worker supports."
        ),
        max_length=SUPERVISION_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter a short note of the session",
            "max_length": too_long("Note", SUPERVISION_NOTE_MAX),
        },
    )
