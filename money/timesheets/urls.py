from django.urls import path

from money.timesheets import listing, views

urlpatterns = [
    path("timesheets/", listing.timesheet_list, name="timesheet_list"),
    path(
        "placements/<int:pk>/timesheets/",
        views.placement_timesheets,
        name="placement_timesheets",
    ),
    path(
        "placements/<int:pk>/timesheets/<str:week>/",
        views.timesheet_week,
        name="timesheet_week",
    ),
    path("timesheets/<int:pk>/", views.timesheet_detail, name="timesheet_detail"),
    path("timesheets/<int:pk>/sign-off/", views.timesheet_sign_off, name="timesheet_sign_off"),
    path("timesheets/<int:pk>/query/", views.timesheet_query, name="timesheet_query"),
]
