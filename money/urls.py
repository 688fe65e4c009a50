"""The money side's pages: agreements, timesheets, statements and the ledger."""

from money.agreements.urls import urlpatterns as agreement_urls
from money.statements.urls import urlpatterns as statement_urls
from money.timesheets.urls import urlpatterns as timesheet_urls

urlpatterns = agreement_urls + timesheet_urls + statement_urls
