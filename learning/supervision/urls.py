from django.urls import path

from learning.supervision import views

urlpatterns: list = [
    path(
        "placements/<int:pk>/supervision/",
        views.placement_supervision,
        name="placement_supervision",
    ),
]
