"""How the service answers when a page cannot be given: the GOV.UK pages for
405 and 500, and POST-only actions that send a stray GET back to their page."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template import loader

from accounts.context_processors import SERVICE_NAME

logger = logging.getLogger(__name__)


def post_only(request: HttpRequest, back_to, **kwargs) -> HttpResponse | None:
    """None for a POST. A GET (a bookmark, a link pasted from an email) goes
    back to the page the action belongs to; any other method gets 405."""
    if request.method == "POST":
        return None
    if request.method in ("GET", "HEAD"):
        return redirect(back_to, **kwargs)
    return HttpResponseNotAllowed(["POST"])


class NotAllowedPageMiddleware:
    """A 405 says, in the service's own layout, that the address only accepts forms."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without the request's context: whatever failed
    (the database, a context processor) must not fail the error page too."""
    try:
        html = loader.get_template("500.html").render({"SERVICE_NAME": SERVICE_NAME})
    except Exception:  # the last resort must always answer
        logger.exception("The 500 page itself failed to render")
        html = "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    return HttpResponse(html, status=500)
