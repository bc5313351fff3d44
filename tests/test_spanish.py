"""The Spanish site: pages, language links, stale translations, the loader, search, catalog."""

from __future__ import annotations

import ast
import re
import shutil
import statistics
from pathlib import Path

import polib
import pytest
import textstat
from django.conf import settings
from django.forms import modelform_factory
from django.test import Client, override_settings
from django.utils import translation
from django.utils.translation.template import templatize

from pathways.content.loading import load_content
from pathways.editing import Before, after_save
from pathways.models import Article, Block, Status, Translation
from pathways.rendering import plain_text
from pathways.translation_admin import STEPS_REFUSAL, BlockForm
from pathways.translation_search import search as es_search
from pathways.translations import english_hash, stale_translations

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def client() -> Client:
    return Client()


def spanish(kind: str, english_slug: str) -> Translation:
    return Translation.objects.get(language="es", kind=kind, english_slug=english_slug)


def first_translated(kind: str) -> Translation | None:
    return Translation.objects.filter(language="es", kind=kind, status=Status.PUBLISHED).first()


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
    tr = spanish("article", "naloxone")
    response = client().get(f"/es/articulos/{tr.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{tr.title}</h1>" in html
    assert "Esta página es una traducción" in html
    assert "no ha tenido revisión clínica" in html
    assert 'href="/articles/naloxone/"' in html
    # The included overdose steps are the Spanish ones, not the English.
    steps = client().get(f"/es/articulos/{spanish('article', 'overdose-response').slug}/")
    assert "Revise a la persona" in steps.content.decode()
    assert "Check them." not in steps.content.decode()


def test_a_stage_and_a_substance_in_spanish() -> None:
    for kind, prefix in (("stage", "/es/camino/"), ("substance", "/es/sustancias/")):
        tr = first_translated(kind)
        if tr is None:
            continue
        response = client().get(f"{prefix}{tr.slug}/")
        assert response.status_code == 200, (kind, tr.slug)
        assert '<html lang="es">' in response.content.decode()


def test_the_english_slug_of_a_translated_page_redirects_to_the_spanish_one() -> None:
    tr = spanish("article", "naloxone")
    response = client().get("/es/articulos/naloxone/")
    assert response.status_code == 301
    assert response["Location"] == f"/es/articulos/{tr.slug}/"


def test_an_untranslated_page_gets_a_spanish_notice_never_a_404() -> None:
    tr = spanish("article", "naloxone")
    Translation.objects.filter(pk=tr.pk).update(status=Status.DRAFT)
    response = client().get("/es/articulos/naloxone/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Esta página aún no está traducida" in html
    assert 'href="/articles/naloxone/"' in html
    assert 'lang="en"' in html
    assert Article.objects.get(slug="naloxone").body_html not in html


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
    tr = spanish("article", "naloxone")
    assert f"/es/articulos/{tr.slug}/" in sitemap
    assert 'hreflang="es"' in sitemap and 'hreflang="en-us"' in sitemap


def test_hreflang_pairs_both_ways() -> None:
    tr = spanish("article", "naloxone")
    english = client().get("/articles/naloxone/").content.decode()
    here = client().get(f"/es/articulos/{tr.slug}/").content.decode()
    es_link = f'hreflang="es" href="http://testserver/es/articulos/{tr.slug}/"'
    en_link = 'hreflang="en" href="http://testserver/articles/naloxone/"'
    default = 'hreflang="x-default" href="http://testserver/articles/naloxone/"'
    for html in (english, here):
        assert es_link in html and en_link in html and default in html
    assert f'class="language-link" href="/es/articulos/{tr.slug}/"' in english
    assert 'class="language-link" href="/articles/naloxone/"' in here
    assert '<html lang="en">' in english


def test_no_cookie_and_no_language_negotiation() -> None:
    response = client().get("/es/", HTTP_ACCEPT_LANGUAGE="es")
    assert not response.cookies
    english = client().get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="en">' in english.content.decode()
    assert not english.cookies


# -- Out of date -------------------------------------------------------------------


def test_an_english_change_in_the_admin_marks_the_spanish_page_out_of_date() -> None:
    tr = spanish("article", "naloxone")
    article = Article.objects.get(slug="naloxone")
    Translation.objects.filter(pk=tr.pk).update(source_hash=english_hash(article))
    before = client().get(f"/es/articulos/{tr.slug}/").content.decode()
    assert "La página en inglés cambió" not in before
    old = Before.of(article)
    article.body += "\nA new sentence in English.\n"
    article.save()
    after_save(article, old)
    html = client().get(f"/es/articulos/{tr.slug}/").content.decode()
    assert "La página en inglés cambió" in html
    assert 'href="/articles/naloxone/"' in html
    assert any(s.translation.pk == tr.pk for s in stale_translations())
    from pathways.admin_views import attention_lists

    rows = attention_lists()["translations_out_of_date"]
    row = next(r for r in rows if r["translation"].pk == tr.pk)
    assert row["diff"] is not None and "A new sentence in English." in str(row["diff"])


def copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, root)
    return root


def test_the_loader_reports_an_out_of_date_translation(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    path = root / "articles" / "naloxone.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nOne more English sentence.\n", encoding="utf-8")
    report = load_content(root, dry_run=True)
    assert report.errors == []
    notices = [str(w) for w in report.warnings if "translation out of date" in str(w)]
    assert any("naloxone" in n for n in notices)


def test_english_overdose_steps_changed_alone_is_a_loader_error(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    path = root / "blocks" / "overdose-steps.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Shout their name.", "Shout their name loudly."), "utf-8")
    report = load_content(root, dry_run=True)
    errors = [str(e) for e in report.errors]
    assert any("es/blocks/overdose-steps.md" in e and "overdose steps" in e for e in errors)


