from django.urls import path

from matching import invite, views

urlpatterns = [
    path("requests/<int:pk>/candidates/", views.request_candidates, name="request_candidates"),
    path(
        "requests/<int:pk>/candidates/<int:worker_pk>/invite/",
        views.request_invite_candidate,
        name="request_invite_candidate",
    ),
    path("my/matches/", views.my_matches, name="my_matches"),
    # Chosen from the request's candidates, never by email (issue 12: sessions and sign-in).
    path("requests/<int:pk>/invite/", invite.request_invite, name="request_invite"),
]
