"""This area's pages: the published league table and its open data."""

from django.urls import path

from pressure.league import views

urlpatterns = [
    path("league-table/", views.league_table, name="league_table"),
    path("league-table.csv", views.league_table_csv, name="league_table_csv"),
    path("league-table.json", views.league_table_json, name="league_table_json"),
    path("league-table/<str:gss_code>/", views.league_authority, name="league_authority"),
]
