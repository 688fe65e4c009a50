"""A form refused for one bad answer comes back with everything else that was
typed still in its boxes. Hostile text in those boxes stays text: it cannot
leave an input's value="..." with `">` nor a textarea with `</textarea>`
(issue 12, acceptance 6; the saved-and-shown half is in
tests/test_xss_escaped_everywhere.py).

Each row: who fills the form in, where it posts, the free-text fields, and the
one bad answer that makes the form come back.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from secondments import services
from tests.crisis_scenes import make_circle, raise_form
from tests.learning_reports import completed_placement
from tests.request_input import request_data, request_form
from tests.xss_payloads import assert_shown_escaped, payload

pytestmark = pytest.mark.django_db

IN_A_MONTH = timezone.localdate() + datetime.timedelta(days=30)


def _open_request(world) -> str:
    manager = world("haringey_manager")
    draft = services.help_request_create(by=manager, data=request_data())
    help_request = services.help_request_publish(help_request=draft, by=manager)
    return reverse("request_volunteer", args=[help_request.pk])


def _circle(world) -> str:
    make_circle(existing={"Camden": world("camden"), "Haringey": world("haringey")})
    return reverse("crisis_raise")


def _learning_report(world) -> str:
    placement = completed_placement(world("camden_worker"), world("haringey"))
    return reverse("learning_report_edit", args=[placement.pk])


def _event_form() -> dict:
    return {
        "kind": "training",
        "date-day": str(IN_A_MONTH.day),
        "date-month": str(IN_A_MONTH.month),
        "date-year": str(IN_A_MONTH.year),
        "start_time": "09:30",
        "end_time": "12:30",
        "job_levels": ["2"],
    }


# (form, who, url (a name, or a function of `world` that sets things up),
#  free-text fields, the rest of the form with its one bad answer)
REFUSED = [
    (
        "help request",
        "haringey_manager",
        "request_create",
        ("title", "description", "location", "supervisor_name"),
        request_form(starts_on=""),
    ),
    ("your details", "camden_worker", "account_details", ("full_name",), {"phone_number": "x"}),
    (
        "sign up (passwords differ)",
        None,
        "account_signup",
        ("full_name",),
        {"email": "sam@camden.gov.uk", "password1": "a-long-passphrase", "password2": "other"},
    ),
    (
        "add a team (name too long)",
        "camden_manager",
        lambda world: reverse("team_add", args=[world("camden").gss_code]),
        ("description",),
        {"name": payload("xssname") + "x" * 200},
    ),
    (
        "learning event",
        "haringey_manager",
        "event_create",
        ("title", "description", "place"),
        _event_form() | {"capacity": "0", "online_link": ""},
    ),
    ("offer to help (note too long)", "camden_worker", _open_request, (), {}),
    (
        "crisis call",
        "haringey_manager",
        _circle,
        ("description", "location"),
        raise_form(people_needed="0"),
    ),
    (
        "propose an agreement",
        "haringey_manager",
        "agreement_propose",
        ("recharge_terms", "notes"),
        {"funding_model": "host_recharge", "starts_on": ""},
    ),
    (
        "learning report",
        "camden_worker",
        _learning_report,
        ("what_works_well", "take_home", "could_do_differently"),
        {"shown_as": ""},
    ),
]


@pytest.mark.parametrize(
    ("form", "writer", "url", "fields", "rest"), REFUSED, ids=[row[0] for row in REFUSED]
)
def test_a_refused_form_sends_typed_text_back_as_text(
    request, client, camden_team, form, writer, url, fields, rest
):
    def world(name):
        return request.getfixturevalue(name)

    if writer:
        client.force_login(world(writer))
    address = reverse(url) if isinstance(url, str) else url(world)
    texts = {name: payload(f"xss{n}") for n, name in enumerate(fields)}
    if not fields:  # the one field is itself the bad answer: too long
        texts = {"note": payload("xss0") + "x" * 3000}
        fields = ("note",)

    response = client.post(address, rest | texts)

    html = response.content.decode()
    assert response.status_code in (200, 400), response.status_code
    assert "There is a problem" in html, form
    for n, _name in enumerate(fields):
        assert_shown_escaped(html, f"xss{n}")
    if "name" in rest:
        assert_shown_escaped(html, "xssname")
