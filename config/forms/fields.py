"""Bound fields and forms rendered through govuk-frontend-jinja's macros."""

from __future__ import annotations

import functools
import re
from typing import Any

from django import forms
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from config.forms.dates import PARTS, EnteredDate, GovUKDateInput

# --- Rendering through the macros -------------------------------------------

_MACROS = {
    "input": "govukInput",
    "textarea": "govukTextarea",
    "character-count": "govukCharacterCount",
    "select": "govukSelect",
    "radios": "govukRadios",
    "checkboxes": "govukCheckboxes",
    "date-input": "govukDateInput",
    "password-input": "govukPasswordInput",
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
    # CheckboxSelectMultiple is a RadioSelect subclass in Django: ask about it first.
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
    if isinstance(widget, forms.PasswordInput):
        return "password-input"
    return "input"


def error_text(bound: forms.BoundField) -> dict | None:
    if not bound.errors:
        return None
    return {"html": format_html_join(mark_safe("<br>"), "{}", ((e,) for e in bound.errors))}


def _date_parts_to_fix(bound: forms.BoundField) -> list[str]:
    """The date boxes in error, first to fix first: as GOV.UK, only the missing
    ones, or only the year when it is too short, otherwise all three."""
    data = bound.data if isinstance(bound.data, EnteredDate) else None
    if data is not None and 0 < len(data.missing) < 3:
        return data.missing
    if data is not None and re.fullmatch(r"\d{1,3}-\d{1,4}-\d{1,4}", data):
        return ["year"]
    return list(PARTS)


def error_anchor(bound: forms.BoundField) -> str:
    """The id the error summary links to: the first box to fix."""
    kind = _choice_widget(bound)
    if kind == "date":
        return f"{bound.auto_id}-{_date_parts_to_fix(bound)[0]}"
    return bound.auto_id


def _attributes(widget: forms.Widget, skip: tuple = ()) -> dict[str, Any]:
    attrs = {}
    for key, value in widget.attrs.items():
        # No placeholder text (GOV.UK); allauth's own widgets carry some.
        if key in ("class", "data-width", "small", "columns", "id", "placeholder") or key in skip:
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
    (radios or checkboxes items, e.g. with hints or dividers), `maxlength` or
    `maxwords` (a textarea becomes GOV.UK's character count), and any other
    macro parameter, passed through.
    """
    kind = _choice_widget(bound)
    widget = bound.field.widget
    if hasattr(widget, "render_govuk"):  # a widget with its own fast GOV.UK markup
        return widget.render_govuk(bound, **params)
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
        error_parts = set(_date_parts_to_fix(bound)) if bound.errors else set()
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
    if kind == "password-input":  # with its "Show" button; the value is never shown
        call["autocomplete"] = widget.attrs.get("autocomplete")
        call["attributes"] = _attributes(widget, skip=("autocomplete",))
        return macro(kind)(call | params)
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
        if params.get("maxlength") or params.get("maxwords"):
            kind = "character-count"  # GOV.UK's character count around the textarea
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
