"""The Jinja2 environment every page of ours renders with.

Templates live in `templates/`; GOV.UK Frontend's component macros come from
govuk-frontend-jinja under the `govuk_frontend_jinja/` prefix, e.g.

    {% from "govuk_frontend_jinja/components/tag/macro.html" import govukTag %}

Globals: `url()`, `static()`, the form helpers from `config.forms`
(`govuk_field`, `govuk_form`, `govuk_error_summary`, `error_title`) and
`next_step_for()`. Filters: Django's `date`, `pluralize`, `linebreaksbr`,
`capfirst`, `yesno` and `default_if_none`, and `query_without` for links
that keep the current filters.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import govuk_frontend_jinja
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils.timezone import template_localtime
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
)
from jinja2 import Undefined as jinja2_undefined

from accounts import sso
from config import forms as govuk_forms
from config.macro_cache import remember_component_macros


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def query_without(query, *drop: str, **replace) -> str:
    """The current query string without some keys (and with others replaced)."""
    pairs = [(key, value) for key, value in query.lists() if key not in drop and key not in replace]
    flat = [(key, value) for key, values in pairs for value in values]
    flat.extend((key, value) for key, value in replace.items())
    return urlencode(flat)


def local_date(value, arg=None):
    """Django's `date` filter, in the current time zone as Django templates show it."""
    return defaultfilters.date(template_localtime(value), arg)


def next_step_for(application, user) -> str:
    from secondments import transitions

    return transitions.next_step_for(application, user)


def environment(**options) -> Environment:
    dirs = options.pop("loader_dirs", None)
    base_loader = options.pop("loader", None) or FileSystemLoader(dirs or [])
    options["loader"] = ChoiceLoader(
        [
            base_loader,
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    # Like Django templates, a missing variable or attribute renders as
    # nothing (tests that check for missing variables set StrictUndefined).
    if options.get("undefined") is jinja2_undefined:
        options["undefined"] = ChainableUndefined
    env = Environment(**options)
    remember_component_macros(env, Path(govuk_frontend_jinja.__file__).parent)
    env.globals.update(
        url=url,
        static=static,
        govuk_field=govuk_forms.govuk_field,
        govuk_form=govuk_forms.govuk_form,
        govuk_error_summary=govuk_forms.govuk_error_summary,
        error_title=govuk_forms.error_title,
        next_step_for=next_step_for,
        query_without=query_without,
    )
    # Single sign-on (issue 12): the identity providers' buttons on the sign-in page.
    env.globals["sign_in_buttons"] = sso.sign_in_buttons
    env.filters.update(
        date=local_date,
        pluralize=defaultfilters.pluralize,
        linebreaksbr=defaultfilters.linebreaksbr,
        capfirst=defaultfilters.capfirst,
        yesno=defaultfilters.yesno,
        default_if_none=defaultfilters.default_if_none,
        urlencode=defaultfilters.urlencode,
    )
    return env
