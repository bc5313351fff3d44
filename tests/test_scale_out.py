"""Two gunicorn instances sharing the machine's PostgreSQL and Redis: an admin
edit made through one is on the other's very next response."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.htmlcheck import form_values

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    or not os.environ.get("REDIS_URL"),
    reason="needs the shared PostgreSQL and Redis (make test runs it in that pass)",
)

SERVER = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[0]
DATABASE = "pathways_scale_out"
# The servers read their own database, loaded from the small tree: the test is
# about the edit reaching the other server, not about the corpus.
SMALL_TREE = Path(settings.BASE_DIR) / "tests" / "content" / "valid"
ARTICLE = "/articles/medicine-basics/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    static = tmp_path_factory.mktemp("static")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY="scale-out-test-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        DATABASE_URL=f"{SERVER}/{DATABASE}",
        REDIS_URL=os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/14",
        STATIC_ROOT=str(static),
        CONTENT_DIR=str(SMALL_TREE),
        DJANGO_SUPERUSER_PASSWORD="a long passphrase for the test",
    )
    manage = [sys.executable, "manage.py"]
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_content", str(SMALL_TREE)],
        ["collectstatic", "--noinput", "-v0"],
        ["createsuperuser", "--noinput", "--username", "editor", "--email", "editor@example.org"],
    ):
        subprocess.run(
            [*manage, *args], cwd=settings.BASE_DIR, env=env, check=True, capture_output=True
        )
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
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
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 30
            while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def test_an_admin_edit_through_one_server_shows_on_the_other(servers: tuple[str, str]) -> None:
    first, second = servers
    before = urllib.request.urlopen(second + ARTICLE).read().decode()
    assert "Edited through the first server" not in before
    # The second server has now stored the page; the edit must still reach it.

    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = browser.open(f"{first}/admin/login/").read().decode()
    token = dict(form_values(login, "login-form"))["csrfmiddlewaretoken"]
    browser.open(
        f"{first}/admin/login/?next=/admin/",
        urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": "editor",
                "password": "a long passphrase for the test",
                "next": "/admin/",
            }
        ).encode(),
    )
    changelist = browser.open(f"{first}/admin/pathways/article/?q=medicine").read().decode()
    found = re.search(
        r'href="(/admin/pathways/article/\d+/change/)[^"]*">Medicine basics', changelist
    )
    assert found is not None
    path = found.group(1)
    page = browser.open(first + path).read().decode()
    values = [(k, v) for k, v in form_values(page, "article_form") if k != "body"]
    values.append(("body", "## Edited through the first server\n\nNew text.\n"))
    values.append(("_save", "Save"))
    result = browser.open(first + path, urllib.parse.urlencode(values).encode())
    assert result.url.endswith("/admin/pathways/article/"), result.read().decode()[:2000]

    after = urllib.request.urlopen(second + ARTICLE).read().decode()
    assert "Edited through the first server" in after
