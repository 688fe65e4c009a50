"""This area's pages: the reports for managers (their borough) and coordinators."""

from django.urls import path

from pressure.reports import views

urlpatterns = [
    path("reports/", views.reports_index, name="reports"),
    path("reports/requests/", views.requests_report, name="report_requests"),
    path("reports/flows/", views.flows_report, name="report_flows"),
    path("reports/trends/", views.trends_report, name="report_trends"),
    path("reports/crisis/", views.crisis_report, name="report_crisis"),
]
