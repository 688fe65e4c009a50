"""Production's URLs and the benchmark's floor page, which no production URLconf has."""

import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as production_urls

_floor: list[bytes] = []


def floor(request: HttpRequest) -> HttpResponse:
    """The browse page's bytes from memory (read once from the file the
    benchmark wrote): the cost of the middleware and the server alone."""
    if not _floor:
        _floor.append(Path(os.environ["BENCH_HTTP_FLOOR_FILE"]).read_bytes())
    return HttpResponse(_floor[0], content_type="text/html; charset=utf-8")


urlpatterns = [path("bench-floor/", floor, name="bench_floor"), *production_urls]
