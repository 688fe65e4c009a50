"""The browse filters' authority list: 153 options grouped by ONS region.

Rendered as GOV.UK's select with an <optgroup> per region, from one query of
three columns: Django's Select would build a dict and a string per option for
every page (a third of the filter form's time at national scale), and the
GOV.UK macro renders each option through a loop of Jinja calls. The label,
hint and error come from the remembered component macro as before; only the
options are written here, escaped, on every request (so a renamed authority
shows at once: nothing is cached).
"""

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from boroughs.models import Region
from config.forms.fields import error_text, macro

REGION_ORDER = {region: n for n, region in enumerate(Region.values)}


class RegionGroupedSelect(forms.Select):
    """A ModelChoiceField's select whose options are its queryset's rows
    grouped by their region, in ONS order, each by name."""

    def __init__(self, *, queryset, empty_label: str) -> None:
        super().__init__()
        self.queryset = queryset
        self.empty_label = empty_label

    def options_html(self, selected: str) -> str:
        groups: dict[str, list[str]] = {}
        for pk, name, region in self.queryset.values_list("pk", "name", "region"):
            value = str(pk)
            mark = " selected" if value == selected else ""
            groups.setdefault(region, []).append(
                f'<option value="{value}"{mark}>{escape(name)}</option>'
            )
        empty = " selected" if not selected else ""
        out = [f'<option value=""{empty}>{escape(self.empty_label)}</option>']
        for region in sorted(groups, key=lambda r: (REGION_ORDER.get(r, len(REGION_ORDER)), r)):
            out.append(f'<optgroup label="{escape(region or "Other")}">')
            out.extend(groups[region])
            out.append("</optgroup>")
        return "\n".join(out)

    def render_govuk(self, bound: forms.BoundField, **params) -> SafeString:
        hint_text = params.pop("hint", bound.help_text)
        call = {
            "id": bound.auto_id,
            "name": bound.html_name,
            "label": {
                "text": str(bound.label),
                "classes": params.pop("label_classes", "govuk-label--s"),
            },
            "hint": {"text": str(hint_text)} if hint_text else None,
            "errorMessage": error_text(bound),
            "formGroup": {"attributes": {"id": f"{bound.auto_id}-group"}},
            "items": [],
            **params,
        }
        shell = str(macro("select")(call))  # remembered: the same for every page
        value = bound.value()
        selected = "" if value in (None, "") else str(getattr(value, "pk", value))
        end = shell.rindex("</select>")
        return mark_safe(f"{shell[:end]}{self.options_html(selected)}\n  {shell[end:]}")
