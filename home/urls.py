from django.urls import path

from home import borough_page, calendar_feed, placement_page, views

urlpatterns = [
    path("", views.start, name="start"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("boroughs/<str:code>/", borough_page.borough_detail, name="borough_detail"),
    path("placements/<int:pk>/", placement_page.placement_detail, name="placement_detail"),
    path("calendar/<str:token>.ics", calendar_feed.calendar_feed, name="calendar_feed"),
]
