"""The public pages, crawled and checked as a reader's browser would get them."""

from __future__ import annotations

import datetime
import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pathways.models import Article, CrisisBox, Redirect, Stage, Status, Substance
from pathways.rendering import plain_text

pytestmark = pytest.mark.django_db

# Every public page makes at most this many queries (README: Performance).
MAX_QUERIES = 10


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


def test_anonymous_pages_set_no_cookie(client: Client) -> None:
    for url in ["/", "/pathway/", "/articles/naloxone/", "/search/?q=naloxone", "/glossary/"]:
        response = client.get(url)
        assert not response.cookies, url
        assert "Set-Cookie" not in response.headers


def test_article_page_shows_honest_review_status(client: Client) -> None:
    html = client.get("/articles/methadone/").content.decode()
    assert "Not yet clinically reviewed" in html
    assert "lastReviewed" not in html
    assert "Stage 3 of 8:" in html


def test_reviewed_article_names_the_reviewer_and_carries_last_reviewed(client: Client) -> None:
    from pathways.reviews import review_hash

    Article.objects.filter(slug="methadone").update(
        reviewed_by="Dana Rivera, MD",
        reviewed_on=datetime.date(2026, 12, 1),
        # A review is bound to the text it reviewed (tests/test_reviews.py).
        reviewed_hash=review_hash(Article.objects.get(slug="methadone")),
    )
    html = client.get("/articles/methadone/").content.decode()
    assert "Clinically reviewed by Dana Rivera, MD on December 1, 2026" in plain_text(html)
    found = re.search(r'application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2026-12-01"


def test_overdue_article_warns_it_may_be_out_of_date(client: Client) -> None:
    Article.objects.filter(slug="methadone").update(review_due=datetime.date(2020, 1, 1))
    assert "may be out of date" in client.get("/articles/methadone/").content.decode()
    assert "may be out of date" not in client.get("/articles/naloxone/").content.decode()


def test_article_page_has_linked_from_related_and_next(client: Client) -> None:
    html = client.get("/articles/buprenorphine/").content.decode()
    for heading in ("Linked from", "Related articles", "What comes next", "On this page"):
        assert heading in html
    assert 'href="/pathway/treatment-settings/"' in html  # the next stage


def test_pathway_substance_filter_shows_notes_in_each_stage(client: Client) -> None:
    html = client.get("/pathway/?substance=fentanyl").content.decode()
    fentanyl = Substance.objects.get(slug="fentanyl")
    assert html.count('class="substance-note"') == len(fentanyl.stage_notes)


@pytest.mark.parametrize(
    "query", ["?substance=nope", "?substance=", "?substance=%00%ff", "?substance[]=x", "?page=-1"]
)
def test_pathway_ignores_a_bad_query_string(client: Client, query: str) -> None:
    response = client.get("/pathway/" + query)
    assert response.status_code == 200
    assert 'class="substance-note"' not in response.content.decode()


def test_drafts_are_not_public(client: Client) -> None:
    article = Article.objects.get(slug="naltrexone")
    article.status = Status.DRAFT
    article.save()
    assert client.get("/articles/naltrexone/").status_code == 404
    assert "/articles/naltrexone/" not in client.get("/sitemap.xml").content.decode()
    assert "/articles/naltrexone/" not in client.get("/feed/").content.decode()
    assert "/articles/naltrexone/" not in client.get("/pathway/").content.decode()


def test_old_slug_redirects_permanently(client: Client) -> None:
    Redirect.objects.create(kind="article", old_slug="narcan", new_slug="naloxone")
    response = client.get("/articles/narcan/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/naloxone/"


def test_sitemap_lists_every_published_page(client: Client) -> None:
    xml = client.get("/sitemap.xml").content.decode()
    for item in [*Article.objects.published(), *Stage.objects.published()]:
        assert item.get_absolute_url() in xml


def test_robots_keeps_the_admin_out(client: Client) -> None:
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_feed_is_atom_with_recent_articles(client: Client) -> None:
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response.content.decode().count("<entry>") == 20


def test_pages_carry_metadata(client: Client) -> None:
    html = client.get("/articles/naloxone/").content.decode()
    summary = Article.objects.get(slug="naloxone").summary
    assert '<link rel="canonical" href="http://testserver/articles/naloxone/">' in html
    assert f'<meta name="description" content="{summary}">' in html.replace("&#x27;", "'")
    assert 'property="og:title"' in html


def test_not_found_page_keeps_the_crisis_box(client: Client) -> None:
    response = client.get("/articles/no-such-page/")
    assert response.status_code == 404
    assert 'id="crisis"' in response.content.decode()


def test_server_error_page_renders_without_a_database(
    rf: pytest.FixtureRequest, django_db_blocker: pytest.FixtureRequest
) -> None:
    from pathways.views import server_error

    with django_db_blocker.block():  # type: ignore[attr-defined]
        response = server_error(rf.get("/"))  # type: ignore[attr-defined]
    html = response.content.decode()
    assert response.status_code == 500
    for number in ("911", "988", "1-800-662-4357", "naloxone"):
        assert number in html


def test_fallback_crisis_box_matches_the_crisis_file() -> None:
    """The 500 page's copy of the crisis box says what content/crisis.md says."""
    from django.template.loader import render_to_string

    fallback = plain_text(render_to_string("includes/crisis_fallback.html"))
    box = plain_text(CrisisBox.objects.get(slug="crisis").body_html)

    def bare(text: str) -> str:  # without citation numbers or spacing
        return re.sub(r"\[\d+\]|\s|\.", "", text)

    assert bare(box) in bare(fallback)
    assert "CPR" in fallback and "1-800-662-4357" in fallback
