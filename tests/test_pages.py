"""The public pages on the small fixture site: review status, links, drafts, redirects, metadata."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.test import Client

from pathways.models import Article, Redirect, Stage, Status, Substance
from pathways.rendering import plain_text
from tests.factories import make_article

pytestmark = pytest.mark.usefixtures("small_site")


def test_anonymous_pages_set_no_cookie(client: Client) -> None:
    for url in [
        "/",
        "/pathway/",
        "/articles/medicine-basics/",
        "/search/?q=medicine",
        "/glossary/",
    ]:
        response = client.get(url)
        assert not response.cookies, url
        assert "Set-Cookie" not in response.headers


def test_article_page_shows_honest_review_status(client: Client) -> None:
    html = client.get("/articles/medicine-basics/").content.decode()
    assert "Not yet clinically reviewed" in html
    assert "lastReviewed" not in html
    assert "Stage 1 of 2:" in html


def test_reviewed_article_names_the_reviewer_and_carries_last_reviewed(client: Client) -> None:
    from pathways.reviews import review_hash

    Article.objects.filter(slug="medicine-basics").update(
        reviewed_by="Dana Rivera, MD",
        reviewed_on=datetime.date(2026, 12, 1),
        # A review is bound to the text it reviewed (tests/test_reviews.py).
        reviewed_hash=review_hash(Article.objects.get(slug="medicine-basics")),
    )
    html = client.get("/articles/medicine-basics/").content.decode()
    assert "Clinically reviewed by Dana Rivera, MD on December 1, 2026" in plain_text(html)
    found = re.search(r'application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2026-12-01"


def test_overdue_article_warns_it_may_be_out_of_date(client: Client) -> None:
    Article.objects.filter(slug="medicine-basics").update(review_due=datetime.date(2020, 1, 1))
    assert "may be out of date" in client.get("/articles/medicine-basics/").content.decode()
    assert "may be out of date" not in client.get("/articles/staying-safe/").content.decode()


def test_article_page_has_linked_from_related_and_next(client: Client) -> None:
    make_article("asking-questions", stage=Stage.objects.get(slug="first-steps"))  # related
    article = Article.objects.get(slug="medicine-basics")
    article.body += "\n## Where to learn more\n\nAsk your clinician.\n"  # a third heading: a toc
    article.save()
    html = client.get("/articles/medicine-basics/").content.decode()
    for heading in ("Linked from", "Related articles", "What comes next", "On this page"):
        assert heading in html
    assert 'href="/pathway/next-steps/"' in html  # the next stage


def test_pathway_substance_filter_shows_notes_in_each_stage(client: Client) -> None:
    html = client.get("/pathway/?substance=example-opioid").content.decode()
    drug = Substance.objects.get(slug="example-opioid")
    assert html.count('class="substance-note"') == len(drug.stage_notes)


@pytest.mark.parametrize(
    "query", ["?substance=nope", "?substance=", "?substance=%00%ff", "?substance[]=x", "?page=-1"]
)
def test_pathway_ignores_a_bad_query_string(client: Client, query: str) -> None:
    response = client.get("/pathway/" + query)
    assert response.status_code == 200
    assert 'class="substance-note"' not in response.content.decode()


def test_drafts_are_not_public(client: Client) -> None:
    article = Article.objects.get(slug="staying-safe")
    article.status = Status.DRAFT
    article.save()
    assert client.get("/articles/staying-safe/").status_code == 404
    assert "/articles/staying-safe/" not in client.get("/sitemap.xml").content.decode()
    assert "/articles/staying-safe/" not in client.get("/feed/").content.decode()
    assert "/articles/staying-safe/" not in client.get("/pathway/").content.decode()


def test_old_slug_redirects_permanently(client: Client) -> None:
    Redirect.objects.create(kind="article", old_slug="meds-basics", new_slug="medicine-basics")
    response = client.get("/articles/meds-basics/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/medicine-basics/"


def test_robots_keeps_the_admin_out(client: Client) -> None:
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_pages_carry_metadata(client: Client) -> None:
    html = client.get("/articles/medicine-basics/").content.decode()
    summary = Article.objects.get(slug="medicine-basics").summary
    assert '<link rel="canonical" href="http://testserver/articles/medicine-basics/">' in html
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
