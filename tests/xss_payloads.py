"""Hostile text for the XSS tests (tests/test_xss_*.py), and the check that a
page shows it as text.

`payload(tag)` is one string carrying every attack the tests try at once: a
script element, a quote that tries to leave an attribute and start an image
with an error handler, a `</textarea>` that tries to leave a form's text box,
and Jinja/Django template syntax (`{{7*7}}`, `{% debug %}`) that must never be
evaluated. The tag names the field, so a page that shows several payloads is
checked for each one: a field the page does not show fails the test instead of
passing it vacuously.

`assert_shown_escaped(html, tag)` is the whole check for a page. For the API
half of issue 12, a row of tests/test_xss_escaped_everywhere.py's SOURCES
whose `write` sends `texts` through an endpoint instead of a form, e.g.

    def _api_help_request(client, world, texts):
        api = api_client_for(world.haringey_manager)  # tests/api_clients.py
        response = api.post("/api/v1/requests/", request_api_body(**texts), format="json")
        assert_json_keeps_text(response.content, "xss0")
        world.made["request"] = HelpRequest.objects.get()
        return response  # the row then expects 201 in `created`

and the same `Shown` pages as the form's row: the test checks each with
`assert_shown_escaped`. `assert_json_keeps_text` checks the endpoint's own
answer keeps the text exactly as written (JSON is not HTML).
"""

from __future__ import annotations

import json
import re

__all__ = [
    "assert_json_keeps_text",
    "assert_not_echoed_raw",
    "assert_shown_escaped",
    "payload",
]


def payload(tag: str) -> str:
    """About 100 characters: short enough for a 150-character title."""
    return (
        f'<script>alert("{tag}")</script>"><img src=x onerror=alert(1)>'
        f"</textarea><b id={tag}>{tag}{{{{7*7}}}}{{% debug %}}"
    )


# Both escapers the pages use: Jinja's (markupsafe: &#34; &#39;) and
# Django's (escape, linebreaksbr: &quot; &#x27;). Only quotes differ.
_QUOTES = {"&#34;": '"', "&quot;": '"', "&#39;": "'", "&#x27;": "'"}


def _quotes_plain(html: str) -> str:
    return re.sub("|".join(map(re.escape, _QUOTES)), lambda m: _QUOTES[m.group()], html)


def assert_not_echoed_raw(html: str, tag: str) -> None:
    """No part of the payload reached the page as markup, and no template ran."""
    lowered = html.lower()
    assert "<script>alert(" not in lowered, f"{tag}: a script element got through"
    assert "<img src=x" not in lowered, f"{tag}: an attribute was broken out of"
    assert f"<b id={tag}>" not in lowered, f"{tag}: the text box was broken out of"
    assert f"{tag}49" not in lowered, f"{tag}: {{{{7*7}}}} was evaluated as a template"


def assert_shown_escaped(html: str, tag: str) -> None:
    """The page shows the payload tagged `tag`, as text, escaped."""
    assert_not_echoed_raw(html, tag)
    text = _quotes_plain(html).lower()
    escaped = (
        f'&lt;script&gt;alert("{tag}")&lt;/script&gt;"&gt;&lt;img src=x onerror=alert(1)&gt;'
        f"&lt;/textarea&gt;&lt;b id={tag}&gt;{tag}{{{{7*7}}}}{{% debug %}}"
    )
    # Line breaks may become <br>; the payload has none, so it shows whole.
    assert escaped in text, f"{tag}: the page does not show the escaped text: {_around(text, tag)}"


def _around(text: str, tag: str) -> str:
    at = text.find(f"alert({tag!r}".replace("'", '"'))
    return "never shown" if at < 0 else repr(text[max(at - 300, 0) : at + 300])


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def assert_json_keeps_text(body: str | bytes, tag: str) -> None:
    """An API answer gives the text back exactly as written: escaping is the
    page's job, and JSON is not HTML (the answer must not be text/html)."""
    data = json.loads(body)
    assert any(payload(tag) in text for text in _strings(data)), f"{tag}: not in the answer"
