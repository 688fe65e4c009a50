from django.urls import path

from people import account_views, calendar_views, recharge_views, team_views, views

urlpatterns = [
    # Everyone's own account; allauth's pages are under /accounts/.
    path("account/", account_views.account, name="account"),
    path("account/details/", account_views.account_details, name="account_details"),
    path("account/calendar/", calendar_views.calendar_link, name="calendar_link"),
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/availability/add/", views.availability_add, name="availability_add"),
    path("profile/availability/<int:pk>/edit/", views.availability_edit, name="availability_edit"),
    path(
        "profile/availability/<int:pk>/remove/",
        views.availability_remove,
        name="availability_remove",
    ),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/verify/", views.person_verify, name="person_verify"),
    path(
        "people/<int:pk>/query-registration/",
        views.person_query_registration,
        name="person_query_registration",
    ),
    path("people/<int:pk>/role/", views.person_role, name="person_role"),
    path("boroughs/<str:code>/staff/", team_views.staff_list, name="staff_list"),
    path(
        "boroughs/<str:code>/recharge-salaries/",
        recharge_views.recharge_salaries,
        name="recharge_salaries",
    ),
    path("boroughs/<str:code>/teams/add/", team_views.team_add, name="team_add"),
    path("teams/<int:pk>/", team_views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", team_views.team_edit, name="team_edit"),
]
