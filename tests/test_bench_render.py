"""`python -m bench.render --quick` seeds its data and prints a timing line for
every page it promises, here against the test database and in this process."""

import re

import pytest

from bench.render.pages import PAGE_NAMES, measure, pages, signed_in_client
from bench.render.seeding import QUICK, seed

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r"^render: page=(?P<page>\w+) ms_p50=\d+\.\d ms_p95=\d+\.\d queries=(?P<queries>\d+) "
    r"template_share=(?P<share>[01]\.\d\d) template_ms_p50=\d+\.\d sql_share=[01]\.\d\d$",
    re.MULTILINE,
)


def test_quick_run_prints_a_line_for_every_page(capsys):
    seed(QUICK, quiet=True)
    measure(pages(), repeat=2, warmup=1)

    lines = {match["page"]: match for match in LINE.finditer(capsys.readouterr().out)}
    assert list(lines) == PAGE_NAMES
    for match in lines.values():
        assert int(match["queries"]) > 0
        assert 0 < float(match["share"]) < 1


def test_each_page_is_the_full_page_its_person_sees():
    seed(QUICK, quiet=True)
    chosen = {page.name: page for page in pages()}

    def text(name: str) -> str:
        page = chosen[name]
        response = signed_in_client(page.user).get(page.url)
        assert response.status_code == 200, name
        return response.content.decode()

    browse, filtered = text("browse"), text("browse_filtered")
    assert 'class="govuk-pagination"' in browse
    assert _result_count(filtered) < _result_count(browse)
    host_view = text("request_detail_host")
    assert "Applicants" in host_view and "History" in host_view
    assert re.search(r">\s*Select\s*</button>", text("application_host"))
    assert re.search(r">\s*Approve\s*</button>", text("application_coordinator"))
    assert "Registrations to check" in text("dashboard_coordinator")


def _result_count(html: str) -> int:
    return int(re.search(r'id="result-count">(\d+) help request', html)[1])
