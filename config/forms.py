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

import datetime
import functools
import re
from typing import Any

from django import forms
from django.forms.renderers import Jinja2 as DjangoJinja2Renderer
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

# --- The GOV.UK date input --------------------------------------------------

PARTS = ("day", "month", "year")


class EnteredDate(str):
    """What someone typed in a date input's three boxes.

    It is a string ("YYYY-MM-DD" built from the parts) so a plain DateField
    can still parse it; `GovUKDateField` reads the parts for its messages.
    """

    day: str
    month: str
    year: str

    def __new__(cls, day: str, month: str, year: str):
        text = f"{year}-{month}-{day}" if (day or month or year) else ""
        entered = super().__new__(cls, text)
        entered.day, entered.month, entered.year = day, month, year
        return entered

    @property
    def missing(self) -> list[str]:
        return [part for part in PARTS if not getattr(self, part)]


class GovUKDateInput(forms.Widget):
    """Day, month and year boxes named `<name>-day`, `<name>-month`, `<name>-year`.

    A single `<name>=YYYY-MM-DD` value is accepted too (scripts and the API).
    """

    input_type = "govuk-date"
    template_name = ""  # rendered by govuk_field, never by a widget template

    def value_from_datadict(self, data, files, name):
        parts = [str(data.get(f"{name}-{part}", "")).strip()[:10] for part in PARTS]
        if not any(parts) and name in data:
            return data.get(name)
        return EnteredDate(*parts)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}-{part}" in data for part in PARTS)

    def format_value(self, value) -> dict[str, str]:
        if isinstance(value, EnteredDate):
            return {"day": value.day, "month": value.month, "year": value.year}
        if isinstance(value, str) and value:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return {"day": "", "month": "", "year": ""}
        if isinstance(value, datetime.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return {"day": "", "month": "", "year": ""}


def _and(parts: list[str]) -> str:
    return " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]


class GovUKDateField(forms.DateField):
    """A date from the GOV.UK date input, with the GOV.UK messages for dates."""

    widget = GovUKDateInput

    def to_python(self, value):
        if isinstance(value, EnteredDate) and value:
            name = str(self.label or "Date")
            missing = value.missing
            if missing:
                raise forms.ValidationError(
                    f"{name} must include a {_and(missing)}", code="incomplete"
                )
            if not all(re.fullmatch(r"\d{1,4}", getattr(value, part)) for part in PARTS):
                raise forms.ValidationError(f"{name} must be a real date", code="invalid")
            if len(value.year) != 4:
                raise forms.ValidationError("Year must include 4 numbers", code="invalid_year")
            try:
                return datetime.date(int(value.year), int(value.month), int(value.day))
            except ValueError:
                raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                f"{self.label or 'Date'} must be a real date", code="invalid"
            ) from None


def govuk_date_fields(*names: str) -> dict[str, type[GovUKDateField]]:
    """For a ModelForm's `Meta.field_classes`: these model dates use the GOV.UK input."""
    return dict.fromkeys(names, GovUKDateField)


# --- Rendering through the macros -------------------------------------------

_MACROS = {
    "input": "govukInput",
    "textarea": "govukTextarea",
    "character-count": "govukCharacterCount",
    "select": "govukSelect",
    "radios": "govukRadios",
    "checkboxes": "govukCheckboxes",
    "date-input": "govukDateInput",
    "error-summary": "govukErrorSummary",
}


@functools.cache
def macro(component: str):
    """The govuk-frontend-jinja macro for a component, e.g. macro("input")."""
    from django.template import engines

    env = engines["jinja2"].env
    module = env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html").module
    return getattr(module, _MACROS[component])


_INPUT_TYPES = {
    "text": "text",
    "email": "email",
    "number": "text",  # GOV.UK: numbers are text inputs with inputmode numeric
    "password": "password",
    "url": "url",
    "tel": "tel",
    "search": "search",
}
_PASSED_ATTRS = (
    "autocomplete",
    "maxlength",
    "minlength",
    "inputmode",
    "spellcheck",
    "placeholder",
    "step",
    "min",
    "max",
    "rows",
    "pattern",
    "autofocus",
    "disabled",
    "readonly",
)


