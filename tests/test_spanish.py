"""The Spanish site's pages (translation_views, translation_pages, translation_items):
Spanish pages, notices, redirects, error pages, the feed and sitemap, language
links and hreflang, and the interface catalog.

Out-of-date translations are tested in test_spanish_staleness.py, Spanish
search in test_spanish_search.py. They run on the small fixture tree and its
Spanish translations (`spanish_site`); the readability of the real Spanish
text is checked in tests/corpus/test_spanish_corpus.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import translation
from django.utils.translation.template import templatize

from pathways.models import Article, Status, Translation
from tests.spanish_helpers import ARTICLE, OVERDOSE_PAGE, first_translated, spanish

pytest_plugins = ["tests.spanish_helpers"]  # spanish_site
pytestmark = pytest.mark.usefixtures("spanish_site")
ROOT = Path(settings.BASE_DIR)


def client() -> Client:
    return Client()


# -- Pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/es/", "/es/camino/", "/es/glosario/", "/es/acerca/", "/es/buscar/"]
)
def test_spanish_pages_are_spanish(path: str) -> None:
    response = client().get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert "Consiga ayuda ahora" in html  # the Spanish crisis box
    assert "oprima 2" in html and "988lineadevida.org" in html
    assert 'href="tel:+18006624357"' in html
    assert 'class="language-link" href="' in html and ">English<" in html
    assert response.cookies == {} or not response.cookies


def test_spanish_article_page_says_it_is_a_translation() -> None:
    tr = spanish("article", ARTICLE)
    response = client().get(f"/es/articulos/{tr.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{tr.title}</h1>" in html
    assert "Esta página es una traducción" in html
    assert "no ha tenido revisión clínica" in html
    assert f'href="/articles/{ARTICLE}/"' in html
    # The included overdose steps are the Spanish ones, not the English.
    steps = client().get(f"/es/articulos/{spanish('article', OVERDOSE_PAGE).slug}/")
    assert "Revise a la persona" in steps.content.decode()
    assert "Check them." not in steps.content.decode()


def test_a_stage_and_a_substance_in_spanish() -> None:
    for kind, prefix in (("stage", "/es/camino/"), ("substance", "/es/sustancias/")):
        tr = first_translated(kind)
        assert tr is not None, kind
        response = client().get(f"{prefix}{tr.slug}/")
        assert response.status_code == 200, (kind, tr.slug)
        assert '<html lang="es">' in response.content.decode()


def test_the_english_slug_of_a_translated_page_redirects_to_the_spanish_one() -> None:
    tr = spanish("article", ARTICLE)
    response = client().get(f"/es/articulos/{ARTICLE}/")
    assert response.status_code == 301
    assert response["Location"] == f"/es/articulos/{tr.slug}/"


def test_an_untranslated_page_gets_a_spanish_notice_never_a_404() -> None:
    tr = spanish("article", ARTICLE)
    Translation.objects.filter(pk=tr.pk).update(status=Status.DRAFT)
    response = client().get(f"/es/articulos/{ARTICLE}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Esta página aún no está traducida" in html
    assert f'href="/articles/{ARTICLE}/"' in html
    assert 'lang="en"' in html
    assert Article.objects.get(slug=ARTICLE).body_html not in html


def test_spanish_404_429_and_500() -> None:
    missing = client().get("/es/no-existe/")
    assert missing.status_code == 404
    assert "No encontramos esa página" in missing.content.decode()
    with override_settings(SEARCH_RATE_LIMIT=1):
        c = client()
        c.get("/es/buscar/?q=naloxona")
        limited = c.get("/es/buscar/?q=naloxona")
    assert limited.status_code == 429
    assert "Espere un momento" in limited.content.decode()
    assert "Consiga ayuda ahora" in limited.content.decode()
    from django.test import RequestFactory

    from pathways.views import server_error

    with translation.override("es"):
        error = server_error(RequestFactory().get("/es/"))
    assert error.status_code == 500
    assert "Algo salió mal" in error.content.decode()


def test_spanish_feed_and_sitemap() -> None:
    feed = client().get("/es/novedades/")
    assert feed.status_code == 200
    assert "/es/articulos/" in feed.content.decode()
    sitemap = client().get("/sitemap.xml").content.decode()
    tr = spanish("article", ARTICLE)
    assert f"/es/articulos/{tr.slug}/" in sitemap
    assert 'hreflang="es"' in sitemap and 'hreflang="en-us"' in sitemap


def test_hreflang_pairs_both_ways() -> None:
    tr = spanish("article", ARTICLE)
    english = client().get(f"/articles/{ARTICLE}/").content.decode()
    here = client().get(f"/es/articulos/{tr.slug}/").content.decode()
    es_link = f'hreflang="es" href="http://testserver/es/articulos/{tr.slug}/"'
    en_link = f'hreflang="en" href="http://testserver/articles/{ARTICLE}/"'
    default = f'hreflang="x-default" href="http://testserver/articles/{ARTICLE}/"'
    for html in (english, here):
        assert es_link in html and en_link in html and default in html
    assert f'class="language-link" href="/es/articulos/{tr.slug}/"' in english
    assert f'class="language-link" href="/articles/{ARTICLE}/"' in here
    assert '<html lang="en">' in english


def test_no_cookie_and_no_language_negotiation() -> None:
    response = client().get("/es/", HTTP_ACCEPT_LANGUAGE="es")
    assert not response.cookies
    english = client().get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="en">' in english.content.decode()
    assert not english.cookies


# -- Interface strings ------------------------------------------------


def template_msgids() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "templates").rglob("*.html"):
        if "admin" in path.parts:
            continue
        text = templatize(path.read_text(encoding="utf-8"))
        for match in re.finditer(r"n?gettext\((u'(?:[^'\\]|\\.)*')", text):
            found.add(ast.literal_eval(match.group(1)))
    return found


def test_every_template_string_is_in_the_spanish_catalog() -> None:
    catalog = polib.pofile(str(ROOT / "locale/es/LC_MESSAGES/django.po"))
    translated = {e.msgid for e in catalog if e.msgstr or any(e.msgstr_plural.values())}
    missing = sorted(template_msgids() - translated)
    assert missing == [], "run makemessages -l es and translate: " + repr(missing[:5])


def test_the_catalog_is_compiled_by_the_build() -> None:
    assert (ROOT / "locale/es/LC_MESSAGES/django.mo").exists()
    with translation.override("es"):
        assert translation.gettext("Search") == "Buscar"
