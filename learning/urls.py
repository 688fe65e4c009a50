"""The learning side's pages: references, reports and the library, events, supervision."""

from learning.events.urls import urlpatterns as event_urls
from learning.references.urls import urlpatterns as reference_urls
from learning.reports.urls import urlpatterns as report_urls
from learning.supervision.urls import urlpatterns as supervision_urls

urlpatterns = reference_urls + report_urls + event_urls + supervision_urls
