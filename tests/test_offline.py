"""Offline reading: the manifest, the offline page and the service worker's rules."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from pathways.content_version import bump_content_version
from pathways.offline import CRISIS_PAGES
from pathways.page_cache import page_etag
from tests.factories import make_crisis_pages

pytestmark = pytest.mark.django_db
STATIC = Path(settings.BASE_DIR) / "static" / "pathways"
ARTICLE = "/articles/medicine-basics/"
CRISIS = f"/articles/{CRISIS_PAGES[-1]}/"  # precached, never opened


@pytest.fixture(autouse=True)
def pages(small_site: Path) -> None:
    """The small tree, and the crisis pages the worker keeps from the first visit."""
    make_crisis_pages()


def test_every_page_links_the_manifest_icons_and_the_worker(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'rel="manifest"' in html and 'rel="icon"' in html and 'rel="apple-touch-icon"' in html
    assert 'src="/static/pathways/sw-register.js" defer' in html
    manifest = json.loads((STATIC / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert (STATIC / icon["src"]).exists()
    assert client.get("/favicon.ico").status_code == 302


def test_csp_allows_the_worker_and_manifest_from_this_site_only(client: Client) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_offline_page_has_the_help_numbers_as_links(client: Client) -> None:
    html = client.get("/offline/").content.decode()
    for number in ("tel:911", "tel:988", "tel:18006624357"):
        assert f'href="{number}"' in html


def worker(client: Client) -> tuple[Any, str]:
    response = client.get("/sw.js")
    assert response.status_code == 200
    return response, response.content.decode()


def test_worker_is_served_from_the_root_with_page_caching(client: Client) -> None:
    response, _ = worker(client)
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache" and response.has_header("ETag")
    assert len(response.content) < 5000  # small


def test_worker_precaches_the_crisis_pages_the_pathway_and_the_offline_page(
    client: Client,
) -> None:
    _, script = worker(client)
    line = next(x for x in script.splitlines() if x.startswith("var PRECACHE = "))
    precache = json.loads(line.removeprefix("var PRECACHE = ").rstrip(";"))
    crisis = [f"/articles/{slug}/" for slug in CRISIS_PAGES]
    for path in ("/", "/pathway/", *crisis, "/offline/", "/static/pathways/site.css"):
        assert path in precache
    for path in precache:  # every one of them exists
        assert client.get(path).status_code == 200, path


def test_worker_version_changes_with_the_content(client: Client) -> None:
    _, script = worker(client)
    assert f'var VERSION = "{page_etag().strip(chr(34))}";' in script
    bump_content_version()
    _, after = worker(client)
    assert after.splitlines()[0] != script.splitlines()[0]


# -- The worker's rules, run in Node against a fake browser -------------------

HARNESS = Path(__file__).with_name("sw_harness.js")


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the worker")
def test_worker_rules(client: Client, tmp_path: Path) -> None:
    _, script = worker(client)
    (tmp_path / "sw.js").write_text(script)
    replies = {
        "/articles/private/": {"headers": {"etag": '"x"', "cache-control": "private, no-store"}},
        "/articles/no-etag/": {"headers": {"cache-control": "no-cache"}},
        "/articles/moved/": {"headers": {"etag": '"x"'}, "extra": {"redirected": True}},
        "/articles/missing/": {"headers": {"etag": '"x"'}, "extra": {"ok": False}},
    }
    visits = [
        ARTICLE,
        "/search/?q=medicine",
        "/admin/",
        "/articles/private/",
        "/articles/no-etag/",
        "/articles/moved/",
        "/articles/missing/",
    ]
    offline = [ARTICLE, CRISIS, "/articles/never-opened/", "/search/?q=medicine", "/admin/"]
    out = subprocess.run(
        [
            "node",
            str(HARNESS),
            str(tmp_path / "sw.js"),
            json.dumps(replies),
            json.dumps(visits),
            json.dumps(offline),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    result = json.loads(out)
    core = dict(result["precached"])
    assert any(name.startswith("pathways-core-") for name in core)
    # Only the public page the reader opened is kept: nothing from search, the
    # admin, a logged-in (private, no-store) response, a redirect or an error.
    assert result["kept"] == [ARTICLE]
    assert result["offline"] == {
        ARTICLE: ARTICLE,
        CRISIS: CRISIS,
        "/articles/never-opened/": "/offline/",
        "/search/?q=medicine": "/offline/",
        "/admin/": "not handled",
    }