def test_the_admin_refuses_english_steps_without_the_spanish() -> None:
    block = Block.objects.get(slug="overdose-steps")
    spanish_steps = spanish("block", "overdose-steps")
    data = {
        "title": block.title,
        "slug": block.slug,
        "status": block.status,
        "body": block.body.replace("Shout their name.", "Shout their name loudly."),
        "updated": block.updated,
        "review_due": block.review_due,
        "loaded_version": block.version,
        "spanish_body": spanish_steps.body,
    }
    form_class = modelform_factory(
        Block, form=BlockForm, fields=["title", "slug", "status", "body", "updated", "review_due"]
    )
    form = form_class(data=data, instance=block)
    assert not form.is_valid()
    assert STEPS_REFUSAL in str(form.errors)
    data["spanish_body"] = spanish_steps.body.replace("Grite su nombre.", "Grite fuerte su nombre.")
    form = form_class(data=data, instance=block)
    assert form.is_valid(), form.errors
    form.save()
    spanish_steps.refresh_from_db()
    assert "Grite fuerte su nombre." in spanish_steps.body
    block.refresh_from_db()
    assert spanish_steps.source_hash == english_hash(block)


# -- Search ------------------------------------------------------------------------


def urls(query: str) -> list[str]:
    return [r.url for r in es_search(query).results]


def test_spanish_search_ignores_accents_and_stems() -> None:
    overdose = spanish("article", "overdose-response").get_absolute_url()
    naloxone = spanish("article", "naloxone").get_absolute_url()
    assert overdose in urls("sobredósis")[:3]
    assert overdose in urls("SOBREDOSIS")[:3]
    assert naloxone in urls("naloxona")[:3]
    assert naloxone in urls("Naloxóna")[:3]
    assert urls("medicamento") and set(urls("medicamento")) & set(urls("medicamentos"))


def test_spanish_synonyms_and_crisis_pins() -> None:
    withdrawal = [u for u in urls("malilla") if "abstinencia" in u]
    assert withdrawal, urls("malilla")
    overdose = spanish("article", "overdose-response").get_absolute_url()
    assert urls("no respira")[0] == overdose
    assert es_search("no respira").crisis
    suicide = Translation.objects.filter(
        kind="article", english_slug="suicide-risk-and-988"
    ).first()
    if suicide is not None:
        assert urls("suicidio")[0] == suicide.get_absolute_url()


def test_spanish_search_corrects_spelling_and_never_fails() -> None:
    results = es_search("naloxna")
    assert results.results
    assert client().get("/es/buscar/?q=%00%ff' OR 1=1 --").status_code == 200
    assert client().get("/es/buscar/?q=" + "á" * 500).status_code == 200


def test_english_search_is_not_spanish() -> None:
    from pathways.search import search

    assert all(not r.url.startswith("/es/") for r in search("naloxona").results)


# -- Interface strings and readability ------------------------------------------------


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


def test_spanish_readability() -> None:
    textstat.set_lang("es")
    scores = {}
    for tr in Translation.objects.filter(
        language="es", status=Status.PUBLISHED, kind__in=["article", "stage", "substance"]
    ):
        scores[tr.slug] = textstat.fernandez_huerta(plain_text(tr.body_html))
    textstat.set_lang("en_US")
    assert scores
    low = {slug: round(s) for slug, s in scores.items() if s < 60}
    assert statistics.mean(scores.values()) >= 70, statistics.mean(scores.values())
    assert low == {}


def test_a_translation_is_edited_in_the_admin_beside_its_english(admin_client: Client) -> None:
    tr = spanish("article", "naloxone")
    page = admin_client.get(f"/admin/pathways/translation/{tr.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "English text (as it is now)" in html
    assert "markdownx" in html
    attention = admin_client.get("/admin/attention/")
    assert attention.status_code == 200 and "Translation out of date" in attention.content.decode()
