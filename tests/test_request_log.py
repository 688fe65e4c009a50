"""Each request writes one JSON line: method, route name, status, duration and
user id, and nothing that names a person (no path, no query, no email)."""

import json
import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _lines(caplog) -> list[dict]:
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "secondments.requests"
    ]


def test_a_signed_in_page_is_logged_with_its_route_status_and_user(client, camden_manager, caplog):
    client.force_login(camden_manager)
    with caplog.at_level(logging.INFO, logger="secondments.requests"):
        client.get(reverse("request_list") + "?q=Jane+Smith")

    (line,) = _lines(caplog)
    assert line["method"] == "GET"
    assert line["route"] == "request_list"
    assert line["status"] == 200
    assert line["user_id"] == camden_manager.pk
    assert isinstance(line["duration_ms"], float)
    assert set(line) == {"event", "method", "route", "status", "duration_ms", "user_id"}
    assert "Jane" not in json.dumps(line) and camden_manager.email not in json.dumps(line)


def test_a_token_in_the_path_is_never_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="secondments.requests"):
        client.get(reverse("calendar_feed", args=["s3cret-token-value"]))

    (line,) = _lines(caplog)
    assert line["route"] == "calendar_feed"
    assert line["status"] == 404
    assert line["user_id"] is None
    assert "s3cret" not in json.dumps(line)


def test_an_unknown_address_is_logged_without_a_route(client, caplog):
    with caplog.at_level(logging.INFO, logger="secondments.requests"):
        client.get("/no-such-page/")

    (line,) = _lines(caplog)
    assert line["route"] is None
    assert line["status"] == 404
