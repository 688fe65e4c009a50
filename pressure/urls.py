"""The pressure side's pages: the league table, monthly reports, crisis calls, reports."""

from pressure.crisis.urls import urlpatterns as crisis_urls
from pressure.league.urls import urlpatterns as league_urls
from pressure.monthly.urls import urlpatterns as monthly_urls
from pressure.reports.urls import urlpatterns as report_urls

urlpatterns = league_urls + monthly_urls + crisis_urls + report_urls
