"""The real site, crawled from the home page as a reader's browser would get it."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pathways.models import Article, CrisisBox, Stage, Substance
from pathways.rendering import plain_text
from tests.budgets import MAX_QUERIES

pytestmark = pytest.mark.usefixtures("corpus")


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.h1 = 0
        self.crisis = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "h1":
            self.h1 += 1
        if values.get("id") == "crisis" and tag == "aside":
            self.crisis = True


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def is_internal_page(href: str) -> bool:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    return not parts.path.startswith(
        ("/admin/", "/static/", "/feed/", "/es/novedades/", "/sitemap.xml")
    )


def test_crawl_from_home_checks_every_page(client: Client) -> None:
    seen: dict[str, PageParser] = {}
    fragments: list[tuple[str, str, str]] = []  # (from page, target page, fragment)
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(queries) <= MAX_QUERIES, (url, len(queries))
        page = parse(response.content.decode())
        seen[url] = page
        assert page.h1 == 1, url
        assert page.crisis, url
        for href in page.links:
            target, fragment = urldefrag(href)
            if not target:
                target = url
            if not is_internal_page(target) and target != url:
                continue
            if fragment:
                fragments.append((url, target, fragment))
            if target not in seen:
                queue.append(target)
    for source, target, fragment in fragments:
        if target in seen:
            assert fragment in seen[target].ids, f"{source} links to missing {target}#{fragment}"
    published = (
        Article.objects.published().count()
        + Stage.objects.published().count()
        + Substance.objects.published().count()
    )
    assert len(seen) >= published


def test_sitemap_lists_every_published_page(client: Client) -> None:
    xml = client.get("/sitemap.xml").content.decode()
    for item in [*Article.objects.published(), *Stage.objects.published()]:
        assert item.get_absolute_url() in xml


def test_feed_is_atom_with_the_twenty_newest_articles(client: Client) -> None:
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response.content.decode().count("<entry>") == 20


def test_fallback_crisis_box_matches_the_crisis_file() -> None:
    """The 500 page's copy of the crisis box says what content/crisis.md says."""
    from django.template.loader import render_to_string

    fallback = plain_text(render_to_string("includes/crisis_fallback.html"))
    box = plain_text(CrisisBox.objects.get(slug="crisis").body_html)

    def bare(text: str) -> str:  # without citation numbers or spacing
        return re.sub(r"\[\d+\]|\s|\.", "", text)

    assert bare(box) in bare(fallback)
    assert "CPR" in fallback and "1-800-662-4357" in fallback
