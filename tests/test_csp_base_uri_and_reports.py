"""The Content-Security-Policy forbids <base> and names a report endpoint,
which logs each violation as one JSON line and keeps no query strings."""

import json
import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _policy(client) -> dict[str, str]:
    header = client.get(reverse("start"))["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_the_policy_forbids_a_base_element(client):
    assert _policy(client)["base-uri"] == "'none'"


def test_the_policy_reports_to_the_service(client):
    assert _policy(client)["report-uri"] == reverse("csp_report")


def test_a_violation_is_logged_as_one_json_line(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://secondments.example/requests/?q=Jane+Smith",
            "violated-directive": "script-src-elem",
            "blocked-uri": "https://evil.example/x.js?session=abc",
        }
    }
    with caplog.at_level(logging.WARNING, logger="secondments.csp"):
        response = client.post(
            reverse("csp_report"), json.dumps(report), content_type="application/csp-report"
        )

    assert response.status_code == 204
    (record,) = [r for r in caplog.records if r.name == "secondments.csp"]
    line = json.loads(record.getMessage())
    assert line == {
        "event": "csp_violation",
        "violated-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js",
        "document-uri": "https://secondments.example/requests/",
    }


@pytest.mark.parametrize(
    "body", ["not json", "[]", '{"csp-report": "x"}', '{"other": {}}'], ids=str
)
def test_a_malformed_report_is_a_bad_request(client, body):
    response = client.post(reverse("csp_report"), body, content_type="application/csp-report")

    assert response.status_code == 400


def test_an_oversized_report_is_refused(client):
    body = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})

    response = client.post(reverse("csp_report"), body, content_type="application/csp-report")

    assert response.status_code == 400


def test_the_endpoint_takes_only_posts(client):
    assert client.get(reverse("csp_report")).status_code == 405
