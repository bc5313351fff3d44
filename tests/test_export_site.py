"""`export_site DIR`: every exported file is byte for byte what the live site serves."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from tests.factories import make_crisis_pages

pytestmark = pytest.mark.django_db
SITE = "https://pathway.example.org"
ARTICLE = "/articles/medicine-basics/"


@pytest.fixture(autouse=True)
def pages(small_site: Path) -> None:
    """The small tree, and the crisis pages the mirror's worker keeps from the start."""
    make_crisis_pages()


def path_for(root: Path, file: Path) -> str:
    """The address a file answers for on a static host."""
    relative = file.relative_to(root).as_posix()
    if relative == "404.html":
        return "/404.html"
    if relative.endswith("index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    root = tmp_path / "mirror"
    with override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["pathway.example.org"]):
        call_command("export_site", str(root))
    return root


def live() -> Client:
    return Client(HTTP_HOST="pathway.example.org")


@override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["pathway.example.org"])
def test_every_exported_page_is_what_the_live_site_serves(exported: Path) -> None:
    client = live()
    files = [f for f in exported.rglob("*") if f.is_file() and "static" not in f.parts]
    compared = 0
    for file in files:
        path = path_for(exported, file)
        if file.name.startswith("_") or path == "/search/":
            continue  # host configuration, and the mirror's own search notice
        response = client.get(path, secure=True)
        expected = 404 if path == "/404.html" else 200
        assert response.status_code == expected, path
        assert response.content == file.read_bytes(), path
        compared += 1
    assert compared >= 8


@override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["pathway.example.org"])
def test_the_export_has_every_public_page_and_the_site_files(exported: Path) -> None:
    from pathways.models import Article, Stage, Substance

    for model in (Article, Stage, Substance):
        for item in model.objects.published():
            assert (exported / item.get_absolute_url().lstrip("/") / "index.html").exists()
    for name in ("index.html", "pathway/index.html", "glossary/index.html", "about/index.html"):
        assert (exported / name).exists(), name
    for name in ("sitemap.xml", "robots.txt", "feed/index.html", "404.html", "sw.js"):
        assert (exported / name).exists(), name
    assert (exported / "offline/index.html").exists()
    assert (exported / "static/pathways/site.css").exists()
    assert not (exported / "admin").exists()
    notice = (exported / "search/index.html").read_text()
    assert "Search isn't available" in notice and 'href="tel:988"' in notice


@override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["pathway.example.org"])
def test_absolute_addresses_come_from_site_url(exported: Path) -> None:
    home = (exported / ARTICLE.lstrip("/") / "index.html").read_text()
    assert f'<link rel="canonical" href="{SITE}{ARTICLE}">' in home
    assert f'<meta property="og:url" content="{SITE}{ARTICLE}">' in home
    sitemap = (exported / "sitemap.xml").read_text()
    assert f"<loc>{SITE}{ARTICLE}</loc>" in sitemap
    assert "testserver" not in sitemap and "testserver" not in home
    # The live site says the same whatever host a request names.
    with override_settings(ALLOWED_HOSTS=["pathway.example.org", "internal.example"]):
        other = Client(HTTP_HOST="internal.example").get(ARTICLE).content.decode()
    assert f'<link rel="canonical" href="{SITE}{ARTICLE}">' in other


def test_export_needs_a_site_url(tmp_path: Path) -> None:
    with override_settings(SITE_URL=""), pytest.raises(CommandError, match="SITE_URL"):
        call_command("export_site", str(tmp_path / "mirror"))


def test_re_export_replaces_the_mirror_whole(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    with override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["pathway.example.org"]):
        call_command("export_site", str(root))
        (root / "stale.html").write_text("left over")
        call_command("export_site", str(root))
    assert not (root / "stale.html").exists()
    assert (root / "index.html").exists()
