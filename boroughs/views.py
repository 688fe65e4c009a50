"""The boroughs taking part: a public page for each, with its neighbours,
teams and agreements."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone

from boroughs.access import get_borough_for_user
from boroughs.models import Agreement, Borough, BoroughKind


def borough_list(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("show") == "all"
    boroughs = Borough.objects.order_by("name")
    if not show_all:
        boroughs = boroughs.filter(kind=BoroughKind.LONDON_BOROUGH)
    return render(
        request,
        "boroughs/borough_list.html",
        {
            "boroughs": boroughs,
            "show_all": show_all,
            "has_others": Borough.objects.exclude(kind=BoroughKind.LONDON_BOROUGH).exists(),
        },
    )


def borough_detail(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_borough_for_user(request.user, code)
    user = request.user
    # A TemplateResponse so home.borough_page can add the money app's ledger section.
    return TemplateResponse(
        request,
        "boroughs/borough_detail.html",
        {
            "borough": borough,
            "neighbours": borough.neighbours.order_by("name"),
            "teams": borough.teams.all(),
            "agreements": Agreement.objects.involving(borough)
            .in_force_or_ahead(timezone.localdate())
            .select_related("borough_a", "borough_b")
            .order_by("starts_on", "pk"),
            "today": timezone.localdate(),
            "can_manage": user.coordinates(borough) or user.manages(borough),
        },
    )
