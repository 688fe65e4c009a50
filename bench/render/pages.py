"""The pages the render benchmark times, who asks for each, and the timing itself.

Each page is requested through Django's test Client, so the real URL routing,
middleware (sessions, authentication, two-factor check, CSP), view, queries,
context processors and templates all run, in this process and without a
network or a WSGI server in between.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# In the order they are printed.
PAGE_NAMES = [
    "browse",
    "browse_filtered",
    "request_detail_host",
    "application_host",
    "application_coordinator",
    "dashboard_worker",
    "dashboard_manager",
    "dashboard_coordinator",
]


@dataclass
class Page:
    name: str
    user: object
    url: str


@dataclass
class Result:
    name: str
    total_ms: list[float] = field(default_factory=list)
    template_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)

    def line(self) -> str:
        total = sum(self.total_ms)
        share = sum(self.template_ms) / total if total else 0.0
        sql_share = sum(self.sql_ms) / total if total else 0.0
        return (
            f"render: page={self.name} ms_p50={statistics.median(self.total_ms):.1f} "
            f"ms_p95={percentile(self.total_ms, 0.95):.1f} "
            f"queries={round(statistics.median(self.queries))} template_share={share:.2f} "
            f"template_ms_p50={statistics.median(self.template_ms):.1f} sql_share={sql_share:.2f}"
        )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def pages() -> list[Page]:
    """One page of each kind, shown to the person it is for, picked from the seeded data.

    The request and applications are the busiest open request's, so the
    pages show a full list of applicants and a long history.
    """
    from django.db.models import Count
    from django.urls import reverse

    from accounts.models import User
    from secondments.models import Application, HelpRequest

    busiest = (
        HelpRequest.objects.open()
        .annotate(applicants=Count("applications"))
        .select_related("created_by")
        .order_by("-applicants", "pk")
        .first()
    )
    host = busiest.created_by
    on_busiest = Application.objects.filter(help_request=busiest).order_by("pk")
    to_decide = on_busiest.filter(status="interested").first() or on_busiest.first()
    to_approve = Application.objects.filter(status="released").order_by("pk").first() or to_decide
    worker = (
        User.objects.workers()
        .filter(worker_profile__availability__isnull=False)
        .annotate(applied=Count("applications", distinct=True))
        .order_by("-applied", "pk")
        .first()
    )
    coordinator = User.objects.coordinators().order_by("pk").first()
    specialism = busiest.specialisms.order_by("pk").first()
    filtered = "?urgency=urgent&sort=newest&job_level=1" + (
        f"&specialism={specialism.pk}" if specialism else ""
    )
    browse = reverse("request_list")
    dashboard = reverse("dashboard")
    found = {
        "browse": (worker, browse),
        "browse_filtered": (worker, browse + filtered),
        "request_detail_host": (host, busiest.get_absolute_url()),
        "application_host": (host, to_decide.get_absolute_url()),
        "application_coordinator": (coordinator, to_approve.get_absolute_url()),
        "dashboard_worker": (worker, dashboard),
        "dashboard_manager": (host, dashboard),
        "dashboard_coordinator": (coordinator, dashboard),
    }
    return [Page(name, *found[name]) for name in PAGE_NAMES]


def signed_in_client(user):
    """A test Client signed in as allauth's sign-in page would, password and code,
    so the two-factor middleware lets managers and coordinators through."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.http import HttpRequest
    from django.test import Client

    client = Client()
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    authenticator = Authenticator.objects.filter(user=user).first()
    if authenticator is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
    return client


class Meter:
    """Times one request's template rendering and counts its queries.

    Template time is the time inside the outermost template render, Django's or
    Jinja2's (a page's template, with everything it extends, includes and the forms it
    renders), less the time of the queries run while it renders (a lazy
    queryset a template loops over): what another template engine could save.
    Query time is every query's, wherever it runs.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.reset()

    def reset(self) -> None:
        self.template_s = self.sql_s = self.sql_in_template_s = 0.0
        self.queries = 0

    @property
    def template_ms(self) -> float:
        return (self.template_s - self.sql_in_template_s) * 1000

    def __enter__(self) -> "Meter":
        from django.db import connection
        from django.template.backends.jinja2 import Template as JinjaTemplate
        from django.template.base import Template

        meter = self
        self._originals = []
        # Django templates and Jinja2 (our pages as they move to it) alike.
        for cls in (Template, JinjaTemplate):
            original = cls.render

            def render(template, *args, original=original, **kwargs):
                if meter.depth:
                    return original(template, *args, **kwargs)
                meter.depth += 1
                started = time.perf_counter()
                try:
                    return original(template, *args, **kwargs)
                finally:
                    meter.template_s += time.perf_counter() - started
                    meter.depth -= 1

            self._originals.append((cls, original))
            cls.render = render
        self._queries = connection.execute_wrapper(self._query)
        self._queries.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._queries.__exit__(*exc)
        for cls, original in self._originals:
            cls.render = original

    def _query(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.queries += 1
            self.sql_s += elapsed
            if self.depth:
                self.sql_in_template_s += elapsed


def measure(
    chosen: list[Page], *, repeat: int, warmup: int, out: Callable[[str], None] = print
) -> list[Result]:
    """Warm every page up, then request them in turn `repeat` times: taking the
    pages round-robin spreads a busy moment on a shared machine over all of them."""
    clients = {}
    for page in chosen:
        if page.user.pk not in clients:
            clients[page.user.pk] = signed_in_client(page.user)
    results = {page.name: Result(page.name) for page in chosen}
    with Meter() as meter:
        for page in chosen:
            for _ in range(warmup):
                _get(clients[page.user.pk], page)
        for _ in range(repeat):
            for page in chosen:
                client = clients[page.user.pk]
                meter.reset()
                started = time.perf_counter()
                _get(client, page)
                elapsed = (time.perf_counter() - started) * 1000
                result = results[page.name]
                result.total_ms.append(elapsed)
                result.template_ms.append(meter.template_ms)
                result.queries.append(meter.queries)
                result.sql_ms.append(meter.sql_s * 1000)
    for page in chosen:
        out(results[page.name].line())
    return list(results.values())


def _get(client, page: Page) -> None:
    response = client.get(page.url)
    if response.status_code != 200:
        raise RuntimeError(
            f"{page.name}: GET {page.url} as {page.user} answered {response.status_code} "
            f"{response.get('Location', '')}"
        )
