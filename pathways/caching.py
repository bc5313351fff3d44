"""HTTP and server-side caching for public pages, keyed by the content version.

Each page's ETag combines the content version (bumped by every admin save and
every load that changes something), today's date (so "review due" notices
appear on time) and the release. Browsers revalidate every time (`no-cache`)
and get a 304 when nothing changed; a CDN is told, in its own
`CDN-Cache-Control` header, that it may keep a page a minute and serve it
stale while it revalidates or while the app is down. The rendered page is also
kept under that same tag, so a changed version makes every app server render
afresh on its very next request. Anything sent to a logged-in editor is never
stored anywhere, and a cache outage only means pages are rendered each time.

Where the current version is read, per request, without a database query:

- with Redis (`CACHE_HOLDS_CONTENT_VERSION`), from the shared key, so a change
  through one app server shows on every other's next response;
- otherwise from a version file (`CONTENT_VERSION_FILE`, by default beside the
  SQLite database): one `os.stat` per request, and the file is read again only
  when its inode, mtime or size changed. Every process on the machine, a
  `manage.py` command included, writes the file when it bumps the version;
- otherwise (PostgreSQL without Redis or a version file) from the database.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import logging
import os
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control

from pathways.models import ContentVersion

log = logging.getLogger(__name__)

UNCACHED_PREFIXES = ("/admin/", "/static/", "/healthz")
# Search is rendered every time: its rate limit must see every request.
NOT_STORED_PREFIXES = ("/search/", "/es/buscar/")
PAGE_TTL = 24 * 3600
VERSION_KEY = "content-version"
# For a CDN in front of the app (RFC 9213): keep a page a minute, serve it
# stale for ten while fetching a fresh copy, and for a week if the app is down.
CDN_CACHE_CONTROL = "max-age=60, stale-while-revalidate=600, stale-if-error=604800"
# Headers of a stored page that belong to one response only.
PER_RESPONSE_HEADERS = {"set-cookie", "date"}


# -- The content version -----------------------------------------------------


def content_version() -> str:
    """The current version: shared Redis key, else the version file, else the database."""
    if settings.CACHE_HOLDS_CONTENT_VERSION:
        cached = cache.get(VERSION_KEY)
        if cached is not None:
            return str(cached)
        version = database_version()
        cache.add(VERSION_KEY, version, None)
        return version
    path = version_file()
    if path is not None:
        found = read_version_file(path)
        if found:
            return found
    return database_version()


def database_version() -> str:
    row = ContentVersion.objects.filter(pk=1).values_list("number", "token").first()
    return f"{row[0]}-{row[1]}" if row else "0"


def bump_content_version() -> None:
    """Call after anything a reader could see has changed."""
    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1, token=token):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 2, "token": token})
    # Every reader moves to a new version now, and again once this transaction
    # commits: a reader that rendered the old rows in between stored them
    # under the first new version, which nobody asks for after the second.
    if settings.CACHE_HOLDS_CONTENT_VERSION:
        cache.delete(VERSION_KEY)
        transaction.on_commit(lambda: cache.delete(VERSION_KEY))
        return
    path = version_file()
    if path is not None:
        write_version_file(path, uuid.uuid4().hex)
        transaction.on_commit(lambda: write_version_file(path, uuid.uuid4().hex))


# Version file: where it is, reading it with one stat, writing it atomically.

_process_files: dict[str, Path] = {}
_seen: dict[Path, tuple[tuple[int, int, int], str]] = {}
_lock = threading.Lock()


def version_file() -> Path | None:
    """The version file for this database, or None where the database is the record."""
    if settings.CONTENT_VERSION_FILE:
        return Path(settings.CONTENT_VERSION_FILE)
    connection = connections["default"]
    if connection.vendor != "sqlite":
        return None  # PostgreSQL may serve several machines: read the shared row
    name = str(connection.settings_dict["NAME"])
    if connection.creation.is_in_memory_db(name):  # type: ignore[attr-defined]
        # Only this process sees an in-memory database; a private file will do.
        if name not in _process_files:
            handle, temp = tempfile.mkstemp(prefix="pathways-version-")
            os.close(handle)
            Path(temp).unlink()
            _process_files[name] = Path(temp)
            atexit.register(lambda: Path(temp).unlink(missing_ok=True))
        return _process_files[name]
    return Path(name + ".content-version")


def read_version_file(path: Path) -> str:
    """The version in the file, reading it only when a stat says it changed."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        create_version_file(path)
        try:
            stat = path.stat()
        except OSError:
            return ""
    except OSError:
        return ""
    key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    seen = _seen.get(path)
    if seen is not None and seen[0] == key:
        return seen[1]
    try:
        version = path.read_text(encoding="ascii").strip()
    except OSError:
        return ""
    # Replaced between the stat and the read? Then this is the newer text, and
    # the next stat differs from `key`, so it is read once more: never older.
    _seen[path] = (key, version)
    return version


def _temporary(path: Path, version: str) -> Path:
    temp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    temp.write_text(version + "\n", encoding="ascii")
    return temp


def create_version_file(path: Path) -> None:
    """Create the file if it is missing; a file another process made first wins."""
    try:
        temp = _temporary(path, uuid.uuid4().hex)
    except OSError as exc:
        log.warning("content version file %s can't be created: %s", path, exc)
        return
    try:
        path.hardlink_to(temp)
    except FileExistsError:
        pass
    except OSError as exc:
        log.warning("content version file %s can't be created: %s", path, exc)
    finally:
        temp.unlink(missing_ok=True)


def write_version_file(path: Path, version: str) -> None:
    """Replace the file atomically, with an mtime later than the one it replaces."""
    with _lock:
        try:
            try:
                previous = path.stat().st_mtime_ns
            except FileNotFoundError:
                previous = 0
            temp = _temporary(path, version)
            # A coarse filesystem clock could give two writes the same mtime
            # (and a reused inode); forcing it forward keeps every stat distinct.
            stamp = max(time.time_ns(), previous + 1000)
            os.utime(temp, ns=(stamp, stamp))
            temp.replace(path)
        except OSError as exc:
            # Without the file, readers make a new one (a new version) or read
            # the database: never the old version.
            log.error("content version file %s can't be written: %s", path, exc)
            with contextlib.suppress(OSError):
                path.unlink()


# -- ETags and stored pages ----------------------------------------------------


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
