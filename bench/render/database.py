"""The render benchmark's own database, `secondments_bench_render`, and Django set up on it."""

import os
import warnings

from bench.database import configure, create_database_if_missing

BENCH_DATABASE = "secondments_bench_render"


def open_database() -> None:
    """Point Django at the benchmark's database (created and migrated when missing)
    and set it up: call before importing any model."""
    configure(BENCH_DATABASE)
    # The test Client asks for the host "testserver"; static URLs come from the
    # source folders, as in the tests, rather than from a collectstatic manifest.
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_STATICFILES_STORAGE"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    os.environ["WHITENOISE_USE_FINDERS"] = "1"
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    create_database_if_missing(BENCH_DATABASE)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
