"""Django forms rendered through GOV.UK Frontend's own component macros.

Every field goes through one function, `govuk_field`, which turns a bound
field into the parameters of the matching govuk-frontend-jinja macro
(`govukInput`, `govukTextarea`, `govukSelect`, `govukRadios`,
`govukCheckboxes`, `govukDateInput`) and calls it. Templates call it as
`{{ govuk_field(form.name) }}`, `{{ govuk_form(form) }}` and
`{{ govuk_error_summary(form) }}`; `{{ form }}` and `{{ form.name }}` reach
the same function through the form renderer, so there is one way.

Dates use the GOV.UK date input: three boxes (day, month, year) and the
GOV.UK error messages for dates (`GovUKDateField`).
"""

from __future__ import annotations

from django.forms.renderers import Jinja2 as DjangoJinja2Renderer

from config.forms.dates import (
    EnteredDate,
    GovUKDateField,
    GovUKDateInput,
    govuk_date_fields,
)
from config.forms.fields import (
    error_title,
    govuk_error_summary,
    govuk_field,
    govuk_form,
    macro,
)

__all__ = [
    "EnteredDate",
    "GovUKDateField",
    "GovUKDateInput",
    "GovUKFormRenderer",
    "error_title",
    "govuk_date_fields",
    "govuk_error_summary",
    "govuk_field",
    "govuk_form",
    "macro",
]


class GovUKFormRenderer(DjangoJinja2Renderer):
    """`{{ form }}` and `field.as_field_group()` render through the GOV.UK macros.

    Anything else (a bare widget) falls back to Django's own Jinja2 widget
    templates; our templates never ask for one.
    """

    form_template_name = "govuk-form"
    field_template_name = "govuk-field"

    def render(self, template_name, context, request=None):
        if template_name == self.form_template_name:
            return govuk_form(context["form"])
        if template_name == self.field_template_name:
            return govuk_field(context["field"])
        return super().render(template_name, context, request)
