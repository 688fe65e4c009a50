"""This area's pages: a borough's monthly pressure reports."""

from django.urls import path

from pressure.monthly import views

urlpatterns = [
    path("boroughs/<str:code>/pressure-reports/", views.report_list, name="pressure_reports"),
    path("boroughs/<str:code>/pressure-reports/new/", views.report_new, name="pressure_report_new"),
    path("pressure-reports/<int:pk>/", views.report_detail, name="pressure_report"),
]
