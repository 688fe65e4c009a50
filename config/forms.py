"""Render every Django form with the GOV.UK Design System form patterns."""

from django.forms.renderers import TemplatesSetting


class GovUKFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
