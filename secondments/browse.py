"""Finding work: everyone signed in browses the open help requests.

The filters (secondments/filters.py) are the API's too."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config.csv_download import wants_csv
from secondments.downloads import requests_csv
from secondments.filters import HelpRequestFilter
from secondments.models import HelpRequest

PER_PAGE = 20


def request_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    filters = HelpRequestFilter(request.GET, HelpRequest.objects.open(), request=request)
    # Both annotations are subqueries PostgreSQL runs for the page's rows only.
    requests = filters.qs.select_related("borough").with_fill_status()
    if user.is_worker:
        requests = requests.with_application_status_of(user)
    if wants_csv(request):
        return requests_csv(requests, for_worker=user.is_worker)
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "secondments/request_list.html", {"form": filters.form, "page": page})
