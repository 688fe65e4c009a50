"""Spike, not product code: the browse page's filter form and its 20-row results
table rendered with Django templates (as today) and with Jinja2, to judge a move
of our pages to Django's Jinja2 backend with govuk-frontend-jinja.

    .venv/bin/python -m bench.render.spike_jinja [--repeat 500]

Uses the render benchmark's database (seeded at full size when empty). Each
part is rendered from the same objects, already loaded, so no query is timed:

- filter form: today's `{{ form }}` (the GOV.UK field templates in
  templates/govuk/forms/, with Django's stock widget templates for the
  selects), against the same form rendered by Jinja2 with Django's stock
  Jinja2 widget templates (plain markup, not GOV.UK's), and against
  govuk-frontend-jinja's govukSelect/govukInput/govukCheckboxes macros fed by
  a small Python function per field (what the move would write). Once with
  the 33 London boroughs in the borough select and once with 153 authorities
  (all England, as `load_boroughs --all-england` gives).
- results table: the table of templates/secondments/request_list.html as it
  is today, against a line-for-line Jinja2 port of it (checked to give the
  same HTML) and against govuk-frontend-jinja's govukTable macro.

Prints one line per part, `spike: part=... django_ms=... <variant>_ms=...`
and each ratio (Django's p50 over the variant's).
"""

import argparse
import re
import statistics
import sys
import time

from bench.render.database import open_database

FORM_GOVUK = """
{%- from "govuk_frontend_jinja/components/input/macro.html" import govukInput -%}
{%- from "govuk_frontend_jinja/components/select/macro.html" import govukSelect -%}
{%- from "govuk_frontend_jinja/components/checkboxes/macro.html" import govukCheckboxes -%}
{%- for field in form.visible_fields() -%}
{%- set kind, params = govuk_params(field) -%}
{%- if kind == "select" %}{{ govukSelect(params) }}
{%- elif kind == "checkbox" %}{{ govukCheckboxes(params) }}
{%- else %}{{ govukInput(params) }}{% endif -%}
{%- endfor -%}
"""

TABLE_JINJA = """<table class="govuk-table govuk-table--small-text-until-tablet">
      <caption class="govuk-table__caption govuk-visually-hidden">Open help requests{% if page.paginator.num_pages > 1 %}, page {{ page.number }} of {{ page.paginator.num_pages }}{% endif %}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Help request</th>
          <th scope="col" class="govuk-table__header">Host borough</th>
          <th scope="col" class="govuk-table__header">Dates</th>
          <th scope="col" class="govuk-table__header">Days a week</th>
          <th scope="col" class="govuk-table__header">Job level</th>
          <th scope="col" class="govuk-table__header">Urgency</th>
          <th scope="col" class="govuk-table__header">Places</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {% for help_request in page.object_list %}
        <tr class="govuk-table__row">
          <td class="govuk-table__cell"><a class="govuk-link" href="{{ help_request.get_absolute_url() }}">{{ help_request.title }}</a></td>
          <td class="govuk-table__cell">{{ help_request.borough.name }}</td>
          <td class="govuk-table__cell">{{ help_request.starts_on|date("j M Y") }} to {{ help_request.ends_on|date("j M Y") }}</td>
          <td class="govuk-table__cell">{{ help_request.days_per_week }}</td>
          <td class="govuk-table__cell">{{ help_request.get_job_level_display() }}</td>
          <td class="govuk-table__cell"><strong class="govuk-tag {% if help_request.urgency == 'crisis' %}govuk-tag--red{% elif help_request.urgency == 'urgent' %}govuk-tag--orange{% else %}govuk-tag--grey{% endif %}">{{ help_request.get_urgency_display() }}</strong></td>
          <td class="govuk-table__cell">{{ help_request.places_filled }} of {{ help_request.places }} place{{ help_request.places|pluralize }} filled</td>
        </tr>
        {% endfor %}
      </tbody>
    </table>"""

TABLE_GOVUK = """
{%- from "govuk_frontend_jinja/components/table/macro.html" import govukTable -%}
{%- set rows = [] -%}
{%- for r in page.object_list -%}
{%- set tag = "govuk-tag--red" if r.urgency == "crisis" else "govuk-tag--orange" if r.urgency == "urgent" else "govuk-tag--grey" -%}
{%- do rows.append([
  {"html": '<a class="govuk-link" href="' ~ r.get_absolute_url() ~ '">' ~ (r.title|e) ~ "</a>"},
  {"text": r.borough.name},
  {"text": (r.starts_on|date("j M Y")) ~ " to " ~ (r.ends_on|date("j M Y"))},
  {"text": r.days_per_week},
  {"text": r.get_job_level_display()},
  {"html": '<strong class="govuk-tag ' ~ tag ~ '">' ~ (r.get_urgency_display()|e) ~ "</strong>"},
  {"text": r.places_filled ~ " of " ~ r.places ~ " place" ~ (r.places|pluralize) ~ " filled"},
]) -%}
{%- endfor -%}
{{ govukTable({
  "caption": "Open help requests",
  "captionClasses": "govuk-visually-hidden",
  "classes": "govuk-table--small-text-until-tablet",
  "firstCellIsHeader": false,
  "head": [{"text": "Help request"}, {"text": "Host borough"}, {"text": "Dates"},
           {"text": "Days a week"}, {"text": "Job level"}, {"text": "Urgency"}, {"text": "Places"}],
  "rows": rows,
}) }}
"""


