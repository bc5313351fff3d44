"""Budgets on the real content: queries per page (also with 1,000 more articles) and page weight."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pathways.content_version import bump_content_version
from pathways.models import Article, Link, Source, Stage, Substance
from tests.budgets import MAX_PAGE_BYTES, MAX_QUERIES

pytestmark = pytest.mark.usefixtures("corpus")

PUBLIC_PAGES = [
    "/",
    "/pathway/",
    "/pathway/?substance=heroin",
    "/pathway/stabilization/",
    "/articles/naloxone/",
    "/articles/buprenorphine/",
    "/substances/heroin/",
    "/glossary/",
    "/search/?q=naloxone",
    "/search/?q=zzzqqq",
    "/about/",
    "/sitemap.xml",
    "/feed/",
]


@pytest.fixture
def thousand_more_articles() -> None:
    """1,000 more published articles, each linking to naloxone, with sources and drugs."""
    rng = random.Random(7)
    stages = list(Stage.objects.all())
    substances = list(Substance.objects.all())
    template = Article.objects.get(slug="naloxone")
    # Rows copied from a rendered one: the plain QuerySet's bulk_create, past the
    # content models' refusal, because these need no publishing to be measured.
    articles = QuerySet.bulk_create(
        Article.objects.all(),
        (
            Article(
                slug=f"extra-{n:04d}",
                title=f"Extra article {n}",
                summary="A generated article for query budgets.",
                body=template.body,
                body_html=template.body_html,
                toc_html=template.toc_html,
                stage=rng.choice(stages),
                updated=template.updated,
                review_due=template.review_due,
            )
            for n in range(1000)
        ),
    )
    through = Article.substances.through
    through.objects.bulk_create(
        through(article_id=a.pk, substance_id=rng.choice(substances).pk) for a in articles
    )
    content_type = ContentType.objects.get_for_model(Article)
    QuerySet.bulk_create(
        Source.objects.all(),
        (
            Source(
                content_type=content_type,
                object_id=a.pk,
                position=i,
                title="TIP 63",
                publisher="SAMHSA",
                url="https://www.ncbi.nlm.nih.gov/books/NBK535275/",
            )
            for a in articles
            for i in range(3)
        ),
    )
    Link.objects.bulk_create(
        Link(
            source_kind="article", source_slug=a.slug, source_title=a.title, target_slug="naloxone"
        )
        for a in articles
    )
    bump_content_version()


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_query_count_is_fixed_with_the_real_corpus(client: Client, url: str) -> None:
    assert queries_for(client, url) <= MAX_QUERIES


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/articles/extra-0001/"])
def test_query_count_is_the_same_with_a_thousand_more_articles(
    client: Client, thousand_more_articles: None, url: str
) -> None:
    assert queries_for(client, url) <= MAX_QUERIES


def test_heaviest_article_page_is_under_60_kb_with_its_css_and_js(client: Client) -> None:
    static = Path(settings.BASE_DIR) / "static"
    css = sum(p.stat().st_size for p in static.rglob("*.css") if "admin" not in p.name)
    js = sum(p.stat().st_size for p in static.rglob("*.js"))
    heaviest = max(
        len(client.get(a.get_absolute_url()).content) for a in Article.objects.published()
    )
    assert heaviest + css + js <= MAX_PAGE_BYTES, (heaviest, css, js)


def test_public_pages_need_no_javascript(client: Client) -> None:
    # The one script registers the offline-reading service worker: an extra.
    register = '<script src="/static/pathways/sw-register.js" defer></script>'
    for url in PUBLIC_PAGES:
        html = client.get(url).content.decode()
        assert "<script src" not in html.replace(register, ""), url
