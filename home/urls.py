from django.urls import path

from home import views

urlpatterns = [
    path("", views.start, name="start"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
