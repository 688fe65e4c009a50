from django.urls import path

from boroughs import views

urlpatterns = [
    path("boroughs/", views.borough_list, name="borough_list"),
    # borough_detail (boroughs/<code>/) is routed in home/urls.py: it adds the ledger.
]
