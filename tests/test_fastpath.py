"""The WSGI fast path answers a stored page with exactly what Django sent."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from pathways.content_version import bump_content_version
from pathways.fastpath import StoredPageApp

pytestmark = pytest.mark.django_db
ARTICLE = "/articles/medicine-basics/"


@pytest.fixture(autouse=True)
def pages(small_site: Path) -> Iterator[None]:
    # As Django's test client does: the test's transaction keeps its connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(app: Any, path: str, **extra: str) -> tuple[str, list[tuple[str, str]], bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **extra,
    }
    seen: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen[:] = [status, headers]

    result = app(environ, start_response)
    body = b"".join(result)
    getattr(result, "close", lambda: None)()
    return seen[0], seen[1], body


class Counting:
    def __init__(self) -> None:
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.django(environ, start_response)


def test_second_request_is_answered_without_django_and_identically() -> None:
    inner = Counting()
    app = StoredPageApp(inner)
    first = call(app, ARTICLE)
    second = call(app, ARTICLE)
    assert inner.calls == 1
    assert second == first
    assert first[0] == "200 OK"
    names = {name for name, _ in first[1]}
    assert {"Content-Security-Policy", "ETag", "X-Frame-Options", "Permissions-Policy"} <= names


def test_a_content_change_reaches_the_next_request() -> None:
    inner = Counting()
    app = StoredPageApp(inner)
    call(app, ARTICLE)
    bump_content_version()
    call(app, ARTICLE)
    assert inner.calls == 2


@pytest.mark.parametrize(
    "path,extra",
    [
        (ARTICLE, {"HTTP_COOKIE": "sessionid=abc"}),
        (ARTICLE, {"REQUEST_METHOD": "HEAD"}),
        ("/search/", {"QUERY_STRING": "q=medicine"}),
        ("/admin/login/", {}),
        ("/articles/no-such-page/", {}),
    ],
)
def test_everything_else_goes_to_django_every_time(path: str, extra: dict[str, str]) -> None:
    inner = Counting()
    app = StoredPageApp(inner)
    call(app, path, **extra)
    call(app, path, **extra)
    assert inner.calls == 2


def test_scheme_host_and_query_are_part_of_the_address() -> None:
    inner = Counting()
    app = StoredPageApp(inner)
    call(app, "/pathway/")
    call(app, "/pathway/", QUERY_STRING="substance=example-opioid")
    call(app, "/pathway/", HTTP_HOST="localhost")
    call(app, "/pathway/", HTTP_X_FORWARDED_PROTO="https")
    assert inner.calls == 4