def _choice_widget(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    # Before RadioSelect: Django's CheckboxSelectMultiple is a RadioSelect.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, GovUKDateInput):
        return "date"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


def error_text(bound: forms.BoundField) -> dict | None:
    if not bound.errors:
        return None
    return {"html": format_html_join(mark_safe("<br>"), "{}", ((e,) for e in bound.errors))}


def error_anchor(bound: forms.BoundField) -> str:
    """The id the error summary links to: the first box to fix."""
    kind = _choice_widget(bound)
    if kind == "date":
        data = bound.data
        first = data.missing[0] if isinstance(data, EnteredDate) and data.missing else "day"
        return f"{bound.auto_id}-{first}"
    return bound.auto_id


def _attributes(widget: forms.Widget, skip: tuple = ()) -> dict[str, Any]:
    attrs = {}
    for key, value in widget.attrs.items():
        if key in ("class", "data-width", "small", "columns", "id") or key in skip:
            continue
        if value is True:
            attrs[key] = key
        elif value not in (False, None):
            attrs[key] = value
    return attrs


def _flat_choices(bound: forms.BoundField) -> list[dict]:
    """Each option of a choice field, with optgroup names kept as 'group'."""
    items = []
    for option in bound.subwidgets:
        data = option.data
        items.append(
            {
                "value": "" if data["value"] is None else str(data["value"]),
                "text": str(data["label"]),
                "selected": bool(data["selected"]),
            }
        )
    return items


def govuk_field(bound: forms.BoundField, **params) -> SafeString:
    """Render one bound field through its GOV.UK macro.

    Optional keyword arguments: `hint` (overrides help_text), `label_classes`,
    `is_page_heading`, `classes` (on the input), `legend_classes`, `items`
    (radios or checkboxes items, e.g. with hints or dividers), and any other
    macro parameter, passed through.
    """
    kind = _choice_widget(bound)
    widget = bound.field.widget
    if kind == "hidden":
        return bound.as_hidden()
    hint_text = params.pop("hint", bound.help_text)
    hint = {"text": str(hint_text)} if hint_text else None
    error = error_text(bound)
    group_id = {"attributes": {"id": f"{bound.auto_id}-group"}}
    width = widget.attrs.get("data-width")
    if kind in ("radios", "checkboxes"):
        legend_classes = params.pop("legend_classes", "govuk-fieldset__legend--s")
        legend = {"text": str(bound.label), "classes": legend_classes}
        if params.pop("is_page_heading", False):
            legend["isPageHeading"] = True
        classes = []
        if kind == "radios" and widget.attrs.get("small"):
            classes.append("govuk-radios--small")
        if kind == "radios" and widget.attrs.get("inline"):
            classes.append("govuk-radios--inline")
        if kind == "checkboxes":
            classes.append("govuk-checkboxes--small")
            if widget.attrs.get("columns"):
                classes.append("app-checkboxes--columns")
        items = params.pop("items", None)
        if items is None:
            key = "checked"
            items = [
                {"value": c["value"], "text": c["text"], key: c["selected"]}
                for c in _flat_choices(bound)
            ]
        call = {
            "idPrefix": bound.auto_id,
            "name": bound.html_name,
            "fieldset": {"legend": legend},
            "hint": hint,
            "errorMessage": error,
            "items": items,
            "classes": " ".join(classes),
            "formGroup": group_id,
        }
        call.update(params)
        return macro(kind)(call)
    if kind == "checkbox":
        call = {
            "idPrefix": bound.auto_id,
            "name": bound.html_name,
            "errorMessage": error,
            "classes": "govuk-checkboxes--small",
            "items": [
                {
                    "value": "on",
                    "text": str(bound.label),
                    "checked": bool(bound.value()),
                    "hint": hint,
                    "id": bound.auto_id,
                }
            ],
            "formGroup": group_id,
        }
        call.update(params)
        return macro("checkboxes")(call)
    if kind == "date":
        parts = widget.format_value(bound.value())
        legend_classes = params.pop("legend_classes", "govuk-fieldset__legend--s")
        legend = {"text": str(bound.label), "classes": legend_classes}
        if params.pop("is_page_heading", False):
            legend["isPageHeading"] = True
        error_parts = set()
        if bound.errors:
            data = bound.data
            missing = data.missing if isinstance(data, EnteredDate) else []
            error_parts = set(missing) if missing and len(missing) < 3 else set(PARTS)
        items = [
            {
                "name": part,
                "value": parts[part],
                "classes": ("govuk-input--width-4" if part == "year" else "govuk-input--width-2")
                + (" govuk-input--error" if part in error_parts else ""),
            }
            for part in PARTS
        ]
        call = {
            "id": bound.auto_id,
            "namePrefix": bound.html_name,
            "fieldset": {"legend": legend},
            "hint": hint or {"text": "For example, 27 3 2027"},
            "errorMessage": error,
            "items": items,
            "formGroup": group_id,
        }
        call.update(params)
        return macro("date-input")(call)
    label_classes = params.pop("label_classes", "govuk-label--s")
    label = {"text": str(bound.label), "classes": label_classes}
    if params.pop("is_page_heading", False):
        label = {"text": str(bound.label), "classes": "govuk-label--l", "isPageHeading": True}
    call = {
        "id": bound.auto_id,
        "name": bound.html_name,
        "label": label,
        "hint": hint,
        "errorMessage": error,
        "formGroup": group_id,
    }
    if kind == "select":
        call["items"] = _flat_choices(bound)
        call["attributes"] = _attributes(widget)
        if width:
            call["classes"] = f"govuk-!-width-{width}" if not str(width).isdigit() else ""
    elif kind == "textarea":
        value = bound.value()
        call["value"] = "" if value is None else str(value)
        attrs = _attributes(widget, skip=("rows", "cols"))
        call["rows"] = widget.attrs.get("rows", 5)
        call["attributes"] = attrs
    else:
        value = bound.value()
        if isinstance(widget, forms.PasswordInput) and not widget.render_value:
            value = None
        call["value"] = "" if value is None else str(widget.format_value(value) or "")
        input_type = getattr(widget, "input_type", "text")
        call["type"] = _INPUT_TYPES.get(widget.attrs.get("type", input_type), "text")
        attrs = _attributes(widget, skip=("type", "autocomplete", "inputmode", "spellcheck"))
        if input_type == "number" and "inputmode" not in widget.attrs:
            call["inputmode"] = "numeric"
        for key in ("autocomplete", "inputmode"):
            if widget.attrs.get(key):
                call[key] = widget.attrs[key]
        if "spellcheck" in widget.attrs:
            call["spellcheck"] = widget.attrs["spellcheck"] in (True, "true")
        max_length = getattr(bound.field, "max_length", None)
        if max_length and "maxlength" not in attrs and kind == "input":
            attrs["maxlength"] = max_length
        call["attributes"] = attrs
        if width:
            call["classes"] = f"govuk-input--width-{width}"
    call.update(params)
    return macro(kind)(call)


def govuk_form(form: forms.BaseForm) -> SafeString:
    """Every field of a form, in order, with its non-field errors first."""
    out = [bound.as_hidden() for bound in form.hidden_fields()]
    if form.non_field_errors():
        errors = format_html_join(
            mark_safe("<br>"),
            '<span class="govuk-visually-hidden">Error:</span> {}',
            ((e,) for e in form.non_field_errors()),
        )
        out.append(
            f'<p class="govuk-error-message" id="{form.prefix or "form"}-errors">{errors}</p>'
        )
    out.extend(govuk_field(bound) for bound in form.visible_fields())
    return mark_safe("\n".join(str(part) for part in out))


def govuk_error_summary(*forms_: forms.BaseForm | None) -> SafeString:
    """The GOV.UK error summary for one or more forms, each error linked to its field."""
    error_list = []
    for form in forms_:
        if form is None or not getattr(form, "errors", None):
            continue
        visible = form.visible_fields()
        first = f"#{error_anchor(visible[0])}" if visible else "#main-content"
        for error in form.non_field_errors():
            error_list.append({"text": str(error), "href": first})
        for bound in visible:
            for error in bound.errors:
                error_list.append({"text": str(error), "href": f"#{error_anchor(bound)}"})
    if not error_list:
        return mark_safe("")
    return macro("error-summary")({"titleText": "There is a problem", "errorList": error_list})


def error_title(*forms_) -> str:
    """GOV.UK asks for 'Error: ' before the page title when a form has errors."""
    for each in forms_:
        if each is not None and getattr(each, "errors", None):
            return "Error: "
    return ""


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