def govuk_params(field) -> tuple[str, dict]:
    """The govuk-frontend-jinja macro and its parameters for one bound form field."""
    params = {"id": field.auto_id, "name": field.html_name}
    hint = {"text": str(field.help_text)} if field.help_text else None
    error = {"text": " ".join(field.errors)} if field.errors else None
    if field.widget_type == "checkbox":
        item = {"value": "on", "text": str(field.label), "checked": bool(field.value())}
        if hint:
            item["hint"] = hint
        params.update(
            idPrefix=field.auto_id,
            classes="govuk-checkboxes--small",
            items=[item],
            errorMessage=error,
        )
        return "checkbox", params
    params.update(label={"text": str(field.label), "classes": "govuk-label--s"})
    params.update(hint=hint, errorMessage=error)
    if field.widget_type == "select":
        current = "" if field.value() is None else str(field.value())
        params["items"] = [
            {"value": str(value), "text": str(text), "selected": str(value) == current}
            for value, text in field.field.choices
        ]
        return "select", params
    params["value"] = field.value() or ""
    return "input", params


def _jinja():
    from django.template import defaultfilters
    from django.template.backends.jinja2 import Jinja2
    from jinja2 import ChoiceLoader, DictLoader, PackageLoader, PrefixLoader

    backend = Jinja2(
        {
            "NAME": "spike",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {
                "extensions": ["jinja2.ext.do"],
                "loader": ChoiceLoader(
                    [
                        DictLoader(
                            {
                                "form.html": FORM_GOVUK,
                                "table.html": TABLE_JINJA,
                                "govuk_table.html": TABLE_GOVUK,
                            }
                        ),
                        PrefixLoader(
                            {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}
                        ),
                    ]
                ),
            },
        }
    )
    backend.env.filters.update(date=defaultfilters.date, pluralize=defaultfilters.pluralize)
    backend.env.globals["govuk_params"] = govuk_params
    return backend


def _form(worker, authorities: int):
    from django.forms.renderers import Jinja2 as Jinja2FormRenderer
    from django.http import QueryDict

    from secondments.browse import RequestFilterForm

    forms = {}
    for name, renderer in (("django", None), ("jinja_stock", Jinja2FormRenderer())):
        form = RequestFilterForm(
            QueryDict("urgency=urgent&sort=newest&job_level=1"), user=worker, renderer=renderer
        )
        form.is_valid()
        for field in form.fields.values():  # loaded once, so no render queries
            if hasattr(field, "queryset"):
                field.choices = list(field.choices)
        boroughs = form.fields["borough"].choices
        extra = authorities - (len(boroughs) - 1)
        form.fields["borough"].choices = boroughs + [
            (f"x{n}", f"Authority {n}") for n in range(max(extra, 0))
        ]
        forms[name] = form
    return forms


def _time(variants: dict, repeat: int) -> dict[str, float]:
    """p50 ms of each variant, taken in turn so a busy moment hits them all alike."""
    timings = {name: [] for name in variants}
    for render in variants.values():
        for _ in range(5):
            render()
    for _ in range(repeat):
        for name, render in variants.items():
            started = time.perf_counter()
            render()
            timings[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in timings.items()}


def _line(part: str, medians: dict[str, float]) -> str:
    django = medians["django"]
    timings = " ".join(f"{name}_ms={ms:.2f}" for name, ms in medians.items())
    ratios = " ".join(
        f"ratio_{name}={django / ms:.1f}" for name, ms in medians.items() if name != "django"
    )
    return f"spike: part={part} {timings} {ratios}"


def _squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.render.spike_jinja")
    parser.add_argument("--repeat", type=int, default=500, help="renders of each variant")
    args = parser.parse_args(argv)
    open_database()
    from django.conf import settings
    from django.core.paginator import Paginator
    from django.db import connection
    from django.template import engines

    from accounts.models import User
    from bench.render.seeding import FULL, seed, seeded_size
    from secondments.models import HelpRequest

    with connection.cursor() as cursor:
        if seeded_size(cursor) is None:
            seed(FULL)
    jinja = _jinja()
    govuk_form = jinja.get_template("form.html")
    worker = User.objects.workers().filter(worker_profile__isnull=False).order_by("pk").first()
    for authorities in (33, 153):
        forms = _form(worker, authorities)
        medians = _time(
            {
                "django": lambda forms=forms: str(forms["django"]),
                "jinja_stock_widgets": lambda forms=forms: str(forms["jinja_stock"]),
                "jinja_govuk_macros": lambda f=forms["django"]: govuk_form.render({"form": f}),
            },
            args.repeat,
        )
        print(_line(f"filter_form authorities={authorities}", medians))

    requests = HelpRequest.objects.open().select_related("borough").with_fill_status()
    page = Paginator(requests.soonest_first(), 20).get_page(1)
    page.object_list = list(page.object_list)
    page.paginator.num_pages  # noqa: B018 (counted now, not while timing)
    source = (settings.BASE_DIR / "templates/secondments/request_list.html").read_text()
    table = source[source.index("<table") : source.index("</table>") + len("</table>")]
    django_table = engines["django"].from_string(table)
    context = {"page": page}
    ported = jinja.get_template("table.html")
    if _squeeze(django_table.render(context)) != _squeeze(ported.render(context)):
        print("spike: the Jinja2 port of the results table no longer matches request_list.html")
        return 1
    govuk_table = jinja.get_template("govuk_table.html")
    medians = _time(
        {
            "django": lambda: django_table.render(context),
            "jinja": lambda: ported.render(context),
            "jinja_govuk_macros": lambda: govuk_table.render(context),
        },
        args.repeat,
    )
    print(_line(f"results_table rows={len(page.object_list)}", medians))
    return 0


if __name__ == "__main__":
    sys.exit(main())
