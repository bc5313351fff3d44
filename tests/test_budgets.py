"""Budgets that don't depend on the machine: queries per page, page weight, HTTP caching."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pathways.content_version import bump_content_version
from pathways.models import Article, Link, Source, Stage, Substance
from tests.test_pages import MAX_QUERIES

pytestmark = pytest.mark.django_db

MAX_PAGE_BYTES = 60_000
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


def test_html_is_revalidated_with_an_etag_and_gets_304s(client: Client) -> None:
    response = client.get("/articles/naloxone/")
    etag = response["ETag"]
    assert response["Cache-Control"] == "no-cache"
    again = client.get("/articles/naloxone/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_etag_changes_when_content_changes(client: Client) -> None:
    etag = client.get("/").headers["ETag"]
    bump_content_version()
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 200


def test_etag_changes_with_the_date_and_the_release(
    client: Client, settings: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime

    from django.utils import timezone

    etag = client.get("/").headers["ETag"]
    settings.RELEASE = "next"  # type: ignore[attr-defined]
    after_release = client.get("/").headers["ETag"]
    assert after_release != etag
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)
    assert client.get("/").headers["ETag"] != after_release


def test_responses_to_staff_are_never_cached(client: Client) -> None:
    client.force_login(User.objects.create_user("ed", password="pw-long-enough", is_staff=True))
    response = client.get("/articles/naloxone/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not response.has_header("ETag")
    admin = client.get("/admin/")
    assert "no-store" in admin["Cache-Control"] or "private" in admin["Cache-Control"]


def test_admin_save_changes_the_etag_at_once(client: Client) -> None:
    etag = client.get("/articles/naloxone/").headers["ETag"]
    article = Article.objects.get(slug="naloxone")
    article.body += "\nOne more line.\n"
    article.save()
    assert client.get("/articles/naloxone/", headers={"If-None-Match": etag}).status_code == 200


def test_static_files_have_hashed_names_and_long_lifetimes(tmp_path: Path) -> None:
    from tests.test_faults import run_client_script

    out = run_client_script(
        "import re\n"
        "html = c.get('/about/', secure=True).content.decode()\n"
        "found = re.search(r'href=\"(/static/pathways/site\\.[0-9a-f]{12}\\.css)\"', html)\n"
        "href = found.group(1)\n"
        "r = c.get(href, secure=True)\n"
        "print(r.status_code, r.headers['Cache-Control'])\n",
        tmp_path / "static",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    status, cache_control = out.strip().split(" ", 1)
    assert status == "200"
    assert "max-age=315360000" in cache_control and "immutable" in cache_control


def test_stored_pages_go_stale_at_once_when_content_changes(client: Client) -> None:
    first = client.get("/articles/naloxone/").content
    assert client.get("/articles/naloxone/").content == first  # served from the page store
    article = Article.objects.get(slug="naloxone")
    article.body += "\nA sentence added by an editor.\n"
    article.save()
    assert b"A sentence added by an editor." in client.get("/articles/naloxone/").content


def test_search_pages_are_never_stored(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.cache import cache

    stored: list[str] = []
    real_set = cache.set

    def spy(key: str, *args: object, **kwargs: object) -> None:
        stored.append(key)
        real_set(key, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "set", spy)
    client.get("/search/?q=naloxone")
    client.get("/articles/naloxone/")
    assert not [k for k in stored if k.startswith("page:") and "/search/" in k]
    assert [k for k in stored if k.startswith("page:") and "/articles/naloxone/" in k]
