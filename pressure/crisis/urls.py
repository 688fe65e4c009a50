"""This area's pages."""

from django.urls import path

from pressure.crisis import views

urlpatterns = [
    path("crisis/", views.crisis_list, name="crisis_list"),
    path("crisis/new/", views.crisis_raise, name="crisis_raise"),
    path("crisis/<int:pk>/", views.crisis_board, name="crisis_board"),
    path("crisis/<int:pk>/answer/", views.crisis_answer, name="crisis_answer"),
    path("crisis/<int:pk>/offer/", views.crisis_offer_make, name="crisis_offer_make"),
    path("crisis/<int:pk>/decline/", views.crisis_decline, name="crisis_decline"),
    path("crisis/<int:pk>/close/", views.crisis_close, name="crisis_close"),
    path("crisis/offers/<int:pk>/", views.crisis_offer, name="crisis_offer"),
    path("crisis/offers/<int:pk>/agree/", views.crisis_offer_agree, name="crisis_offer_agree"),
    path("crisis/offers/<int:pk>/refuse/", views.crisis_offer_refuse, name="crisis_offer_refuse"),
]
