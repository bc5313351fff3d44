"""The client's address, read the same way for search limits and login lockouts.

Behind N trusted proxies (TRUSTED_PROXY_COUNT), the client is the Nth address
from the right of X-Forwarded-For; anything further left was written by the
client and can't be trusted. With no proxy, it is REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, or None when the request carries none (as in tests)."""
    proxies: int = settings.TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR", "")
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
