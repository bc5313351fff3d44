"""A WSGI fast path for stored public pages, in front of Django.

Once Django has served a public page (200, an ETag for the current version,
`Cache-Control: no-cache`, no cookie either way), this process keeps the exact
status, headers and body it sent. The next plain GET for the same scheme, host
and address gets those bytes straight back: no request object, no middleware,
no signals. The check that the copy is current is the same as everywhere else
(`page_etag()`: a stat of the version file, or the shared Redis key), made on
every request, so a change shows on the very next response. Anything else
(a cookie, a conditional request, HEAD, POST, the admin, search, static files)
goes to Django unchanged, and the headers are the ones Django produced, so a
fast answer is byte for byte the slow one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from pathways.content_version import version_file
from pathways.page_cache import NOT_STORED_PREFIXES, UNCACHED_PREFIXES, LocalPages, page_etag

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
SKIPPED = (*UNCACHED_PREFIXES, *NOT_STORED_PREFIXES)


class StoredPageApp:
    def __init__(self, app: WSGIApp, max_bytes: int = 16 * 1024 * 1024) -> None:
        self.app = app
        self.pages = LocalPages(max_bytes)
        proxy = settings.SECURE_PROXY_SSL_HEADER
        self.proxy_header = proxy[0] if proxy else ""

    def key(self, environ: dict[str, Any]) -> str | None:
        """The address this request asks for, or None when it must go to Django."""
        try:
            return self.address(environ)
        except Exception:  # e.g. Redis and the database both away: Django decides
            return None

    def address(self, environ: dict[str, Any]) -> str | None:
        if not (settings.CACHE_HOLDS_CONTENT_VERSION or version_file() is not None):
            return None  # the version would cost a query outside Django's request
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("HTTP_COOKIE")
            or environ.get("HTTP_IF_NONE_MATCH")
            or environ.get("HTTP_IF_MODIFIED_SINCE")
            or "HTTP_HOST" not in environ
        ):
            return None
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/") or path.startswith(SKIPPED):
            return None
        scheme = environ.get("wsgi.url_scheme", "")
        if self.proxy_header:
            scheme += "+" + str(environ.get(self.proxy_header, ""))
        return (
            f"{page_etag()} {scheme} {environ['HTTP_HOST']} {environ.get('SCRIPT_NAME', '')}"
            f"{path}?{environ.get('QUERY_STRING', '')}"
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        key = self.key(environ)
        if key is None:
            return self.app(environ, start_response)
        page = self.pages.get(key)
        if page is not None:
            start_response("200 OK", page[1])
            return [page[0]]
        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured[:] = [status, headers]
            if exc_info is not None:
                return start_response(status, headers, exc_info)
            return start_response(status, headers)

        result = self.app(environ, capture)
        if not captured or not self.keepable(key, captured[0], captured[1], result):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        self.pages.set(key, (body, list(captured[1])))
        return [body]

    @staticmethod
    def keepable(key: str, status: str, headers: list[tuple[str, str]], result: Any) -> bool:
        if status != "200 OK" or getattr(result, "streaming", True):
            return False
        found = {name.lower(): value for name, value in headers}
        return (
            found.get("etag", "") == key.split(" ", 1)[0]
            and found.get("cache-control") == "no-cache"
            and "set-cookie" not in found
            and found.get("vary", "cookie").lower() == "cookie"
            and "nonce-" not in found.get("content-security-policy", "")
        )
