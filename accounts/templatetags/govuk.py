"""Small helpers for rendering Django forms with GOV.UK Design System markup."""

from django import template
from django.forms import BoundField

register = template.Library()

_INPUT_CLASSES = {
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "textarea": "govuk-textarea",
}


@register.filter
def govuk_widget(field: BoundField) -> str:
    """Render a text-like widget with GOV.UK classes and its hint/error described."""
    widget_type = field.widget_type
    css = _INPUT_CLASSES.get(widget_type, "govuk-input")
    if field.errors:
        css += f" {css}--error"
    width = field.field.widget.attrs.get("data-width")
    if width:
        css += f" govuk-input--width-{width}"
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": css}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def is_choice_list(field: BoundField) -> bool:
    return field.widget_type in ("radioselect", "checkboxselectmultiple")


@register.simple_tag
def error_title(form=None, *forms) -> str:
    """GOV.UK asks for 'Error: ' before the page title when a form has errors."""
    for each in (form, *forms):
        if each is not None and getattr(each, "errors", None):
            return "Error: "
    return ""
