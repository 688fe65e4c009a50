"""The Isles of Scilly, where DfE counts no social worker in post (FTE 0), no
longer tops the league table on vacancy and agency rates of 100 % that are
rates of nobody: the index leaves them out, and the row says so."""

import re
from html import unescape

import pytest
from django.urls import reverse

from boroughs.models import WorkforceFigure
from boroughs.workforce import load_workforce
from pressure.index import MEASURES, dfe_value, index_of, references, standings

pytestmark = pytest.mark.django_db

SCILLY = "E06000053"


@pytest.fixture
def loaded():
    load_workforce()


def row_html(html: str, code: str) -> str:
    start = html.index(f'id="{code}"')
    return unescape(html[start : html.index("</tr>", start)])


def test_scilly_is_ranked_on_its_caseload_alone(loaded):
    table = standings()
    scilly = next(s for s in table if s.gss_code == SCILLY)

    assert table[0].name == "Havering"
    # Caseload 6.0 against England's median of 15.2: 6.0 / 15.2 x 100 = 39.5.
    assert scilly.index == pytest.approx(39.5)
    assert scilly.rank > 140
    # The figures are still shown as DfE published them.
    assert scilly.figures["vacancy_rate"].value == 100
    assert scilly.figures["agency_rate"].value == 100


def test_the_page_says_why_and_works_its_example_on_a_real_rate(client, loaded):
    html = client.get(reverse("league_table")).content.decode()

    row = row_html(html, SCILLY)
    assert "No social workers in post (FTE 0)" in row
    assert "Very few social workers" in row
    first = re.search(r'<tr class="govuk-table__row" id="(E\d{8})">', html).group(1)
    assert first != SCILLY
    assert "For example, Havering:" in unescape(html)
    assert "No social workers in post" not in row_html(html, "E09000001")  # City of London


def test_years_with_social_workers_in_post_count_every_rate(loaded):
    scilly = next(s for s in standings() if s.gss_code == SCILLY)
    refs = references(WorkforceFigure.objects.all())
    staffed = [row for row in scilly.history if row.fte]

    assert staffed, "the Isles of Scilly had social workers in post in earlier years"
    trend = dict(scilly.trend)
    for row in staffed:
        assert trend[row.year] == index_of({m: dfe_value(row, m) for m in MEASURES}, refs)
