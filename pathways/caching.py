"""HTTP caching for public pages: ETags made from the content version.

Each page's ETag combines the content version (bumped by every admin save and
every load that changes something), today's date (so "review due" notices
appear on time) and the release. Browsers and a CDN revalidate every time
(`no-cache`) and get a 304 without the page being rendered when nothing
changed. Anything sent to a logged-in editor is never stored anywhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control

from pathways.models import ContentVersion

UNCACHED_PREFIXES = ("/admin/", "/static/", "/healthz")


def content_version() -> int:
    row = ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return int(row or 0)


def bump_content_version() -> None:
    """Call after anything a reader could see has changed."""
    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 2})


def page_etag() -> str:
    key = f"{content_version()}:{timezone.localdate().isoformat()}:{settings.RELEASE}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


class ConditionalPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cacheable = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(UNCACHED_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        etag = page_etag() if cacheable else ""
        if etag and etag in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            patch_cache_control(not_modified, no_cache=True)
            return not_modified
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # An editor's view may show drafts or admin links: never store it.
            patch_cache_control(response, private=True, no_store=True)
            del response["ETag"]
        elif etag and response.status_code == 200 and not response.has_header("Cache-Control"):
            response["ETag"] = etag
            patch_cache_control(response, no_cache=True)
        return response
