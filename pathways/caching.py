"""HTTP and server-side caching for public pages, keyed by the content version.

Each page's ETag combines the content version (bumped by every admin save and
every load that changes something), today's date (so "review due" notices
appear on time) and the release. Browsers and a CDN revalidate every time
(`no-cache`) and get a 304 when nothing changed. The rendered page is also
kept in the cache under that same tag, so a changed version makes every app
server render afresh on its very next request. Anything sent to a logged-in
editor is never stored anywhere, and a cache outage only means pages are
rendered each time.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control

from pathways.models import ContentVersion

UNCACHED_PREFIXES = ("/admin/", "/static/", "/healthz")
# Search is rendered every time: its rate limit must see every request.
NOT_STORED_PREFIXES = ("/search/",)
PAGE_TTL = 24 * 3600
VERSION_KEY = "content-version"


def content_version() -> str:
    """The current version: from the shared cache when it has it, else the database."""
    cached = cache.get(VERSION_KEY)
    if cached is not None:
        return str(cached)
    row = ContentVersion.objects.filter(pk=1).values_list("number", "token").first()
    version = f"{row[0]}-{row[1]}" if row else "0"
    if settings.CACHE_HOLDS_CONTENT_VERSION:
        cache.add(VERSION_KEY, version, None)
    return version


def bump_content_version() -> None:
    """Call after anything a reader could see has changed."""
    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1, token=token):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 2, "token": token})
    # The shared copy is dropped, so every server reads the new version next
    # (and again once this transaction commits, in case a reader slipped in).
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


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
        if not cacheable:
            return self.finish(request, self.get_response(request), "")
        etag = page_etag()
        if etag in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            patch_cache_control(not_modified, no_cache=True)
            return not_modified
        store = not request.path.startswith(NOT_STORED_PREFIXES)
        key = f"page:{etag}:{request.get_full_path()}"
        if store:
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
                return self.finish(request, response, etag)
        response = self.get_response(request)
        response = self.finish(request, response, etag)
        if store and response.has_header("ETag") and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), PAGE_TTL)
        return response

    @staticmethod
    def finish(request: HttpRequest, response: HttpResponse, etag: str) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # An editor's view may show drafts or admin links: never store it.
            patch_cache_control(response, private=True, no_store=True)
            del response["ETag"]
        elif etag and response.status_code == 200 and not response.has_header("Cache-Control"):
            response["ETag"] = etag
            patch_cache_control(response, no_cache=True)
        return response
