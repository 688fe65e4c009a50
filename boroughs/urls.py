from django.urls import path

from boroughs import views

urlpatterns = [
    path("boroughs/", views.borough_list, name="borough_list"),
    path("boroughs/<str:code>/", views.borough_detail, name="borough_detail"),
]
