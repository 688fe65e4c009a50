"""Settings for the tests: the production settings, plus what tests need.

DJANGO_DEBUG stays off so the tests see what production sees. DATABASE_URL and
REDIS_URL get no defaults here: tests/conftest.py stops the run when PostgreSQL
or Redis is missing rather than falling back to SQLite or eager tasks.
"""

import os
import uuid

# Forced rather than defaulted: a developer's shell or .env must not turn on
# debug or the demo, or send real email, from a test run.
os.environ["DJANGO_DEBUG"] = "0"
os.environ["SECONDMENTS_DEMO_MODE"] = "0"
os.environ["EMAIL_URL"] = "locmem://"

for _name, _value in {
    "DJANGO_SECRET_KEY": "tests-only-secret-key-never-used-in-production",
    "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1,[::1]",
    # No collectstatic before the tests: whitenoise serves from the finders.
    "WHITENOISE_USE_FINDERS": "1",
    "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    # The test client and the live server speak plain HTTP.
    "DJANGO_SECURE_COOKIES": "0",
    # A queue of our own, so that a stray worker on the same Redis (or the
    # worker of another xdist process) cannot take this run's tasks. The Celery
    # worker that tests start inherits the variable, so it listens here too.
    "SECONDMENTS_TEST_CELERY_QUEUE": f"tests-{uuid.uuid4().hex[:12]}",
}.items():
    os.environ.setdefault(_name, _value)

from config.celery_queues import queue_settings  # noqa: E402
from config.settings import *  # noqa: E402, F403

# Each xdist process (and the worker it starts, which inherits the variables)
# gets its own queue, so one process's worker never takes another's tasks.
_RUN = (
    f"{os.environ['SECONDMENTS_TEST_CELERY_QUEUE']}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
)
# Every queue (default, matching, delivery) behind the run's name.
CELERY_TASK_DEFAULT_QUEUE, CELERY_TASK_QUEUES, CELERY_TASK_ROUTES = queue_settings(f"{_RUN}-")

# Each run keeps its cache keys apart (allauth's rate limits live there), and
# tests/conftest.py deletes them after every test so one test's sign-ups do
# not rate-limit the next.
CACHES["default"]["KEY_PREFIX"] = _RUN  # noqa: F405

# Hashing passwords at production strength makes every persona cost 0.3 s.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A throwaway database need not wait for the disk at each commit (the live
# server's requests and the transactional tests commit often). Nothing a test
# can observe changes: only what a power cut would lose.
DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
DATABASES["default"]["OPTIONS"]["options"] = " ".join(  # noqa: F405
    [DATABASES["default"]["OPTIONS"].get("options", ""), "-c synchronous_commit=off"]  # noqa: F405
).strip()

# Every test client loads the middleware afresh, and whitenoise, serving from
# the finders, would list and stat every static file each time: about a third
# of a second a client, a quarter of a plain test's time. Looking a file up
# when it is asked for instead serves the same files.
WHITENOISE_AUTOREFRESH = True
