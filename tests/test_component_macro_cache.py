"""GOV.UK component macros are remembered by their parameters, and reusing a
rendering never changes what a person sees: text stays escaped, markup stays
markup, and different parameters give different HTML."""

import re

import pytest
from django.template import engines
from django.utils.safestring import mark_safe
from markupsafe import Markup

from config.macro_cache import RememberedMacro


def _tag():
    module = (
        engines["jinja2"].env.get_template("govuk_frontend_jinja/components/tag/macro.html").module
    )
    return module.govukTag


def _render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_every_component_macro_is_remembered():
    assert isinstance(_tag(), RememberedMacro)


def test_the_same_parameters_give_the_same_html_once_rendered():
    tag = _tag()
    first = tag({"text": "Crisis", "classes": "govuk-tag--red"})
    again = tag({"text": "Crisis", "classes": "govuk-tag--red"})
    assert again is first
    assert "Crisis" in first
    assert "govuk-tag--red" in first


def test_different_parameters_give_different_html():
    tag = _tag()
    assert "Urgent" in tag({"text": "Urgent"})
    assert "Routine" in tag({"text": "Routine"})
    assert "Urgent" not in tag({"text": "Routine"})


def test_text_is_escaped_and_markup_is_not_even_when_the_characters_are_the_same():
    tag = _tag()
    as_text = tag({"html": "<b>bold</b>"})
    as_markup = tag({"html": Markup("<b>bold</b>")})
    as_django_safe = tag({"html": mark_safe("<b>bold</b>")})
    text_in_text_slot = tag({"text": "<b>bold</b>"})
    assert "<b>bold</b>" in as_markup and "<b>bold</b>" in as_django_safe
    assert "&lt;b&gt;bold&lt;/b&gt;" in text_in_text_slot
    # The html slot is marked safe by the macro itself, whichever type came in;
    # what matters is that the text slot is never served from the markup's entry.
    assert "<b>bold</b>" in as_text


def test_a_template_importing_the_macro_gets_the_remembered_one_and_the_same_html():
    source = (
        '{% from "govuk_frontend_jinja/components/tag/macro.html" import govukTag %}'
        "{{ govukTag({'text': name}) }}"
    )
    assert "Tom &amp; Jerry" in _render(source, name="Tom & Jerry")
    assert "Tom &amp; Jerry" in _render(source, name="Tom & Jerry")
    assert "Ann" in _render(source, name="Ann")


def test_parameters_that_are_not_plain_data_are_rendered_every_time():
    tag = _tag()
    before = len(tag.cache)

    class Name:
        def __str__(self) -> str:
            return "Sam"

    assert "Sam" in tag({"text": Name()})
    assert len(tag.cache) == before


def _navigation_macro():
    return (
        engines["jinja2"]
        .env.get_template("govuk_frontend_jinja/components/service-navigation/macro.html")
        .module.govukServiceNavigation
    )


@pytest.mark.django_db
def test_the_header_is_rendered_once_per_person_and_page_and_keeps_a_fresh_csrf_token(
    client, camden_worker
):
    client.force_login(camden_worker)
    client.get("/dashboard/")
    remembered = len(_navigation_macro().cache)

    pages = [client.get("/dashboard/").content.decode() for _ in range(3)]

    assert len(_navigation_macro().cache) == remembered
    tokens = [
        re.search(
            r'class="app-sign-out">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
            page,
        ).group(1)
        for page in pages
    ]
    assert len(set(tokens)) == 3, "each page carries its own masked CSRF token"
