"""A fixed-window request limit per client address, kept in the cache.

Only a hash of the address is stored, with a one-minute lifetime, so the
limiter keeps no record of who searched. If the cache is down, requests are
allowed: a broken limiter must not take search down with it.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from pathways.clientip import client_ip

WINDOW_SECONDS = 60


def over_limit(request: HttpRequest, scope: str, per_minute: int) -> bool:
    if per_minute <= 0:
        return False
    window = int(time.time() // WINDOW_SECONDS)
    digest = hashlib.sha256(
        f"{settings.SECRET_KEY}:{client_ip(request) or 'unknown'}".encode()
    ).hexdigest()
    key = f"ratelimit:{scope}:{digest[:32]}:{window}"
    try:
        added = cache.add(key, 1, WINDOW_SECONDS + 5)
        count = 1 if added else cache.incr(key)
    except Exception:
        return False
    return count > per_minute
