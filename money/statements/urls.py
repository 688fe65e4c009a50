from django.urls import path

from money.statements import report_views, views

STATEMENT = "statements/<str:issuer_code>/<str:billed_code>/<str:month>/"

urlpatterns = [
    path("statements/", views.statement_list, name="statement_list"),
    path(STATEMENT, views.statement_detail, name="statement_detail"),
    path(f"{STATEMENT}v<int:version>/", views.statement_version, name="statement_version"),
    path(f"{STATEMENT}statement.csv", views.statement_csv, name="statement_csv"),
    path(f"{STATEMENT}issue/", views.statement_issue, name="statement_issue"),
    path(f"{STATEMENT}paid/", views.statement_mark_paid, name="statement_mark_paid"),
    path(f"{STATEMENT}query/", views.statement_query, name="statement_query"),
    path("agency-rates/", report_views.agency_rates, name="agency_rates"),
    path("ledger/", report_views.ledger_report, name="ledger_report"),
    path("boroughs/<str:code>/ledger/", report_views.borough_ledger_page, name="borough_ledger"),
]
