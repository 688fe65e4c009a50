"""The HTTP benchmark's settings: production's, with the floor page's URL added."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.http.urls"
