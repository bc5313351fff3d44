"""Bad files, faults and floods: clear errors, nothing lost, the site keeps serving."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client, override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pathways import rendering
from pathways.content.format.parsing import ParsedTree, parse_markdown_file
from pathways.content.sync import load as loading
from pathways.content.sync.rows import write_item
from tests.factories import dump_database, load

pytestmark = pytest.mark.django_db


# -- One renderer -----------------------------------------------------------


@pytest.fixture
def render_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every call to the one renderer, wherever it is called from."""
    calls: list[str] = []
    real = rendering.render_markdown

    def spy(text: str, slugs: rendering.SlugMap, *args: Any, **kwargs: Any) -> rendering.Rendered:
        calls.append(text)
        return real(text, slugs, *args, **kwargs)

    monkeypatch.setattr(rendering, "render_markdown", spy)
    import pathways.publishing.render

    monkeypatch.setattr(pathways.publishing.render, "render_markdown", spy)
    return calls


def test_loader_renders_through_the_one_renderer(
    db: None, content_tree: Path, render_calls: list[str]
) -> None:
    load(content_tree)
    assert any("Medicine helps." in text for text in render_calls)


def test_admin_save_and_preview_render_through_the_one_renderer(
    client: Client, small_site: Path, render_calls: list[str]
) -> None:
    from django.contrib.auth.models import Group, User

    from pathways.models import Article

    editor = User.objects.create_user("ed", password="pw-long-enough", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))  # the preview is for editors
    client.force_login(editor)
    client.post("/admin/markdownx/markdownify/", {"content": "Preview text"})
    assert "Preview text" in render_calls
    article = Article.objects.get(slug="medicine-basics")
    article.body = "Saved text"
    article.save()  # every save publishes: the admin's, a script's
    assert "Saved text" in render_calls


# -- Fuzzing the front-matter parser ------------------------------------------


@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=600))
def test_front_matter_parser_fails_only_with_its_own_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "articles" / "fuzz.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text("---\n" + text, encoding="utf-8", errors="surrogatepass")
    tree = ParsedTree(root=tmp_path)
    item = parse_markdown_file(tree, "articles/fuzz.md", "article", "fuzz")
    if item is None:
        assert len(tree.errors) == 1
        error = tree.errors[0]
        assert error.path.endswith("articles/fuzz.md") and error.line >= 1
        assert error.message


YAML_PIECES = [
    "title: x\n",
    "summary: y\n",
    "updated: 2026-11-01\n",
    "status: published\n",
    "stage: [\n",
    "- a\n",
    "  b: c\n",
    "&a x\n",
    "*a\n",
    "!!python/name:os.system\n",
    "featured: maybe\n",
    "sources:\n",
    "- url: https://nida.nih.gov/x\n",
    ": :\n",
    "'\n",
    '"\n',
    "\t\n",
    "---\n",
    "\n",
    "body [[link]]\n",
    "{a: [b, {c: d}]}\n",
]


@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=25))
def test_front_matter_parser_handles_yaml_soup(tmp_path: Path, pieces: list[str]) -> None:
    path = tmp_path / "articles" / "soup.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text("---\n" + "".join(pieces) + "---\n\nBody.\n", encoding="utf-8")
    tree = ParsedTree(root=tmp_path)
    item = parse_markdown_file(tree, "articles/soup.md", "article", "soup")
    assert (item is None) == bool(tree.errors)
    for error in tree.errors:
        assert error.line >= 1 and error.message


# -- Malformed files ----------------------------------------------------------


def place(root: Path, name: str, data: bytes) -> Path:
    path = root / "articles" / name
    path.write_bytes(data)
    return path


MALFORMED = {
    "truncated.md": b"---\ntitle: Cut off\nsummary: 'never closed\n",
    "binary.md": bytes(range(256)) * 4,
    "bomb.md": (
        b"---\ntitle: x\nsummary: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        b"also_called: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"updated: 2026-11-01\nstatus: published\n---\n\nBody.\n"
    ),
    "object.md": b"---\ntitle: !!python/object/apply:os.system ['true']\n---\n\nBody.\n",
    "nested.md": b"---\ntitle: x\nsummary: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n\nBody.\n",
    "dupes.md": b"---\ntitle: a\ntitle: b\n---\n\nBody.\n",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_file_is_a_clear_error_and_changes_nothing(
    db: None, content_tree: Path, name: str
) -> None:
    load(content_tree)
    before = dump_database()
    path = place(content_tree, name, MALFORMED[name])
    report = load(content_tree)
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"{path}:")
    assert dump_database() == before


def test_a_ten_megabyte_file_is_refused_quickly(db: None, content_tree: Path) -> None:
    path = place(content_tree, "huge.md", b"---\ntitle: x\n---\n\n" + b"a" * 10_000_000)
    report = load(content_tree)
    assert [str(e) for e in report.errors] == [f"{path}:1: file is larger than 1 MB"]


def test_link_cycles_load(db: None, content_tree: Path) -> None:
    """Articles that link to each other (a -> b -> a) are normal and must load."""
    report = load(content_tree)  # medicine-basics <-> staying-safe link both ways
    assert report.errors == []
    for name, target in (("cycle-a.md", "cycle-b"), ("cycle-b.md", "cycle-a")):
        place(
            content_tree,
            name,
            (
                f"---\ntitle: {name}\nlink_text: {name}\nsummary: s\n"
                "updated: 2026-11-01\nstatus: draft\n---\n\n"
                f"See [[{target}]] and [[{name[:-3]}]].\n"
            ).encode(),
        )
    report = load(content_tree)
    assert report.errors == [] and len(report.created) == 2


