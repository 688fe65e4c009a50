from django.urls import path

from secondments import browse, lists, message_views, our_requests, views, workflow_views

urlpatterns = [
    path("requests/", browse.request_list, name="request_list"),
    path("our-requests/", our_requests.our_requests, name="our_requests"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("requests/<int:pk>/publish/", views.request_publish, name="request_publish"),
    path("requests/<int:pk>/close/", views.request_close, name="request_close"),
    path("requests/<int:pk>/cancel/", views.request_cancel, name="request_cancel"),
    path("requests/<int:pk>/volunteer/", workflow_views.volunteer, name="request_volunteer"),
    path("applications/<int:pk>/", workflow_views.application_detail, name="application_detail"),
    # Before the actions below, whose pattern would take "messages" for one.
    path(
        "applications/<int:pk>/messages/",
        message_views.application_message_post,
        name="application_message_post",
    ),
    path(
        "applications/<int:pk>/<str:action>/",
        workflow_views.application_action,
        name="application_action",
    ),
    path("placements/<int:pk>/cancel/", workflow_views.placement_cancel, name="placement_cancel"),
    path(
        "placements/<int:pk>/arrangements/",
        workflow_views.placement_arrangements,
        name="placement_arrangements",
    ),
    path("my/applications/", lists.my_applications, name="my_applications"),
    path("my/placements/", lists.my_placements, name="my_placements"),
    path("releases/", lists.release_queue, name="release_queue"),
    path("approvals/", lists.approvals_queue, name="approvals_queue"),
    path("placements/", lists.placement_list, name="placement_list"),
]
