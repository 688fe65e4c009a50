"""`make run` serves the demo with no servers at all, and its logins work."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    port = _free_port()
    log_path = tmp_path_factory.mktemp("demo") / "make-run.log"
    database = log_path.parent / "demo.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"DEMO_DB={database}", f"DEMO_PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("make run did not serve the demo:\n" + log_path.read_text()[-4000:])
                time.sleep(0.5)
        yield base, log_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_make_run_serves_the_start_and_sign_in_pages(demo):
    base, _ = demo
    start = urllib.request.urlopen(base + "/").read().decode()
    assert "Lend and borrow social workers between boroughs" in start
    assert "This is a demonstration" in start
    sign_in = urllib.request.urlopen(base + "/accounts/login/").read().decode()
    assert "Sign in" in sign_in
    css = urllib.request.urlopen(base + "/static/css/app.css")
    assert css.status == 200


def test_make_run_prints_the_demo_logins_and_they_work(demo):
    base, log_path = demo
    printed = log_path.read_text()
    assert "Password for every demo login: demo-password-2026" in printed
    manager = re.search(r"manager1\.haringey@demo\.secondments\.example", printed).group(0)

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/accounts/login/")
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    body = urllib.parse.urlencode(
        {"login": manager, "password": "demo-password-2026", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=body, headers={"Referer": base + "/accounts/login/"}
    )
    dashboard = opener.open(request)

    assert dashboard.geturl() == base + "/dashboard/"
    page = dashboard.read().decode()
    assert "Haringey" in page and "Borough manager" in page