# -- Faults ------------------------------------------------------------------


def test_a_load_that_fails_part_way_leaves_the_database_as_it_was(
    db: None, content_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(content_tree)
    before = dump_database()
    for path in (content_tree / "articles").glob("*.md"):
        path.write_text(path.read_text().replace("summary: ", "summary: Changed. ", 1))
    real_write = write_item
    calls = {"n": 0}

    def failing_write(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        real_write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "write_item", failing_write)
    with pytest.raises(RuntimeError):
        load(content_tree)
    assert calls["n"] == 2
    assert dump_database() == before


def production_env(static_root: Path, **env: str) -> dict[str, str]:
    """Production settings for an app process of a test's own.

    No Redis: with one, pages already stored would still be served while the
    database is down, and these tests are about the database.
    """
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(
        DJANGO_SETTINGS_MODULE="pathways.settings",
        DEBUG="false",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=str(static_root),
        **env,
    )
    return environment


def run_client_script(script: str, static_root: Path, **env: str) -> str:
    """Run requests through Django's test client in a fresh process with these settings."""
    environment = production_env(static_root, **env)
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n" + script
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_unreachable_database_gets_the_friendly_500_and_healthz_says_so(
    tmp_path: Path, content_tree: Path
) -> None:
    # The 500 page's crisis box is rendered from the files, with the blocks it
    # includes, as content/crisis.md includes the overdose steps.
    (content_tree / "blocks").mkdir()
    (content_tree / "blocks" / "overdose-steps.md").write_text(
        "---\ntitle: Overdose steps\nupdated: 2026-11-01\nstatus: published\n---\n\n"
        "Call 911. Give naloxone.\n",
        encoding="utf-8",
    )
    crisis = content_tree / "crisis.md"
    crisis.write_text(crisis.read_text() + "\n{{include overdose-steps}}\n", encoding="utf-8")
    out = run_client_script(
        "r = c.get('/', secure=True)\n"
        "print(r.status_code)\n"
        "html = r.content.decode()\n"
        "print('1-800-662-4357' in html, 'Give naloxone.' in html)\n"
        "print('/static/pathways/site.' in html)\n"
        "h = c.get('/healthz')\n"
        "print(h.status_code, h.json()['database'])\n",
        tmp_path / "static",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/none",  # a closed port
        SECURE_SSL_REDIRECT="false",
        CONTENT_DIR=str(content_tree),
    )
    assert out.split() == ["500", "True", "True", "True", "503", "unavailable"]


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "pathways.redis_cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # a closed port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
)
def test_unreachable_redis_serves_pages_uncached(client: Client, small_site: Path) -> None:
    for url in ("/", "/pathway/", "/articles/medicine-basics/", "/search/?q=medicine"):
        assert client.get(url).status_code == 200, url
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    caches["default"].close()


def test_health_checks_use_short_connect_timeouts() -> None:
    from pathways import settings as production

    database = production.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        assert database["OPTIONS"]["connect_timeout"] <= 5
    else:
        assert database["OPTIONS"]["timeout"] <= 30
    source = Path(production.__file__).read_text()
    assert '"socket_connect_timeout": 1' in source
    assert '"socket_timeout": 1' in source


def test_healthz_is_ok_when_everything_is_reachable(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(SEARCH_RATE_LIMIT=20)
def test_a_search_flood_gets_429s_never_a_5xx_and_other_pages_keep_serving(
    client: Client, small_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    from pathways import ratelimit

    # One minute's window throughout: a slow machine must not let the flood
    # cross into the next window and get a second allowance.
    now = time.time()
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: now))
    cache.clear()
    codes = [client.get("/search/", {"q": f"medicine {i}"}).status_code for i in range(120)]
    assert set(codes) == {200, 429}
    assert codes.count(200) == 20
    for url in ("/", "/pathway/", "/articles/medicine-basics/"):
        assert client.get(url).status_code == 200


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs the shared PostgreSQL (make test runs it in that pass)",
)
def test_the_site_serves_again_once_the_database_is_back(tmp_path: Path) -> None:
    """The database is reached through a relay this test opens and closes; the
    app process is never restarted."""
    import socket
    import threading

    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "pathways_faults" WITH (FORCE)')
        conn.execute('CREATE DATABASE "pathways_faults"')
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # closed for now: the database is "down"

    def relay(stop: threading.Event, sock: socket.socket) -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                client, _ = sock.accept()
            except TimeoutError:
                continue
            upstream = socket.create_connection(("127.0.0.1", 5432))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=pipe, args=(a, b), daemon=True).start()

    def pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            target.close()

    environment = production_env(
        tmp_path / "static",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/pathways_faults",
    )
    migrate_env = {**environment, "DATABASE_URL": f"{server}/pathways_faults"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=settings.BASE_DIR,
        env=migrate_env,
        check=True,
        capture_output=True,
    )
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n"
        "for _ in range(2):\n"
        "    print(c.get('/about/').status_code, c.get('/healthz').status_code, flush=True)\n"
        "    input()\n"
    )
    app = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert app.stdout is not None and app.stdin is not None
    stop = threading.Event()
    try:
        assert app.stdout.readline().split() == ["500", "503"]  # database down
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen()
        threading.Thread(target=relay, args=(stop, sock), daemon=True).start()
        app.stdin.write("\n")
        app.stdin.flush()
        assert app.stdout.readline().split() == ["200", "200"]  # back, same process
        app.stdin.write("\n")
        app.stdin.flush()
        app.wait(timeout=30)
    finally:
        stop.set()
        app.kill()
