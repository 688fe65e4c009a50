from django.urls import path

from home import borough_page, calendar_feed, placement_page, views
from home.privacy import views as privacy_views

urlpatterns = [
    path("", views.start, name="start"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("boroughs/<str:code>/", borough_page.borough_detail, name="borough_detail"),
    path("placements/<int:pk>/", placement_page.placement_detail, name="placement_detail"),
    path("calendar/<str:token>.ics", calendar_feed.calendar_feed, name="calendar_feed"),
    # UK GDPR (issue 12): a person's copy of their data, erasure, the coordinators' queue.
    path("account/my-data/", privacy_views.my_data, name="my_data"),
    path("account/my-data/erasure/", privacy_views.erasure_request_new, name="erasure_request_new"),
    path("erasure-requests/", privacy_views.erasure_request_list, name="erasure_request_list"),
    path(
        "erasure-requests/<int:pk>/",
        privacy_views.erasure_request_detail,
        name="erasure_request_detail",
    ),
    path(
        "erasure-requests/<int:pk>/confirm/",
        privacy_views.erasure_request_confirm,
        name="erasure_request_confirm",
    ),
    path(
        "erasure-requests/<int:pk>/refuse/",
        privacy_views.erasure_request_refuse,
        name="erasure_request_refuse",
    ),
]
