"""The benchmark's Celery worker: a subprocess on the delivery queue, as in production."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_worker(log_path: Path) -> tuple[subprocess.Popen, str]:
    from config.celery import app

    nodename = f"bench-notify-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
    queue = app.conf.task_default_queue.removesuffix("default") + "delivery"
    command = [
        str(Path(sys.executable).with_name("celery")),
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=warning",
        f"--queues={queue}",
        f"--hostname={nodename}",
        "--include=bench.notify.noop",
        "--without-gossip",
        "--without-mingle",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 90
    while not app.control.ping(destination=[nodename], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_worker(process)
            sys.exit(f"The worker did not start:\n{log_path.read_text()}")
    return process, queue


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
