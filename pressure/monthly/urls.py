"""This area's pages."""

urlpatterns: list = []
