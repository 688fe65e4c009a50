"""The placement page, with what it has cost beside an agency.

secondments sits below money (DESIGN.md, "Layout"), so its view cannot ask
for the figures; home, on top, takes the secondments view's response and adds
them for the people who deal in money: the two boroughs' managers and
coordinators. The social worker sees their own placement's terms (the
Funding section) but not the comparison.
"""

from django.http import HttpRequest
from django.template.response import TemplateResponse

from money.statements.placement_cost import placement_cost
from secondments import workflow_views


def placement_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    response = workflow_views.placement_detail(request, pk)
    placement = response.context_data["placement"]
    user = request.user
    if (
        user.coordinates(placement.host, placement.home)
        or user.manages(placement.host)
        or user.manages(placement.home)
    ):
        response.context_data["placement_cost"] = placement_cost(placement)
    return response
