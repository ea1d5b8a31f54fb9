"""`GET /healthz`: is each part this process depends on reachable, and what needs an operator?

Warnings come from the apps (an app config may define `health_warnings()`,
e.g. a network that refuses every post): they do not make the answer 503,
since the service still runs, but they are in the body for monitoring to read.
"""

import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse

from socialtrend.celery import app as celery_app


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("value written to the cache could not be read back")
    cache.delete(key)


def check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=celery_app.conf.broker_connection_timeout)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def healthz(request: HttpRequest) -> JsonResponse:
    report: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down", reported by name
            report[name] = f"error: {type(exc).__name__}: {exc}"
        else:
            report[name] = "ok"
    down = [name for name, state in report.items() if state != "ok"]
    body = {"status": "ok" if not down else f"down: {', '.join(down)}", **report}
    if "database" not in down:
        body["warnings"] = app_warnings()
    return JsonResponse(body, status=503 if down else 200)


def app_warnings() -> list[str]:
    warnings = []
    for config in apps.get_app_configs():
        if hasattr(config, "health_warnings"):
            warnings.extend(config.health_warnings())
    return warnings
