"""The browse filters' selects, written fast: the authority list grouped by
ONS region, and the specialism and choice lists.

Django's Select builds a dict and a string per option, and the GOV.UK macro
renders each option through Jinja calls: with 153 authorities that was most of
the filter form's time. Here the label, hint and error come from the
remembered component macro (config/macro_cache.py), and the options are
written straight from rows, escaped, on every request.

The authorities' and specialisms' rows are kept in the cache (one round trip
instead of two queries) and forgotten whenever a Borough or Specialism is
saved or deleted (signals connected in SecondmentsConfig.ready, again after
the transaction commits); a bulk load, which sends no signals, shows within
OPTIONS_SECONDS. Nothing about the person or their choices is cached: the
selected option is marked per request.
"""

from collections.abc import Callable

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.models import Specialism
from boroughs.models import Borough, Region
from config.forms.fields import error_text, macro

REGION_ORDER = {region: n for n, region in enumerate(Region.values)}
OPTIONS_KEY = "secondments:filter-options:1"
OPTIONS_SECONDS = 300

Row = tuple[str, str, str | None]  # value, label, optgroup (None: not in a group)


def filter_options() -> dict[str, list[Row]]:
    """Every authority (by region, then name) and every specialism, as option rows."""
    found = cache.get(OPTIONS_KEY)
    if found is None:
        boroughs = Borough.objects.values_list("pk", "name", "region")
        found = {
            "borough": sorted(
                ((str(pk), name, region or "Other") for pk, name, region in boroughs),
                key=lambda row: (REGION_ORDER.get(row[2], len(REGION_ORDER)), row[2], row[1]),
            ),
            "specialism": [
                (str(pk), name, None)
                for pk, name in Specialism.objects.order_by("area", "name").values_list(
                    "pk", "name"
                )
            ],
        }
        cache.set(OPTIONS_KEY, found, OPTIONS_SECONDS)
    return found


def forget_filter_options(**kwargs) -> None:
    """A Borough or Specialism changed: read them afresh (now, and once committed)."""
    cache.delete(OPTIONS_KEY)
    transaction.on_commit(lambda: cache.delete(OPTIONS_KEY))


class FastSelect(forms.Select):
    """A select rendered from rows: `rows()` gives (value, label, group) after
    the empty option, if any."""

    def __init__(self, rows: Callable[[], list[Row]], *, empty_label: str | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.empty_label = empty_label

    @classmethod
    def for_choices(cls, choices) -> "FastSelect":
        """A ChoiceField's choices, fixed in memory (its "" choice is the empty option)."""
        rows = [(str(value), str(label), None) for value, label in choices]
        return cls(lambda: rows)

    def options_html(self, selected: str) -> str:
        out = []
        if self.empty_label is not None:
            mark = " selected" if selected == "" else ""
            out.append(f'<option value=""{mark}>{escape(self.empty_label)}</option>')
        group = None
        for value, label, in_group in self.rows():
            if in_group != group:
                if group is not None:
                    out.append("</optgroup>")
                if in_group is not None:
                    out.append(f'<optgroup label="{escape(in_group)}">')
                group = in_group
            mark = " selected" if value == selected else ""
            out.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
        if group is not None:
            out.append("</optgroup>")
        return "\n".join(out)

    def render_govuk(self, bound: forms.BoundField, **params) -> SafeString:
        hint_text = params.pop("hint", bound.help_text)
        label_classes = params.pop("label_classes", "govuk-label--s")
        call = {
            "id": bound.auto_id,
            "name": bound.html_name,
            "label": {"text": str(bound.label), "classes": label_classes},
            "hint": {"text": str(hint_text)} if hint_text else None,
            "errorMessage": error_text(bound),
            "formGroup": {"attributes": {"id": f"{bound.auto_id}-group"}},
            "items": [],
            **params,
        }
        shell = str(macro("select")(call))  # remembered: the same for every page
        value = bound.value()
        selected = "" if value is None else str(getattr(value, "pk", value))
        end = shell.rindex("</select>")
        return mark_safe(f"{shell[:end]}{self.options_html(selected)}\n  {shell[end:]}")


def use_fast_selects(form: forms.Form) -> None:
    """Every select of the browse filters' form rendered by FastSelect."""
    options = filter_options
    for name, field in form.fields.items():
        if name in ("borough", "specialism"):
            field.widget = FastSelect(
                lambda name=name: options()[name], empty_label=field.empty_label
            )
        elif isinstance(field.widget, forms.Select):
            field.widget = FastSelect.for_choices(field.choices)
