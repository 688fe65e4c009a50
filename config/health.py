"""Is the service working? The database, the Celery broker and a Celery worker.

For operators and load balancers: ``GET /health/`` answers 200 with
``{"database": "ok", "broker": "ok", "worker": "ok"}``, or 503 with a message
for each part that failed; ``manage.py health`` prints the same, a line per
check, and exits 1 when one fails.

In the demo there is no broker and tasks run in the web process, so the broker
and the worker are reported as not used, and that is healthy.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.celery import app as celery_app

OK = "ok"
NOT_USED = "not used (tasks run in-process)"
HEALTHY = (OK, NOT_USED)
# An operator's probe must answer quickly even when a server is down.
BROKER_TIMEOUT_SECONDS = 2
PING_TIMEOUT_SECONDS = 1
# A ping is broadcast to every worker on the broker; a load balancer asking
# every second must not do that each time. The public endpoint reuses the
# worker's verdict for this long (shared by every web process through the
# cache); `manage.py health` always asks afresh.
WORKER_CHECK_CACHE_SECONDS = 5


def _tasks_run_in_process() -> bool:
    return bool(celery_app.conf.task_always_eager)


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return f"error: {error}".strip()
    return OK


def check_broker() -> str:
    if _tasks_run_in_process():
        return NOT_USED
    try:
        with celery_app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
            broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as error:
        return f"unreachable: {error}".strip()
    return OK


def check_worker() -> str:
    """A worker answers a ping, and consumes the queue this site sends tasks to.

    A worker listening on another queue (or another site's worker on the same
    Redis) answers the ping too, but would never run our tasks.
    """
    if _tasks_run_in_process():
        return NOT_USED
    try:
        replies = celery_app.control.ping(timeout=PING_TIMEOUT_SECONDS)
        nodes = [node for reply in replies for node in reply]
        if not nodes:
            return f"no worker answered a ping within {PING_TIMEOUT_SECONDS} s"
        # limit: return as soon as every node that answered the ping has answered.
        queues = celery_app.control.inspect(
            destination=nodes, timeout=PING_TIMEOUT_SECONDS, limit=len(nodes)
        ).active_queues()
    except Exception as error:
        return f"error: {error}".strip()
    queue = celery_app.conf.task_default_queue
    if not any(queue in {q["name"] for q in consumed} for consumed in (queues or {}).values()):
        answered = "1 worker" if len(nodes) == 1 else f"{len(nodes)} workers"
        return f"{answered} answered a ping, but none consumes the queue {queue!r}"
    return OK


def _cached_worker_check() -> str:
    key = f"health:worker:{celery_app.conf.task_default_queue}"
    verdict = cache.get(key)
    if verdict is None:
        verdict = check_worker()
        cache.set(key, verdict, WORKER_CHECK_CACHE_SECONDS)
    return verdict


def run_checks(*, cached_worker: bool = False) -> dict[str, str]:
    results = {"database": check_database(), "broker": check_broker()}
    # Without a broker a ping cannot even be sent.
    if results["broker"] not in HEALTHY:
        results["worker"] = "not checked: the broker is unreachable"
    else:
        results["worker"] = _cached_worker_check() if cached_worker else check_worker()
    return results


def is_healthy(results: dict[str, str]) -> bool:
    return all(message in HEALTHY for message in results.values())


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    results = run_checks(cached_worker=True)
    status = 200 if is_healthy(results) else 503
    user = request.user
    if not (user.is_authenticated and user.is_coordinator and user.coordinated_regions is None):
        # Probes and the public see only the verdicts: error text can name
        # internal hosts, ports and database users. Operators get the detail
        # here when signed in as a national coordinator (a regional one runs
        # no part of the service), or from `manage.py health`.
        results = {
            name: message if message in HEALTHY else "error" for name, message in results.items()
        }
    return JsonResponse(results, status=status)


urlpatterns = [path("", health, name="health")]
