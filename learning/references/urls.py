from django.urls import path

from learning.references import views

urlpatterns = [
    path("placements/<int:pk>/reference/", views.placement_reference, name="placement_reference"),
    path("placements/<int:pk>/rating/", views.placement_rating, name="placement_rating"),
    path("people/<int:pk>/references/", views.person_references, name="person_references"),
    path("boroughs/<str:code>/placement-ratings/", views.borough_ratings, name="borough_ratings"),
]
