"""HTTP and server-side caching for public pages, keyed by the content version.

Each page's ETag combines the content version (`pathways.content_version`,
bumped by every change a reader could see), today's date (so "review due"
notices appear on time) and the release. Browsers revalidate every time
(`no-cache`) and get a 304 when nothing changed; a CDN is told, in its own
`CDN-Cache-Control` header, that it may keep a page a minute and serve it
stale while it revalidates or while the app is down. The rendered page is also
kept under that same tag, so a changed version makes every app server render
afresh on its very next request. Anything sent to a logged-in editor is never
stored anywhere, and a cache outage only means pages are rendered each time.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control

from pathways.content_version import content_version

log = logging.getLogger(__name__)

UNCACHED_PREFIXES = ("/admin/", "/static/", "/healthz")
# Search is rendered every time: its rate limit must see every request.
NOT_STORED_PREFIXES = ("/search/", "/es/buscar/")
PAGE_TTL = 24 * 3600
# For a CDN in front of the app (RFC 9213): keep a page a minute, serve it
# stale for ten while fetching a fresh copy, and for a week if the app is down.
CDN_CACHE_CONTROL = "max-age=60, stale-while-revalidate=600, stale-if-error=604800"
# Headers of a stored page that belong to one response only.
PER_RESPONSE_HEADERS = {"set-cookie", "date"}


@functools.lru_cache(maxsize=64)
def _etag_for(key: str) -> str:
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def page_etag() -> str:
    return _etag_for(f"{content_version()}:{timezone.localdate().isoformat()}:{settings.RELEASE}")


StoredPage = tuple[bytes, list[tuple[str, str]]]


class LocalPages:
    """Recently served pages in this process, in front of a shared (Redis) cache.

    Keys carry the ETag, so an entry can never be served for another version;
    the shared cache's `clear()` empties this too.
    """

    def __init__(self, max_bytes: int = 16 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.pages: OrderedDict[str, StoredPage] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> StoredPage | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def set(self, key: str, page: StoredPage) -> None:
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.size -= len(old[0])
            self.pages[key] = page
            self.size += len(page[0])
            while self.size > self.max_bytes and self.pages:
                _, dropped = self.pages.popitem(last=False)
                self.size -= len(dropped[0])

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.size = 0


local_pages = LocalPages()


def get_stored(key: str) -> StoredPage | None:
    if settings.CACHE_HOLDS_CONTENT_VERSION:
        page = local_pages.get(key)
        if page is not None:
            return page
    found = cache.get(key)
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], list)):
        return None
    page = (found[0], found[1])
    if settings.CACHE_HOLDS_CONTENT_VERSION:
        local_pages.set(key, page)
    return page


def store(key: str, response: HttpResponse) -> None:
    headers = [(k, v) for k, v in response.items() if k.lower() not in PER_RESPONSE_HEADERS]
    page: StoredPage = (response.content, headers)
    cache.set(key, page, PAGE_TTL)
    if settings.CACHE_HOLDS_CONTENT_VERSION:
        local_pages.set(key, page)


def cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class ConditionalPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not cacheable(request):
            return self.finish(request, self.get_response(request), "")
        etag = page_etag()
        if etag in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            patch_cache_control(not_modified, no_cache=True)
            not_modified["CDN-Cache-Control"] = CDN_CACHE_CONTROL
            return not_modified
        stored = not request.path.startswith(NOT_STORED_PREFIXES)
        key = f"page:{etag}:{request.get_full_path()}"
        if stored:
            page = get_stored(key)
            if page is not None:
                # The same bytes and headers as when it was rendered: only the
                # middleware outside this one adds its headers again.
                response = HttpResponse(page[0])
                for name, value in page[1]:
                    response[name] = value
                return response
        response = self.finish(request, self.get_response(request), etag)
        if stored and response.has_header("ETag") and not response.streaming:
            # Content-Length, X-Frame-Options and the like are set by the
            # middleware inside this one; set it here so the stored copy has it.
            response.headers.setdefault("Content-Length", str(len(response.content)))
            store(key, response)
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
            response["CDN-Cache-Control"] = CDN_CACHE_CONTROL
        return response
