"""The service's URLs plus one page that always fails, to show the 500 page."""

from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as service_urlpatterns


def broken(request):
    raise RuntimeError("a page that always fails")


urlpatterns = [path("broken/", broken), *service_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
