"""One JSON line per request, for log search and alerting.

It holds the method, the route's name (never the path, which can carry a
calendar token or an unsubscribe key), the status, the duration and the
signed-in user's id: nothing that names a person. The user is read only if
the request already looked them up, so logging never adds a query.
"""

import json
import logging
import time

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

logger = logging.getLogger("secondments.requests")


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        logger.info(
            json.dumps(
                {
                    "event": "request",
                    "method": request.method,
                    "route": match.view_name if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
                separators=(",", ":"),
            )
        )
        return response
