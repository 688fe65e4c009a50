"""Version 1 of the API, one module per area; api/urls.py includes each
module's `urlpatterns`. URL names are `api-<resource>-list`, `api-<resource>-detail`
and `api-<resource>-<action>`."""
