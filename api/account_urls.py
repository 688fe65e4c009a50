"""The API tokens pages, among the account pages (/account/); signed in, as every page."""

from django.urls import path

from api import token_views

urlpatterns = [
    path("account/api-tokens/", token_views.api_tokens, name="api_tokens"),
    path(
        "account/api-tokens/<int:pk>/revoke/",
        token_views.api_token_revoke_view,
        name="api_token_revoke",
    ),
]
