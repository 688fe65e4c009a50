from django.urls import path

from money.agreements import views

urlpatterns: list = [
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/propose/", views.agreement_propose, name="agreement_propose"),
    path("agreements/record/", views.agreement_record, name="agreement_record"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/amend/", views.agreement_amend, name="agreement_amend"),
    path("agreements/<int:pk>/accept/", views.agreement_accept, name="agreement_accept"),
    path("agreements/<int:pk>/decline/", views.agreement_decline, name="agreement_decline"),
    path("agreements/<int:pk>/withdraw/", views.agreement_withdraw, name="agreement_withdraw"),
    path("agreements/<int:pk>/end/", views.agreement_end, name="agreement_end"),
]
