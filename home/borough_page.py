"""The borough page, with the money app's reciprocity ledger section and the
borough's place in the pressure league table.

boroughs sits below money (DESIGN.md, "Layout"), so its view cannot ask for
the ledger; home, on top, takes the boroughs view's response and adds it.
"""

from django.http import HttpRequest
from django.template.response import TemplateResponse

from boroughs import views as borough_views
from money.statements.report_views import ledger_context
from pressure.league.table import standing_context


def borough_detail(request: HttpRequest, code: str) -> TemplateResponse:
    response = borough_views.borough_detail(request, code)
    borough = response.context_data["borough"]
    response.context_data.update(ledger_context(request.user, borough))
    response.context_data.update(standing_context(request.user, borough))
    return response
