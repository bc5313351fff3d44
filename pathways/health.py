"""`/healthz`: can this app server reach its database and its cache?

Both checks are bounded by the connect timeouts in settings (PostgreSQL
`connect_timeout`, Redis `socket_connect_timeout`), so a dead dependency makes
the check fail fast instead of hanging the load balancer's probe.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception:
        connection.close_if_unusable_or_obsolete()
        return False


def cache_ok() -> bool:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        return bool(ping())
    try:
        cache.set("healthz", "ok", 5)
        return bool(cache.get("healthz") == "ok")
    except Exception:
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_ok(), "cache": cache_ok()}
    status = 200 if all(checks.values()) else 503
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    return JsonResponse({"status": "ok" if status == 200 else "degraded", **body}, status=status)
