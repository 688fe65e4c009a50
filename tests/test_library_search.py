"""The practice library: every signed-in user searches published reports with
English stemming, ranking and highlighted snippets, and filters them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Specialism
from learning.models import LearningReport
from learning.reports import services
from learning.reports.search import LibraryFilters, library_search, snippet_of
from secondments.models import Purpose
from tests.factories import WorkerFactory
from tests.learning_reports import completed_placement, published, written

pytestmark = pytest.mark.django_db


def _search(client, **params) -> str:
    return client.get(reverse("library"), params).content.decode()


def test_a_stemmed_word_finds_the_report(
    client, camden_worker, haringey, coordinator, hackney_manager
):
    report = published(
        camden_worker, haringey, coordinator, text="Their assessment template is short."
    )
    client.force_login(hackney_manager)
    page = _search(client, q="assessments")
    assert reverse("library_entry", args=[report.pk]) in page
    assert "<mark>assessment</mark>" in page
    assert "1 report" in page
    assert reverse("library_entry", args=[report.pk]) not in _search(client, q="fostering")


def test_title_words_rank_above_text_words(camden_worker, haringey, coordinator, camden):
    in_text = published(
        camden_worker, haringey, coordinator, title="Huddles", text="Some words on supervision."
    )
    in_title = published(
        WorkerFactory(borough=haringey),
        camden,
        coordinator,
        title="Supervision that works",
        text="Weekly and reflective.",
    )
    found = list(library_search(LibraryFilters(words="supervision")))
    assert found == [in_title, in_text]


def test_html_in_the_text_is_escaped(client, camden_worker, haringey, coordinator, camden_manager):
    report = published(
        camden_worker,
        haringey,
        coordinator,
        title="<b>Bold</b> title",
        text="<script>alert(1)</script> assessment <mark>fake</mark>",
    )
    client.force_login(camden_manager)
    page = _search(client, q="assessment")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in page
    assert "<mark>assessment</mark>" in page
    assert "<mark>fake</mark>" not in page
    entry = client.get(reverse("library_entry", args=[report.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry
    assert "<mark>fake</mark>" not in entry


def test_filters_by_specialism_purpose_host_and_year(
    client, camden_worker, haringey, camden, coordinator, hackney_manager
):
    specialism, _ = Specialism.objects.get_or_create(
        name="Child protection", defaults={"area": Specialism.Area.BOTH}
    )
    placement = completed_placement(camden_worker, haringey, purpose=Purpose.BACKLOG)
    placement.help_request.specialisms.add(specialism)
    report = services.report_write(
        placement=placement,
        by=camden_worker,
        what_works_well="a",
        take_home="b",
        could_do_differently="c",
        anonymous=True,
        library_consent=True,
    )
    services.report_publish(report=report, by=coordinator, title="CP", text="Strategy meetings")
    other = published(WorkerFactory(borough=haringey), camden, coordinator, title="Other")
    client.force_login(hackney_manager)
    link, other_link = (reverse("library_entry", args=[r.pk]) for r in (report, other))

    page = _search(client, specialism=specialism.pk)
    assert link in page and other_link not in page
    page = _search(client, host=haringey.pk)
    assert link in page and other_link not in page
    page = _search(client, purpose=Purpose.BACKLOG)
    assert link in page
    page = _search(client, year=placement.ends_on.year + 1)
    assert link not in page
    page = _search(client, year=placement.ends_on.year)
    assert link in page
    entry = client.get(link).content.decode()
    assert "Child protection" in entry and "Haringey" in entry
    assert "Anonymous" in entry and "Wendy Worker" not in entry


def test_withdrawing_consent_removes_it_from_search_at_once(
    client, camden_worker, haringey, coordinator, hackney_manager
):
    report = published(camden_worker, haringey, coordinator, text="An assessment clinic.")
    client.force_login(hackney_manager)
    assert reverse("library_entry", args=[report.pk]) in _search(client, q="assessments")
    services.report_consent_withdraw(report=report, by=camden_worker)
    assert reverse("library_entry", args=[report.pk]) not in _search(client, q="assessments")
    assert reverse("library_entry", args=[report.pk]) not in _search(client)


def test_unpublished_reports_are_not_in_the_library(
    client, camden_worker, haringey, hackney_worker
):
    report = written(camden_worker, haringey, consent=True)
    client.force_login(hackney_worker)
    assert client.get(reverse("library_entry", args=[report.pk])).status_code == 404
    assert "0 reports" in _search(client)


def test_a_bad_filter_is_an_error_not_a_crash(client, hackney_worker):
    client.force_login(hackney_worker)
    response = client.get(reverse("library"), {"year": "soon", "specialism": "x"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_library_and_entry_query_counts_do_not_grow(
    client, coordinator, camden, haringey, hackney_manager
):
    specialisms = [
        Specialism.objects.create(name=f"Specialism {n}", area=Specialism.Area.BOTH)
        for n in range(4)
    ]
    library, search, entry = [], [], []
    for size in (2, 12):
        for _ in range(size):
            worker = WorkerFactory(borough=camden)
            placement = completed_placement(worker, haringey)
            placement.help_request.specialisms.add(*specialisms)
            report = services.report_write(
                placement=placement,
                by=worker,
                what_works_well="a",
                take_home="b",
                could_do_differently="c",
                anonymous=False,
                library_consent=True,
            )
            services.report_publish(
                report=report, by=coordinator, title="Assessment", text="An assessment clinic"
            )
        client.force_login(hackney_manager)
        library.append(_count(client, reverse("library")))
        search.append(_count(client, reverse("library"), {"q": "assessments"}))
        entry.append(_count(client, reverse("library_entry", args=[report.pk])))
    assert library[0] == library[1]
    assert search[0] == search[1]
    assert entry[0] == entry[1]


def test_the_sqlite_fallback_marks_words_and_escapes_the_rest():
    report = LearningReport(published_text="<b>Assessments</b> done & dusted")
    assert str(snippet_of(report, "assessment")) == (
        "&lt;b&gt;<mark>Assessment</mark>s&lt;/b&gt; done &amp; dusted"
    )
