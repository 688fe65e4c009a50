"""Operators ask /health/ and `manage.py health` whether the database, the broker
and a worker are up; a load balancer reads the status code."""

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from config.celery import app as celery_app
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"
ALL_OK = {"database": "ok", "broker": "ok", "worker": "ok"}


@contextmanager
def celery_setting(name: str, value) -> Iterator[None]:
    old = getattr(celery_app.conf, name)
    setattr(celery_app.conf, name, value)
    try:
        yield
    finally:
        setattr(celery_app.conf, name, old)


def no_worker_listening() -> AbstractContextManager[None]:
    # Any worker on this Redis answers a ping; none consumes a queue made up now.
    return celery_setting("task_default_queue", f"nobody-listens-{uuid.uuid4().hex[:8]}")


def run_command(**env: str) -> subprocess.CompletedProcess:
    """`manage.py health` in its own process, on this run's test database and queue."""
    database_url = (
        urlsplit(os.environ["DATABASE_URL"])
        ._replace(path="/" + connection.settings_dict["NAME"])
        .geturl()
    )
    return subprocess.run(
        [sys.executable, "manage.py", "health"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- With a real worker -------------------------------------------------------------


@pytest.mark.worker
def test_health_is_200_when_database_broker_and_worker_answer(client, celery_worker_process):
    response = client.get(reverse("health"))  # signed out: a probe has no session

    assert response.status_code == 200
    assert response.json() == ALL_OK
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.worker
def test_health_command_prints_each_check_and_exits_0(celery_worker_process):
    result = run_command()

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["database: ok", "broker: ok", "worker: ok"]


# --- Failures ------------------------------------------------------------------------


def test_health_is_503_naming_the_worker_when_none_consumes_the_queue(client, coordinator):
    client.force_login(coordinator)
    with no_worker_listening():
        response = client.get(reverse("health"))

    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["broker"]) == ("ok", "ok")
    # Whether or not this module's worker is running: it listens elsewhere.
    # Other workers on the same Redis (another test process's) may answer the
    # ping; none of them consumes this queue.
    assert re.match(
        r"no worker answered a ping|\d+ workers? answered a ping, but none consumes", body["worker"]
    ), body


def test_health_is_503_naming_the_broker_when_it_is_unreachable(client, coordinator):
    client.force_login(coordinator)
    with celery_setting("broker_url", UNREACHABLE_BROKER):
        response = client.get(reverse("health"))

    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"].startswith("unreachable:") and "127.0.0.1:1" in body["broker"]
    assert body["worker"] == "not checked: the broker is unreachable"


def test_health_command_exits_1_when_the_broker_is_unreachable():
    result = run_command(REDIS_URL=UNREACHABLE_BROKER)

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "database: ok"
    assert lines[1].startswith("broker: unreachable:")
    assert lines[2] == "worker: not checked: the broker is unreachable"
    assert "unhealthy: broker, worker" in result.stderr


def test_health_command_fails_naming_the_worker_when_none_consumes_the_queue(capsys):
    with no_worker_listening(), pytest.raises(CommandError, match="unhealthy: worker") as error:
        call_command("health")

    assert error.value.returncode == 1
    out = capsys.readouterr().out
    assert "database: ok" in out and "broker: ok" in out
    assert "worker: ok" not in out


# --- The demo -------------------------------------------------------------------------


def test_demo_without_a_broker_is_healthy(client, capsys):
    with celery_setting("task_always_eager", True), celery_setting("broker_url", "memory://"):
        response = client.get(reverse("health"))
        call_command("health")

    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "not used (tasks run in-process)",
        "worker": "not used (tasks run in-process)",
    }
    assert "worker: not used (tasks run in-process)" in capsys.readouterr().out


def test_the_public_sees_verdicts_but_no_internal_detail(client):
    with celery_setting("broker_url", UNREACHABLE_BROKER):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert "127.0.0.1" not in response.content.decode()


def test_public_health_reuses_the_worker_check_for_a_few_seconds(client, monkeypatch):
    """A load balancer asking every second must not broadcast a ping to every worker."""
    pings = []
    real_ping = celery_app.control.ping
    monkeypatch.setattr(
        celery_app.control, "ping", lambda **kwargs: pings.append(kwargs) or real_ping(**kwargs)
    )
    with no_worker_listening():
        first = client.get(reverse("health"))
        second = client.get(reverse("health"))
        assert len(pings) == 1
        assert first.json() == second.json()
        # An operator's command always asks afresh.
        with pytest.raises(CommandError):
            call_command("health")
        assert len(pings) == 2
