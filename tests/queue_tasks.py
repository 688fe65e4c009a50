"""A task only the tests' workers know (`--include=tests.queue_tasks`): it holds
its worker for a while, as a long nightly matching sweep does."""

import time
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.queue_tasks.hold")
def hold(seconds: float, started_file: str) -> None:
    Path(started_file).write_text(str(time.time()))
    time.sleep(seconds)
    Path(started_file).with_suffix(".done").write_text(str(time.time()))
