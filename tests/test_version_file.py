"""The stored-page check costs no query, and a change from any process shows at once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from pathways import content_version

pytestmark = pytest.mark.django_db
SMALL_TREE = Path(settings.BASE_DIR) / "tests" / "content" / "valid"


@pytest.fixture(autouse=True)
def pages(small_site: Path) -> None:
    """The small tree: a home page with its crisis box and stages, and an article."""


STORED_PAGES = ["/", "/pathway/", "/articles/medicine-basics/", "/glossary/", "/sw.js", "/offline/"]


@pytest.mark.parametrize("url", STORED_PAGES)
def test_a_stored_page_costs_no_query(
    client: Client, url: str, django_assert_num_queries: object
) -> None:
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):  # type: ignore[operator]
        again = client.get(url)
    assert again.content == first.content
    assert sorted(again.items()) == sorted(first.items())  # the same headers, too


def test_a_304_costs_no_query(client: Client, django_assert_num_queries: object) -> None:
    etag = client.get("/").headers["ETag"]
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert client.get("/", headers={"If-None-Match": etag}).status_code == 304


def test_public_html_tells_a_cdn_to_serve_stale_when_the_app_is_down(client: Client) -> None:
    response = client.get("/articles/medicine-basics/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    cdn = response["CDN-Cache-Control"]
    assert "stale-while-revalidate=" in cdn and "stale-if-error=" in cdn


def test_version_file_is_read_only_when_its_stat_changes(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3.content-version"
    first = content_version.read_version_file(path)  # created on first read
    assert first and content_version.read_version_file(path) == first
    for _ in range(50):  # writes in quick succession are all seen
        content_version.write_version_file(path, "next")
        assert content_version.read_version_file(path) == "next"
        content_version.write_version_file(path, "after")
        assert content_version.read_version_file(path) == "after"


def test_a_lost_version_file_never_brings_back_an_old_version(tmp_path: Path) -> None:
    path = tmp_path / "v"
    content_version.write_version_file(path, "one")
    assert content_version.read_version_file(path) == "one"
    path.unlink()
    assert content_version.read_version_file(path) not in ("", "one")


def test_bump_moves_every_reader_to_a_new_version(client: Client) -> None:
    before = content_version.content_version()
    content_version.bump_content_version()
    assert content_version.content_version() != before


# -- Another process ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def redis_reachable() -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.parametrize("shared", ["version file", "redis"])
def test_a_change_from_another_process_shows_on_the_next_response(
    tmp_path: Path, shared: str
) -> None:
    """gunicorn (2 workers, fast path on) on SQLite; a manage.py shell edits; next GET shows it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.pop("REDIS_URL", None)
    if shared == "redis":
        if not redis_reachable():
            pytest.skip("needs Redis on 127.0.0.1:6379")
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/13").flushdb()
        env["REDIS_URL"] = "redis://127.0.0.1:6379/13"
    env.update(
        DEBUG="false",
        SECRET_KEY="version-file-test-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        CONTENT_DIR=str(SMALL_TREE),
    )
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [*manage, *args], cwd=settings.BASE_DIR, env=env, check=True, capture_output=True
        )
    # A small tree is enough: the test is about the version, not the corpus.
    subprocess.run(
        [*manage, "load_content", str(SMALL_TREE)],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "pathways.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        url = f"http://127.0.0.1:{port}/articles/staying-safe/"
        for _ in range(6):  # both workers have stored the page
            assert b"Edited from a shell" not in urllib.request.urlopen(url).read()
        edit = (
            "from pathways.models import Article\n"
            "from pathways.content_version import bump_content_version\n"
            "from django.db import transaction\n"
            "with transaction.atomic():\n"
            "    Article.objects.filter(slug='staying-safe').update("
            "body_html='<p>Edited from a shell.</p>')\n"
            "    bump_content_version()\n"
        )
        subprocess.run(
            [*manage, "shell", "-c", edit],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
        )
        for _ in range(6):  # whichever worker answers
            assert b"Edited from a shell" in urllib.request.urlopen(url).read()
    finally:
        server.terminate()
        server.wait(timeout=30)
