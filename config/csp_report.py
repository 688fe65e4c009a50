"""Where browsers report what the Content-Security-Policy blocked.

Reports are logged as one JSON line each (the directive, the blocked source,
and the page's route) so an injected script or a broken asset shows up in the
logs. Anyone can post here, so the body is bounded and only known fields of a
well-formed report are kept; the page's query string is dropped.
"""

import json
import logging
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("secondments.csp")

MAX_REPORT_BYTES = 10_000
FIELDS = ("violated-directive", "effective-directive", "blocked-uri", "disposition")


def _without_query(url: object) -> str:
    if not isinstance(url, str):
        return ""
    parts = urlsplit(url[:500])
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.scheme else parts.path


@csrf_exempt
@login_not_required
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REPORT_BYTES:
        return HttpResponseBadRequest("A report must be under 10 kB.")
    try:
        report = json.loads(request.body).get("csp-report")
    except (ValueError, AttributeError):
        report = None
    if not isinstance(report, dict):
        return HttpResponseBadRequest("Expected a JSON body with a csp-report object.")
    line = {"event": "csp_violation"}
    for field in FIELDS:
        value = report.get(field)
        if isinstance(value, str):
            line[field] = value[:200] if field != "blocked-uri" else _without_query(value)
    line["document-uri"] = _without_query(report.get("document-uri"))
    logger.warning(json.dumps(line, separators=(",", ":")))
    return HttpResponse(status=204)
