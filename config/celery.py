"""The Celery application. Configuration lives in settings under CELERY_*."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("secondments")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _know_every_task_when_eager(sender: Celery, **kwargs: object) -> None:
    # Work is queued by task name, and only a worker imports the tasks modules.
    # With no broker (the demo) the tasks run in this process instead, which
    # would otherwise know none of them and drop the work into the memory broker.
    if sender.conf.task_always_eager:
        sender.autodiscover_tasks(force=True)
