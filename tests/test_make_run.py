"""`make run` serves the demo with no servers at all, and its logins work."""

import http.client
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
        yield base, log_path, database
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def sign_in(
    base: str, email: str
) -> tuple[urllib.request.OpenerDirector, http.client.HTTPResponse]:
    """Sign in through the sign-in page; the opener keeps the session, and the page it reached."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/accounts/login/")
    body = urllib.parse.urlencode(
        {"login": email, "password": "demo-password-2026", "csrfmiddlewaretoken": csrf_token(jar)}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=body, headers={"Referer": base + "/accounts/login/"}
    )
    return opener, opener.open(request)


def csrf_token(jar: http.cookiejar.CookieJar) -> str:
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def test_make_run_serves_the_start_and_sign_in_pages(demo):
    base, _, _ = demo
    start = urllib.request.urlopen(base + "/").read().decode()
    assert "Lend and borrow social workers between boroughs" in start
    assert "Made-up data. Every demo login's password is demo-password-2026" in start
    sign_in = urllib.request.urlopen(base + "/accounts/login/").read().decode()
    assert "Sign in" in sign_in
    css = urllib.request.urlopen(base + "/static/css/app.css")
    assert css.status == 200


def test_make_run_prints_the_demo_logins_and_they_work(demo):
    base, log_path, _ = demo
    printed = log_path.read_text()
    assert "Password for every demo login: demo-password-2026" in printed
    manager = re.search(r"manager1\.haringey@demo\.secondments\.example", printed).group(0)

    _, dashboard = sign_in(base, manager)

    assert dashboard.geturl() == base + "/dashboard/"
    page = dashboard.read().decode()
    assert "Haringey" in page and "Borough manager" in page


def test_make_run_names_its_database_and_ends_with_the_logins_before_serving(demo):
    _, log_path, database = demo
    printed = log_path.read_text()

    assert f"==> Demo mode: SQLite in {database}," in printed
    before_serving = printed.split("==> Serving", 1)[0]
    # Seeding sends notifications, but its emails are not printed.
    assert "Subject:" not in before_serving
    assert "Content-Type: text/plain" not in before_serving
    last_lines = before_serving.rstrip().splitlines()[-2:]
    assert last_lines[0] == "Password for every demo login: demo-password-2026"
    assert last_lines[1].startswith("Demo mode is on")


def test_links_in_the_demo_emails_use_the_demo_port(demo):
    base, log_path, _ = demo
    opener, dashboard = sign_in(base, "manager1.haringey@demo.secondments.example")
    application = re.search(r'href="(/applications/\d+/)"', dashboard.read().decode()).group(1)
    thread = opener.open(base + application).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', thread).group(1)

    body = urllib.parse.urlencode(
        {"body": "Can you start on Monday?", "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(
        urllib.request.Request(
            f"{base}{application}messages/", data=body, headers={"Referer": base + application}
        )
    )

    emailed = log_path.read_text().split("==> Serving", 1)[1]
    assert "Subject:" in emailed
    assert f"{base}{application}" in emailed
