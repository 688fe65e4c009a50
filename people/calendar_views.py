"""The account page where a person makes, replaces or stops their calendar link.

The new link is kept in the session for one page view after the POST, so it is
shown once and a refresh does not make another.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import CalendarFeed
from people.calendar import calendar_feed_create, calendar_feed_revoke

NEW_TOKEN_KEY = "calendar_feed_new_token"


def calendar_link(request: HttpRequest) -> HttpResponse:
    person = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            if calendar_feed_revoke(person=person):
                messages.success(request, "Your calendar link has been stopped")
        elif action == "create":
            request.session[NEW_TOKEN_KEY] = calendar_feed_create(person=person)
        else:
            raise BadRequest("Choose to make a new calendar link or to stop yours")
        return redirect("calendar_link")
    token = request.session.pop(NEW_TOKEN_KEY, None)
    feed = CalendarFeed.objects.filter(user=person).first()
    feed_url = (
        f"{settings.SITE_URL}{reverse('calendar_feed', args=[token])}" if token and feed else ""
    )
    return render(request, "people/calendar_link.html", {"feed": feed, "feed_url": feed_url})
