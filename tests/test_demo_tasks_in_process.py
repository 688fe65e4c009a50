"""With no broker (the demo) queued work runs in the web process, which must know every task."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_process_with_no_broker_knows_the_tasks_queued_by_name(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DJANGO_DEBUG": "1",
        "SECONDMENTS_DEMO_MODE": "1",
    }
    script = (
        "import config, django; django.setup(); from celery import current_app; "
        "print(current_app.conf.task_always_eager, sorted(current_app.tasks))"
    )

    printed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert printed.startswith("True ")
    assert "'notifications.tasks.deliver_notification'" in printed
    assert "'matching.tasks.match_request'" in printed
