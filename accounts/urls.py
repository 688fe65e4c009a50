from django.urls import path

from accounts import preferences, views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/availability/add/", views.availability_add, name="availability_add"),
    path("profile/availability/<int:pk>/edit/", views.availability_edit, name="availability_edit"),
    path(
        "profile/availability/<int:pk>/remove/",
        views.availability_remove,
        name="availability_remove",
    ),
    path(
        "profile/notifications/",
        preferences.notification_preferences,
        name="notification_preferences",
    ),
    path("unsubscribe/<str:token>/", preferences.unsubscribe, name="unsubscribe"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/verify/", views.person_verify, name="person_verify"),
    path("people/<int:pk>/role/", views.person_role, name="person_role"),
]
