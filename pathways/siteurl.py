"""Absolute addresses from the configured origin (`SITE_URL`), not the request's host.

So the live site, a CDN in front of it and the exported mirror all name the
same canonical address. Without `SITE_URL` (local development) the request's
own scheme and host are used.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def absolute_url(request: HttpRequest | None, path: str) -> str:
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is None:
        return path
    return f"{request.scheme}://{request.get_host()}{path}"


def site_parts() -> tuple[str, str]:
    """The scheme and host of SITE_URL ("", "" when it isn't set)."""
    if not settings.SITE_URL:
        return "", ""
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc
