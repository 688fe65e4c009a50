from django.urls import path

from learning.reports import library_views, views

urlpatterns = [
    path(
        "placements/<int:pk>/learning-report/",
        views.learning_report_edit,
        name="learning_report_edit",
    ),
    path("learning-reports/", views.learning_report_list, name="learning_report_list"),
    path("learning-reports/<int:pk>/", views.learning_report_detail, name="learning_report_detail"),
    path(
        "learning-reports/<int:pk>/consent/",
        views.learning_report_consent,
        name="learning_report_consent",
    ),
    path(
        "learning-reports/<int:pk>/moderate/",
        views.learning_report_moderate,
        name="learning_report_moderate",
    ),
    path("library/", library_views.library, name="library"),
    path("library/moderation/", views.library_moderation, name="library_moderation"),
    path("library/<int:pk>/", library_views.library_entry, name="library_entry"),
]
