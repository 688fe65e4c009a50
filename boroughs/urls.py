from django.urls import path

from boroughs import views

urlpatterns = [
    path("boroughs/", views.borough_list, name="borough_list"),
    path("boroughs/<str:code>/", views.borough_detail, name="borough_detail"),
    path("boroughs/<str:code>/staff/", views.staff_list, name="staff_list"),
    path("boroughs/<str:code>/teams/add/", views.team_add, name="team_add"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
]
